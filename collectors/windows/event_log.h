// The Windows event log as the collectors read it: the newest records of one
// log that match an XPath filter, each as its XML rendering (the Event
// schema, learn.microsoft.com "Event Schema"), and the parser of that XML.
// The live log through wevtapi (event_log_win32.cc, Windows only);
// tests/fakes/fake_event_log.h in tests, since Wine's wevtapi does not
// implement queries.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"
#include "common/error.h"

namespace surveyor::collectors::windows {

class EventLog {
 public:
  virtual ~EventLog() = default;

  // The newest records (at most `max`, newest first) of the log `channel`
  // matching `xpath` ("*[System[(EventID=190)]]"), each as UTF-8 event XML
  // with the RenderingInfo element (the formatted message) when the
  // publisher's message file can be read. kNotFound when the log does not
  // exist; kPermissionDenied or kIo otherwise, naming the log.
  virtual std::expected<std::vector<std::string>, common::Error> Newest(
      std::string_view channel, std::string_view xpath, std::size_t max) = 0;
};

// Event levels (System/Level), as winmeta.xml defines them.
enum class EventLevel : std::uint8_t {
  kLogAlways = 0,
  kCritical = 1,
  kError = 2,
  kWarning = 3,
  kInformation = 4,
  kVerbose = 5,
};

// What the collectors read from one record.
struct EventRecord {
  std::string provider;  // System/Provider/@Name
  std::string channel;   // System/Channel
  std::uint32_t event_id = 0;
  EventLevel level = EventLevel::kLogAlways;
  std::int64_t time_created = 0;  // Seconds since the epoch (UTC).
  // RenderingInfo/Message when present, else the EventData/Data strings
  // joined by newlines (what a classic .NET EventLog.WriteEntry record
  // holds: its message).
  std::string message;
};

// One record's XML. ParseError for malformed XML, a root that is not
// <Event>, or a missing or bad EventID or TimeCreated.
std::expected<EventRecord, ParseError> ParseEventRecordXml(
    std::string_view xml);

// This machine's event log (Windows builds only).
std::unique_ptr<EventLog> NewSystemEventLog();

}  // namespace surveyor::collectors::windows
