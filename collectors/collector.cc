#include "collectors/collector.h"

#include <string>

#include "common/logging.h"

namespace surveyor::collectors {

void AddSectionError(v1::Section& section, std::string_view source,
                     std::string_view reason, std::uint64_t line,
                     std::uint64_t offset) {
  auto* e = section.add_errors();
  e->set_collector(section.collector());
  e->set_source(std::string(source));
  e->set_reason(std::string(reason));
  e->set_line(line);
  e->set_offset(offset);
  common::Logger("collect")->warn("{}: {}{}: {}", section.collector(), source,
                                  line ? ":" + std::to_string(line) : "",
                                  reason);
}

}  // namespace surveyor::collectors
