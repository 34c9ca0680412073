#include "collectors/backup/windows_backup_probe.h"

#include "collectors/backup/backup_parsers.h"
#include "collectors/backup/backup_status.h"
#include "collectors/backup/file_history.h"
#include "collectors/backup/veeam_agent_windows.h"
#include "collectors/text_util.h"
#include "common/printable.h"

namespace surveyor::collectors::backup {

std::expected<std::optional<v1::BackupJob>, common::Error>
ReadWindowsServerBackup(CommandRunner& runner, const std::string& wbadmin,
                        std::chrono::system_clock::time_point now,
                        std::chrono::seconds default_interval) {
  const std::string source = wbadmin + " get versions";
  auto run = runner.Run({wbadmin, "get", "versions"}, {});
  if (!run) {
    if (run.error().code == common::ErrorCode::kNotFound) return std::nullopt;
    return std::unexpected(run.error().Wrap(source));
  }
  v1::BackupJob job;
  job.set_job_id("wbadmin");
  if (auto parsed = ParseWbadminVersions(run->out, job); !parsed) {
    return common::Fail(common::ErrorCode::kParse,
                        source + ":" + std::to_string(parsed.error().line) +
                            ": " + parsed.error().reason);
  }
  JudgeBackup(job, now, default_interval, /*read_ok=*/true);
  return job;
}

}  // namespace surveyor::collectors::backup

namespace surveyor::collectors::backup {
namespace {

constexpr std::string_view kFhsvcConfigs =
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\fhsvc\\"
    "Parameters\\Configs";
constexpr std::string_view kFileHistoryPolicy =
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\FileHistory";
constexpr std::string_view kProfileList =
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\"
    "ProfileList";
constexpr std::size_t kMaxEvents = 200;

// "C:\Users\A\x.xml" -> "/Users/A/x.xml" when on `drive`; nullopt for
// another drive or a share.
std::optional<std::string> ViewPath(std::string_view path,
                                    std::string_view drive) {
  if (path.size() < 3 || path[1] != ':' ||
      (path[2] != '\\' && path[2] != '/') ||
      !EqualsIgnoreCase(path.substr(0, 2), drive)) {
    return std::nullopt;
  }
  std::string out(path.substr(2));
  for (char& c : out) {
    if (c == '\\') c = '/';
  }
  return out;
}

// The SID whose profile folder holds `path`, or "".
std::string ProfileSid(const std::vector<RegistryKey>& profiles,
                       std::string_view path) {
  const std::string lower = AsciiLower(path);
  for (const RegistryKey& k : profiles) {
    std::string dir = AsciiLower(k.String("ProfileImagePath"));
    if (dir.empty()) continue;
    if (dir.back() != '\\') dir += '\\';
    if (lower.starts_with(dir)) {
      return k.path.substr(k.path.rfind('\\') + 1);
    }
  }
  return {};
}

// The user's ProtectedUpToTime (0 when absent); nullopt when the hive is not
// loaded or cannot be read.
std::optional<std::uint64_t> ProtectedUpTo(
    windows::RegistryView& registry, const std::vector<std::string>& loaded,
    const std::string& sid) {
  if (sid.empty()) return std::nullopt;
  bool is_loaded = false;
  for (const auto& s : loaded) is_loaded |= EqualsIgnoreCase(s, sid);
  if (!is_loaded) return std::nullopt;
  auto tree = registry.ReadTree(
      "HKEY_USERS\\" + sid +
          "\\Software\\Microsoft\\Windows\\CurrentVersion\\FileHistory",
      0);
  if (!tree) return std::nullopt;
  return tree->empty() ? 0 : tree->front().Number("ProtectedUpToTime", 0);
}

}  // namespace

std::expected<std::vector<v1::BackupJob>, common::Error> ReadFileHistory(
    windows::RegistryView& registry, const HostView& files,
    std::string_view system_drive, std::chrono::system_clock::time_point now,
    std::chrono::seconds default_interval, std::vector<std::string>& problems) {
  auto configs = registry.ReadTree(kFhsvcConfigs, 0);
  if (!configs) return std::unexpected(configs.error());
  std::vector<v1::BackupJob> jobs;
  if (configs->empty() || configs->front().values.empty()) return jobs;

  FileHistoryState base;
  if (auto policy = registry.ReadTree(kFileHistoryPolicy, 0);
      policy && !policy->empty()) {
    base.disabled_by_policy = policy->front().Number("Disabled", 0) == 1;
  }
  std::vector<RegistryKey> profiles;
  if (auto tree = registry.ReadTree(kProfileList, 1); tree) {
    profiles = std::move(*tree);
  }
  std::vector<std::string> loaded;
  if (auto users = registry.SubkeyNames("HKEY_USERS"); users) {
    loaded = std::move(*users);
  }

  for (const RegistryValue& v : configs->front().values) {
    const std::string file = v.name + "1.xml";
    const std::string shown = common::Printable(file);
    auto path = ViewPath(file, system_drive);
    if (!path) {
      problems.push_back(shown + ": not on the system drive " +
                         std::string(system_drive) + "; not read");
      continue;
    }
    auto text = files.ReadFile(*path, 1 << 20);
    if (!text) {
      problems.push_back(shown + ": " + text.error().message);
      continue;
    }
    auto config = ParseFileHistoryConfig(*text);
    if (!config) {
      problems.push_back(shown + ": at byte " +
                         std::to_string(config.error().offset) + ": " +
                         common::Printable(config.error().reason));
      continue;
    }
    FileHistoryState state = base;
    state.protected_up_to =
        ProtectedUpTo(registry, loaded, ProfileSid(profiles, v.name));
    jobs.push_back(FileHistoryJob(*config, state, now, default_interval));
  }
  return jobs;
}

std::expected<std::vector<v1::BackupJob>, common::Error>
ReadVeeamAgentForWindows(windows::RegistryView& registry,
                         windows::EventLog& events,
                         std::chrono::system_clock::time_point now,
                         std::chrono::seconds default_interval,
                         std::vector<std::string>& problems) {
  auto service = registry.ReadTree(kVeeamAgentService, 0);
  if (!service) return std::unexpected(service.error());
  if (service->empty()) return std::vector<v1::BackupJob>{};
  std::vector<windows::EventRecord> records;
  auto xml = events.Newest(kVeeamAgentLog, kVeeamAgentQuery, kMaxEvents);
  if (!xml && xml.error().code != common::ErrorCode::kNotFound) {
    return std::unexpected(xml.error());
  }
  if (xml) {
    for (std::size_t i = 0; i < xml->size(); ++i) {
      auto r = windows::ParseEventRecordXml((*xml)[i]);
      if (!r) {
        problems.push_back(
            "event log '" + std::string(kVeeamAgentLog) + "': record " +
            std::to_string(i + 1) +
            " (newest first): " + common::Printable(r.error().reason));
        continue;
      }
      records.push_back(std::move(*r));
    }
  }
  return VeeamAgentJobs(records, now, default_interval);
}

}  // namespace surveyor::collectors::backup
