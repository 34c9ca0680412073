// surveyor-server store copy: moves an embedded SQLite store into
// PostgreSQL.
#include <cstdio>

#include "common/logging.h"
#include "service/cli.h"
#include "service/store/store_copy.h"

namespace surveyor::service {

void AddStoreCommands(cli::Program& p) {
  p.Add({"store copy",
         "--from sqlite:DIR --to postgresql://...",
         "Copy a SQLite store into an empty PostgreSQL database.",
         "Copies every table (tenants, enrollment secrets' and tokens' hashes, "
         "hosts, snapshots, the software history, products, findings, "
         "policies) in one PostgreSQL transaction, keeping ids so agents, "
         "tokens and finding links keep working, then compares row counts "
         "table by table. Stop the server that writes the SQLite store first. "
         "The target must hold no tenants or hosts.\n",
         [](cli::po::options_description& o) {
           o.add_options()("from",
                           cli::po::value<std::string>()->value_name("URL"),
                           "The SQLite store: sqlite:DIR or DIR.")(
               "to", cli::po::value<std::string>()->value_name("URL"),
               "The PostgreSQL store: postgresql://USER@HOST:PORT/DB.")(
               "store-password-file",
               cli::po::value<std::string>()->value_name("FILE"),
               "A file whose first line is the PostgreSQL password (libpq's "
               "PGPASSFILE works too).");
         },
         {},
         0,
         0,
         [](const cli::Invocation& in) {
           common::InitLogging(in.Flag("verbose"));
           if (!in.Has("from") || !in.Has("to")) {
             return Fail("store copy needs --from and --to");
           }
           std::string from = in.Get("from");
           if (from.starts_with("sqlite:")) from = from.substr(7);
           if (from.starts_with("//")) from = from.substr(2);
           if (from.empty() || from.find("://") != std::string::npos) {
             return Fail("--from must be sqlite:DIR or a directory");
           }
           StoreOptions options;
           options.password_file = in.Get("store-password-file");
           auto report = CopySqliteToPostgres(
               from, in.Get("to"), options,
               [](const std::string& table, std::int64_t rows) {
                 std::fprintf(stderr, "  %s: %lld rows\n", table.c_str(),
                              static_cast<long long>(rows));
               });
           if (!report) return Fail("store copy: " + report.error().message);
           std::printf("%-16s %12s %12s\n", "TABLE", "SQLITE", "POSTGRESQL");
           for (const auto& t : *report) {
             std::printf("%-16s %12lld %12lld\n", t.table.c_str(),
                         static_cast<long long>(t.source_rows),
                         static_cast<long long>(t.target_rows));
           }
           std::printf(
               "copied and verified: every table's row count matches\n");
           return 0;
         }});
}

}  // namespace surveyor::service
