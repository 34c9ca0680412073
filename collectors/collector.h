// The Collector interface: one collector fills one section of a Snapshot.
//
// A collector is a thin probe around pure parsers: it reads files through the
// HostView in its CollectContext, hands the bytes to parsers that never do
// I/O, and writes the result into the section's payload. It never throws and
// is never silent: a source it cannot read completely becomes a SectionError
// (collector, file or command, line or offset, reason) and the rest of the
// section is still filled. A source that is simply absent (no rpm database on
// Debian) is not an error.
//
// Collectors are listed explicitly in collectors/builtin.cc. A collector
// object may be reused for many runs but is used by one thread at a time.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

#include "collectors/command_runner.h"
#include "collectors/host_view.h"
#include "surveyor/v1/agent_config.pb.h"
#include "surveyor/v1/snapshot.pb.h"

namespace surveyor::collectors {
namespace saas {
class HttpClientFactory;
}

// What a collector may use. Owned by the caller; outlives Collect().
struct CollectContext {
  // All file access.
  const HostView& host;
  // Wall-clock time of this collection run (use instead of reading a clock).
  std::chrono::system_clock::time_point now;
  // The agent's configuration.
  const v1::AgentConfig& config = v1::AgentConfig::default_instance();
  // Runs external programs; null when the host view is not the live machine
  // (a command would inspect the machine running the agent, not the root).
  CommandRunner* commands = nullptr;
  // HTTP clients for the SaaS connectors (vendor APIs, not the machine:
  // given whatever the root); null when they must not run.
  saas::HttpClientFactory* saas = nullptr;
  // The last section a collector produced that the agent still holds
  // (its delta base), or nullopt; may be empty. The SaaS collector carries
  // over the results of connectors that are not due.
  std::function<std::optional<v1::Section>(std::string_view collector)>
      last_section = nullptr;
};

class Collector {
 public:
  virtual ~Collector() = default;

  // Stable name, used as Section.collector and in `--only`.
  virtual std::string_view name() const = 0;

  // Fills the payload of `section` and appends to its errors.
  virtual void Collect(const CollectContext& ctx, v1::Section& section) = 0;
};

// Appends an error to `section`.
void AddSectionError(v1::Section& section, std::string_view source,
                     std::string_view reason, std::uint64_t line = 0,
                     std::uint64_t offset = 0);

}  // namespace surveyor::collectors
