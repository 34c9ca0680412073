// surveyor-server: the multi-tenant aggregator and its administration CLI.
// The commands are registered in serve_command.cc, admin_commands.cc and
// findings_commands.cc; common/cli.h parses every one of them.
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

}  // namespace

int main(int argc, char** argv) {
  using namespace surveyor;
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
