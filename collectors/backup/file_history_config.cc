#include "collectors/backup/file_history_config.h"

#include <charconv>

#include "collectors/simple_xml.h"

namespace surveyor::collectors::backup {

std::expected<FileHistoryConfig, ParseError> ParseFileHistoryConfig(
    std::string_view xml) {
  auto doc = ParseXml(xml);
  if (!doc) return std::unexpected(doc.error());
  if (doc->name != "DataProtectionUserConfig") {
    return std::unexpected(ParseError{
        0, 0,
        "root element is <" + doc->name + ">, not <DataProtectionUserConfig>"});
  }
  FileHistoryConfig c;
  c.user_name = std::string(doc->ChildText("UserName"));
  c.pc_name = std::string(doc->ChildText("PCName"));
  c.status = std::string(doc->ChildText("DPStatus"));
  if (std::string_view f = doc->ChildText("DPFrequency"); !f.empty()) {
    auto [p, ec] =
        std::from_chars(f.data(), f.data() + f.size(), c.frequency_seconds);
    if (ec != std::errc() || p != f.data() + f.size()) {
      return std::unexpected(ParseError{
          0, 0, "DPFrequency '" + std::string(f) + "' is not a number"});
    }
  }
  if (const XmlElement* t = doc->Child("Target")) {
    c.target_name = std::string(t->ChildText("TargetName"));
    c.target_url = std::string(t->ChildText("TargetUrl"));
    c.target_drive_type = std::string(t->ChildText("TargetDriveType"));
  }
  return c;
}

std::optional<std::int64_t> FileTimeToUnix(std::uint64_t filetime) {
  constexpr std::uint64_t kTicksPerSecond = 10'000'000;
  constexpr std::uint64_t kEpochOffset = 11'644'473'600;  // 1601 to 1970.
  const std::uint64_t seconds = filetime / kTicksPerSecond;
  if (filetime == 0 || seconds <= kEpochOffset) return std::nullopt;
  return static_cast<std::int64_t>(seconds - kEpochOffset);
}

}  // namespace surveyor::collectors::backup
