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
  // Sources and reasons carry outside text (file names, tool output,
  // vendor error messages): escaped before they reach the log.
  common::Logger("section")->warn(
      "{}: {}{}: {}", section.collector(), common::Printable(source),
      line ? ":" + std::to_string(line) : "", common::Printable(reason, 1000));
}

}  // namespace surveyor::collectors
