// surveyor-server: the multi-tenant aggregator and its administration CLI.
// The commands are registered in serve_command.cc, admin_commands.cc and
// findings_commands.cc; common/cli.h parses every one of them.
#include <google/protobuf/stubs/logging.h>

#include <cstdio>

#include "common/logging.h"
#include "service/cli.h"

namespace {

constexpr const char* kOverview =
    R"(Surveyor's aggregator: enrolls agents per tenant, stores their snapshots with
history, flags tool overlap, shadow IT and control gaps, and serves the JSON
read API. Secrets, node keys and tokens are printed once and stored only as
hashes.
)";

// libprotobuf logs what it finds wrong in the bytes it parses (invalid
// UTF-8 in a string field: one line per request). Those bytes come from the
// network, already answered with 400; a flood of them must not flood the
// log. Only its own fatal errors get through.
void ProtobufLog(google::protobuf::LogLevel level, const char* file, int line,
                 const std::string& message) {
  if (level < google::protobuf::LOGLEVEL_FATAL) return;
  surveyor::common::Logger("protobuf")
      ->critical("{}:{}: {}", file, line,
                 surveyor::common::Printable(message, 500));
}

}  // namespace

int main(int argc, char** argv) {
  using namespace surveyor;
  google::protobuf::SetLogHandler(&ProtobufLog);
  common::cli::Program program(
      "surveyor-server", kOverview,
      [](common::cli::po::options_description& o) {
        o.add_options()("verbose,v", "Debug logging on standard error.");
      });
  service::AddServeCommand(program);
  service::AddAdminCommands(program);
  service::AddFindingsCommands(program);
  service::AddStoreCommands(program);
  service::AddHostCommands(program);
  service::AddDigestCommands(program);
  service::AddEvidenceCommands(program);
  program.Add({"version",
               "",
               "Print the version.",
               "",
               {},
               {},
               0,
               0,
               [](const common::cli::Invocation&) {
                 std::printf("surveyor-server %s\n", SURVEYOR_VERSION);
                 return 0;
               }});
  return program.Main(argc, argv);
}
