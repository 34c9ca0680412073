// ParseEventRecordXml: the System, EventData and RenderingInfo parts of
// one event's XML.
#include <charconv>

#include "collectors/simple_xml.h"
#include "collectors/windows/event_log.h"
#include "common/time_util.h"

namespace surveyor::collectors::windows {
namespace {

std::unexpected<ParseError> Bad(std::string reason) {
  return std::unexpected(ParseError{0, 0, std::move(reason)});
}

// "Event" or "ns:Event".
bool IsNamed(const XmlElement& e, std::string_view local) {
  std::string_view n = e.name;
  if (auto colon = n.find(':'); colon != std::string_view::npos) {
    n.remove_prefix(colon + 1);
  }
  return n == local;
}

}  // namespace

std::expected<EventRecord, ParseError> ParseEventRecordXml(
    std::string_view xml) {
  auto doc = ParseXml(xml);
  if (!doc) return std::unexpected(doc.error());
  if (!IsNamed(*doc, "Event")) {
    return Bad("root element is <" + doc->name + ">, not <Event>");
  }
  const XmlElement* system = doc->Child("System");
  if (system == nullptr) return Bad("no <System> element");
  EventRecord r;
  if (const XmlElement* p = system->Child("Provider")) {
    r.provider = std::string(p->Attribute("Name"));
  }
  r.channel = std::string(system->ChildText("Channel"));

  std::string_view id = system->ChildText("EventID");
  auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), r.event_id);
  if (id.empty() || ec != std::errc() || p != id.data() + id.size()) {
    return Bad("bad EventID '" + std::string(id) + "'");
  }
  std::string_view level = system->ChildText("Level");
  unsigned lv = 0;
  auto [lp, lec] =
      std::from_chars(level.data(), level.data() + level.size(), lv);
  if (!level.empty() &&
      (lec != std::errc() || lp != level.data() + level.size() || lv > 255)) {
    return Bad("bad Level '" + std::string(level) + "'");
  }
  r.level = static_cast<EventLevel>(lv);

  const XmlElement* created = system->Child("TimeCreated");
  if (created == nullptr) return Bad("no <TimeCreated> element");
  std::string_view when = created->Attribute("SystemTime");
  auto t = common::ParseRfc3339(when);
  if (!t) return Bad("bad TimeCreated '" + std::string(when) + "'");
  r.time_created = *t;

  if (const XmlElement* info = doc->Child("RenderingInfo");
      info != nullptr && !info->ChildText("Message").empty()) {
    r.message = std::string(info->ChildText("Message"));
  } else if (const XmlElement* data = doc->Child("EventData")) {
    for (const XmlElement* d : data->Children("Data")) {
      if (d->text.empty()) continue;
      if (!r.message.empty()) r.message += '\n';
      r.message += d->text;
    }
  }
  return r;
}

}  // namespace surveyor::collectors::windows
