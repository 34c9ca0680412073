// libFuzzer target: the small XML reader, and the two readers over it that
// take what any local user can write (File History's Config1.xml in their
// profile; an event record's text, which any program can log), must never
// crash, hang or read out of bounds, and must keep their invariants.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "collectors/backup/file_history_config.h"
#include "collectors/simple_xml.h"
#include "collectors/windows/event_log.h"

namespace {

void Check(const surveyor::collectors::XmlElement& e, int depth) {
  if (depth > 64 || e.name.empty()) std::abort();
  if (!e.text.empty() && (e.text.front() == ' ' || e.text.back() == ' ')) {
    std::abort();  // Trimmed.
  }
  for (const auto& c : e.children) Check(c, depth + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto doc = surveyor::collectors::ParseXml(bytes);
  if (!doc) {
    if (doc.error().reason.empty()) std::abort();
    if (!bytes.starts_with("\xFF\xFE") && doc.error().offset > size) {
      std::abort();
    }
  } else {
    Check(*doc, 1);
  }
  (void)surveyor::collectors::backup::ParseFileHistoryConfig(bytes);
  auto record = surveyor::collectors::windows::ParseEventRecordXml(bytes);
  if (!record && record.error().reason.empty()) std::abort();
  if (record && !doc) std::abort();
  return 0;
}
