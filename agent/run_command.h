// `surveyor-agent run` (the daemon, or one cycle with --once) and
// `surveyor-agent status`.
#pragma once

#include <span>
#include <string_view>

namespace surveyor::agent {

int RunAgent(std::span<const std::string_view> args);
int RunStatus(std::span<const std::string_view> args);

}  // namespace surveyor::agent
