// What differs in the Windows agent's configuration: it lives under
// %ProgramData%, and the SaaS connectors are refused (they run on a Linux
// agent: vendor API calls need no particular machine, and their transport
// is libcurl's).
#include <shlobj.h>
#include <windows.h>

#include "agent/agent_config.h"
#include "common/win32_text.h"

namespace surveyor::agent {

std::expected<void, common::Error> CheckSaasConnectors(
    const v1::AgentConfig& config, std::string_view path) {
  if (config.saas_connectors_size() == 0) return {};
  return common::Fail(common::ErrorCode::kInvalidArgument,
                      std::string(path) +
                          ": saas_connectors: the SaaS connectors run on a "
                          "Linux agent; configure them there");
}

std::string DefaultStateDir() {
  PWSTR folder = nullptr;
  std::string base = "C:\\ProgramData";
  if (SHGetKnownFolderPath(FOLDERID_ProgramData, 0, nullptr, &folder) == S_OK) {
    base = common::Narrow(folder);
  }
  CoTaskMemFree(folder);
  return base + "\\Surveyor";
}

std::string DefaultConfigPath() {
  return DefaultStateDir() + "\\agent.textproto";
}

}  // namespace surveyor::agent
