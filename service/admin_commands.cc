// surveyor-server tenant add|list|rotate-secret and token add.
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <ctime>
#include <functional>

#include "common/logging.h"
#include "service/app/json_views.h"
#include "service/cli.h"

namespace surveyor::service {
namespace {

// Runs `body` with an opened session (no catalog needed).
int WithSession(const cli::Invocation& in,
                const std::function<int(Session&)>& body) {
  common::InitLogging(in.Flag("verbose"));
  auto s = OpenSession(in, /*with_catalog=*/false);
  if (!s) return Fail(s.error());
  return body(*s);
}

}  // namespace

void AddAdminCommands(cli::Program& p) {
  p.Add({"tenant add",
         "NAME",
         "Create a tenant; prints its enrollment secret.",
         "The secret is shown once; agents of the tenant enroll with it.\n",
         AddStoreOptions,
         {"NAME"},
         1,
         1,
         [](const cli::Invocation& in) {
           return WithSession(in, [&](Session& s) {
             auto secret = s.app->accounts().AddTenant(in.args[0], Now());
             if (!secret) return Fail(secret.error().message);
             std::printf(
                 "tenant %s created\nenrollment secret (shown once): %s\n",
                 in.args[0].c_str(), secret->c_str());
             return 0;
           });
         }});
  p.Add(
      {"tenant list",
       "",
       "List tenants with their host counts.",
       "",
       [](cli::po::options_description& o) {
         AddStoreOptions(o);
         o.add_options()("format",
                         cli::po::value<std::string>()->default_value("table"),
                         "table or json.");
       },
       {},
       0,
       0,
       [](const cli::Invocation& in) {
         std::string format = in.Get("format");
         if (format != "table" && format != "json") {
           return Fail("--format must be table or json, not '" + format + "'");
         }
         return WithSession(in, [&](Session& s) {
           auto tenants = s.store->Tenants();
           if (!tenants) return Fail(tenants.error().message);
           if (format == "json") {
             std::printf("%s\n",
                         boost::json::serialize(TenantsJson(*tenants)).c_str());
             return 0;
           }
           std::printf("%-32s %6s  %s\n", "TENANT", "HOSTS", "CREATED");
           for (const auto& t : *tenants) {
             char when[32];
             std::time_t created = static_cast<std::time_t>(t.created_at);
             std::tm tm{};
             ::gmtime_r(&created, &tm);
             std::strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
             std::printf("%-32s %6lld  %s\n", common::Printable(t.name).c_str(),
                         static_cast<long long>(t.hosts), when);
           }
           return 0;
         });
       }});
  p.Add({"tenant rotate-secret",
         "NAME",
         "Replace a tenant's enrollment secret.",
         "Enrolled hosts keep working; only new enrollments need the new "
         "secret.\n",
         AddStoreOptions,
         {"NAME"},
         1,
         1,
         [](const cli::Invocation& in) {
           return WithSession(in, [&](Session& s) {
             auto secret = s.app->accounts().RotateSecret(in.args[0], Now());
             if (!secret) return Fail(secret.error().message);
             std::printf(
                 "new enrollment secret for %s (shown once; the old one no "
                 "longer enrolls): %s\n",
                 in.args[0].c_str(), secret->c_str());
             return 0;
           });
         }});
  p.Add({"token add",
         "--tenant NAME | --admin",
         "An API token: read-only for one tenant, or across all tenants.",
         "",
         [](cli::po::options_description& o) {
           AddStoreOptions(o);
           o.add_options()("tenant",
                           cli::po::value<std::string>()->value_name("NAME"),
                           "A read-only token for this tenant.")(
               "admin", "A token across all tenants (may change policies).");
         },
         {},
         0,
         0,
         [](const cli::Invocation& in) {
           if (in.Flag("admin") == in.Has("tenant")) {
             return Fail(
                 "token add needs exactly one of --tenant NAME or --admin");
           }
           return WithSession(in, [&](Session& s) {
             std::string tenant = in.Get("tenant");
             auto token = s.app->accounts().AddToken(tenant, Now());
             if (!token) return Fail(token.error().message);
             std::printf(
                 "%s token (shown once): %s\n",
                 tenant.empty() ? "admin" : ("read-only " + tenant).c_str(),
                 token->c_str());
             return 0;
           });
         }});
}

}  // namespace surveyor::service
