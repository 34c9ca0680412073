#include "collectors/backup/backup_parsers.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <map>

#include "collectors/json_util.h"
#include "collectors/plist.h"
#include "collectors/text_util.h"
#include "common/time_util.h"

namespace surveyor::collectors::backup {
namespace {

namespace json = boost::json;

std::uint64_t Uint(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return 0;
  if (v->is_uint64()) return v->get_uint64();
  if (v->is_int64() && v->get_int64() > 0) {
    return static_cast<std::uint64_t>(v->get_int64());
  }
  if (v->is_double() && v->get_double() > 0) {
    return static_cast<std::uint64_t>(v->get_double());
  }
  return 0;
}

void SetTime(google::protobuf::Timestamp* ts, std::int64_t secs) {
  ts->set_seconds(secs);
  ts->set_nanos(0);
}

// "MM/dd/yyyy-HH:mm" (wbadmin version identifier, UTC).
std::optional<std::int64_t> ParseWbadminIdentifier(std::string_view s) {
  s = Trim(s);
  if (s.size() != 16 || s[2] != '/' || s[5] != '/' || s[10] != '-' ||
      s[13] != ':') {
    return std::nullopt;
  }
  auto mo = ParseUint(s.substr(0, 2)), d = ParseUint(s.substr(3, 2)),
       y = ParseUint(s.substr(6, 4)), h = ParseUint(s.substr(11, 2)),
       mi = ParseUint(s.substr(14, 2));
  if (!mo || !d || !y || !h || !mi || *mo < 1 || *mo > 12 || *d < 1 ||
      *d > 31 || *h > 23 || *mi > 59) {
    return std::nullopt;
  }
  return common::CivilToUnix(static_cast<int>(*y), static_cast<unsigned>(*mo),
                             static_cast<unsigned>(*d),
                             static_cast<unsigned>(*h),
                             static_cast<unsigned>(*mi), 0);
}

}  // namespace

bool ResticSaysNoRepository(int exit_code, std::string_view stderr_text) {
  return exit_code == 10 ||
         stderr_text.find("Is there a repository at the following location?") !=
             std::string_view::npos ||
         stderr_text.find("repository does not exist") !=
             std::string_view::npos;
}

std::expected<void, ParseError> ParseResticSnapshots(std::string_view text,
                                                     v1::BackupJob& job) {
  auto root = ParseJsonDocument(text, "restic snapshots output");
  if (!root) return std::unexpected(root.error());
  if (!root->is_array()) {
    return std::unexpected(
        ParseError{0, 0, "restic snapshots output is not a JSON array"});
  }
  std::int64_t newest = 0;
  std::uint64_t newest_size = 0;
  std::uint32_t count = 0;
  for (const auto& item : root->get_array()) {
    const auto* snap = item.if_object();
    if (snap == nullptr) {
      return std::unexpected(
          ParseError{0, 0, "restic snapshot entry is not an object"});
    }
    std::optional<std::int64_t> done;
    std::uint64_t size = 0;
    if (const auto* summary = snap->if_contains("summary");
        summary && summary->is_object()) {
      done =
          common::ParseRfc3339(JsonString(summary->get_object(), "backup_end"));
      size = Uint(summary->get_object(), "total_bytes_processed");
    }
    if (!done) done = common::ParseRfc3339(JsonString(*snap, "time"));
    if (!done) {
      return std::unexpected(ParseError{0, 0,
                                        "restic snapshot " +
                                            JsonString(*snap, "short_id") +
                                            " has no valid time"});
    }
    ++count;
    if (*done >= newest) {
      newest = *done;
      newest_size = size;
    }
  }
  job.set_restore_points(count);
  job.set_encrypted(v1::TRI_STATE_YES);
  if (count > 0) {
    SetTime(job.mutable_last_success(), newest);
    if (newest_size) job.set_size_bytes(newest_size);
  }
  return {};
}

std::expected<void, ParseError> ParseBorgList(std::string_view text,
                                              v1::BackupJob& job,
                                              std::int64_t* newest_civil) {
  auto root = ParseJsonDocument(text, "borg list output");
  if (!root) return std::unexpected(root.error());
  const auto* o = root->if_object();
  const auto* archives = o ? o->if_contains("archives") : nullptr;
  if (archives == nullptr || !archives->is_array()) {
    return std::unexpected(
        ParseError{0, 0, "borg list output has no \"archives\" array"});
  }
  std::int64_t newest = 0;
  for (const auto& a : archives->get_array()) {
    const auto* ao = a.if_object();
    if (ao == nullptr) continue;
    std::string start = JsonString(*ao, "start");
    if (start.empty()) start = JsonString(*ao, "time");
    auto t = common::ParseIsoCivil(start);
    if (!t) {
      return std::unexpected(ParseError{
          0, 0,
          "borg archive " + JsonString(*ao, "name") + " has no valid time"});
    }
    newest = std::max(newest, *t);
  }
  job.set_restore_points(
      static_cast<std::uint32_t>(archives->get_array().size()));
  if (const auto* enc = o->if_contains("encryption"); enc && enc->is_object()) {
    std::string mode = JsonString(enc->get_object(), "mode");
    job.set_encrypted(mode.empty()     ? v1::TRI_STATE_UNKNOWN
                      : mode == "none" ? v1::TRI_STATE_NO
                                       : v1::TRI_STATE_YES);
  }
  if (const auto* repo = o->if_contains("repository");
      repo && repo->is_object() && job.job_id().empty()) {
    job.set_job_id(JsonString(repo->get_object(), "id"));
  }
  *newest_civil = newest;
  return {};
}

std::expected<BorgLastArchive, ParseError> ParseBorgInfo(
    std::string_view text) {
  auto root = ParseJsonDocument(text, "borg info output");
  if (!root) return std::unexpected(root.error());
  const auto* o = root->if_object();
  const auto* archives = o ? o->if_contains("archives") : nullptr;
  if (archives == nullptr || !archives->is_array()) {
    return std::unexpected(
        ParseError{0, 0, "borg info output has no \"archives\" array"});
  }
  BorgLastArchive last;
  for (const auto& a : archives->get_array()) {
    const auto* ao = a.if_object();
    if (ao == nullptr) continue;
    auto end = common::ParseIsoCivil(JsonString(*ao, "end"));
    if (end && *end >= last.end_civil) {
      last.end_civil = *end;
      if (const auto* stats = ao->if_contains("stats");
          stats && stats->is_object()) {
        last.original_size = Uint(stats->get_object(), "original_size");
      }
    }
  }
  return last;
}

std::expected<std::uint64_t, ParseError> ParseTimeshiftSchedule(
    std::string_view text) {
  auto root = ParseJsonDocument(text, "timeshift.json");
  if (!root) return std::unexpected(root.error());
  const auto* o = root->if_object();
  if (o == nullptr) {
    return std::unexpected(ParseError{0, 0, "timeshift.json is not an object"});
  }
  auto on = [&](std::string_view key) {
    const auto* v = o->if_contains(key);
    return v && ((v->is_string() && v->get_string() == "true") ||
                 (v->is_bool() && v->get_bool()));
  };
  if (on("schedule_hourly")) return std::uint64_t{3600};
  if (on("schedule_daily") || on("schedule_boot")) return std::uint64_t{86400};
  if (on("schedule_weekly")) return std::uint64_t{7 * 86400};
  if (on("schedule_monthly")) return std::uint64_t{31 * 86400};
  return std::uint64_t{0};
}

std::optional<std::int64_t> ParseTimeshiftSnapshotName(std::string_view name) {
  // 2024-05-01_10-00-01
  if (name.size() != 19 || name[10] != '_' || name[13] != '-' ||
      name[16] != '-') {
    return std::nullopt;
  }
  std::string iso(name);
  iso[10] = 'T';
  iso[13] = ':';
  iso[16] = ':';
  return common::ParseIsoCivil(iso);
}

std::expected<std::vector<v1::BackupJob>, ParseError> ParseVeeamSessionList(
    std::string_view text) {
  std::size_t name_col = std::string_view::npos, type_col = 0, state_col = 0,
              start_col = 0, finish_col = 0;
  std::map<std::string, v1::BackupJob> jobs;
  std::size_t line_no = 0;
  std::optional<ParseError> error;
  ForEachLine(text, [&](std::string_view line, std::size_t n) {
    if (error) return;
    line_no = n;
    if (name_col == std::string_view::npos) {
      auto job = line.find("Job name");
      auto type = line.find("Type");
      auto state = line.find("State");
      auto started = line.find("Started at");
      auto finished = line.find("Finished at");
      if (job != std::string_view::npos && type != std::string_view::npos &&
          state != std::string_view::npos &&
          started != std::string_view::npos &&
          finished != std::string_view::npos) {
        name_col = job;
        type_col = type;
        state_col = state;
        start_col = started;
        finish_col = finished;
      }
      return;
    }
    if (Trim(line).empty() || line.starts_with("Total amount")) return;
    auto cell = [&](std::size_t from, std::size_t to) {
      if (from >= line.size()) return std::string_view();
      return Trim(
          line.substr(from, to == std::string_view::npos ? to : to - from));
    };
    std::string_view name = cell(name_col, type_col);
    std::string_view state = cell(state_col, start_col);
    auto started =
        common::ParseIsoCivil(std::string(cell(start_col, finish_col)) + ":00");
    std::string_view finished_text = cell(finish_col, std::string_view::npos);
    auto finished = common::ParseIsoCivil(std::string(finished_text) + ":00");
    if (name.empty() || state.empty() || !started) {
      error = ParseError{line_no, 0, "unrecognised veeamconfig session row"};
      return;
    }
    v1::BackupJob& job = jobs[std::string(name)];
    job.set_product("Veeam Agent for Linux");
    job.set_job_id(std::string(name));
    if (*started >= job.last_attempt().seconds()) {
      job.mutable_last_attempt()->set_seconds(*started);
      if (state == "Success") {
        job.set_last_result(v1::BACKUP_RESULT_SUCCESS);
      } else if (state == "Warning") {
        job.set_last_result(v1::BACKUP_RESULT_WARNING);
      } else if (state == "Failed") {
        job.set_last_result(v1::BACKUP_RESULT_FAILED);
      } else if (state == "Running") {
        job.set_last_result(v1::BACKUP_RESULT_RUNNING);
      } else {
        job.set_last_result(v1::BACKUP_RESULT_UNKNOWN);
      }
    }
    if ((state == "Success" || state == "Warning") && finished) {
      job.set_restore_points(job.restore_points() + 1);
      if (*finished > job.last_success().seconds()) {
        job.mutable_last_success()->set_seconds(*finished);
      }
    }
  });
  if (error) return std::unexpected(*error);
  if (name_col == std::string_view::npos && !Trim(text).empty() &&
      text.find("No sessions") == std::string_view::npos) {
    return std::unexpected(
        ParseError{1, 0, "veeamconfig session list has no header row"});
  }
  std::vector<v1::BackupJob> out;
  for (auto& [name, job] : jobs) out.push_back(std::move(job));
  return out;
}

std::expected<std::vector<v1::BackupJob>, ParseError> ParseTmutilDestinations(
    std::string_view plist) {
  auto root = ParseXmlPlist(plist);
  if (!root) return std::unexpected(root.error());
  const auto* o = root->if_object();
  const auto* dests = o ? o->if_contains("Destinations") : nullptr;
  std::vector<v1::BackupJob> out;
  if (dests == nullptr) return out;  // No destination configured.
  if (!dests->is_array()) {
    return std::unexpected(ParseError{0, 0, "Destinations is not an array"});
  }
  for (const auto& d : dests->get_array()) {
    const auto* dobj = d.if_object();
    if (dobj == nullptr) continue;
    v1::BackupJob job;
    job.set_product("Time Machine");
    job.set_job_id(JsonString(*dobj, "ID"));
    std::string kind = JsonString(*dobj, "Kind");
    job.set_target_kind(kind == "Local"     ? v1::BACKUP_TARGET_KIND_LOCAL
                        : kind == "Network" ? v1::BACKUP_TARGET_KIND_NETWORK
                                            : v1::BACKUP_TARGET_KIND_UNKNOWN);
    std::string target = JsonString(*dobj, "Name");
    if (std::string mp = JsonString(*dobj, "MountPoint"); !mp.empty()) {
      target += " (" + mp + ")";
    }
    job.set_target(target);
    out.push_back(std::move(job));
  }
  return out;
}

std::optional<std::int64_t> ParseTimeMachineBackupTime(std::string_view path) {
  path = Trim(path);
  while (path.ends_with('/')) path.remove_suffix(1);
  auto slash = path.rfind('/');
  std::string_view name =
      slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (name.ends_with(".backup")) name.remove_suffix(7);
  if (name.ends_with(".inprogress")) return std::nullopt;
  // YYYY-MM-DD-HHMMSS
  if (name.size() != 17 || name[4] != '-' || name[7] != '-' ||
      name[10] != '-') {
    return std::nullopt;
  }
  std::string iso = std::string(name.substr(0, 10)) + "T" +
                    std::string(name.substr(11, 2)) + ":" +
                    std::string(name.substr(13, 2)) + ":" +
                    std::string(name.substr(15, 2));
  return common::ParseIsoCivil(iso);
}

std::expected<void, ParseError> ParseWbadminVersions(std::string_view text,
                                                     v1::BackupJob& job) {
  job.set_product("Windows Server Backup");
  std::uint32_t count = 0;
  std::int64_t newest = 0;
  std::string target;
  std::optional<ParseError> error;
  ForEachLine(text, [&](std::string_view line, std::size_t n) {
    line = Trim(line);
    if (line.starts_with("Version identifier:")) {
      auto t = ParseWbadminIdentifier(line.substr(19));
      if (!t) {
        if (!error) error = ParseError{n, 0, "bad wbadmin version identifier"};
        return;
      }
      ++count;
      if (*t >= newest) {
        newest = *t;
      }
    } else if (line.starts_with("Backup target:") && target.empty()) {
      target = std::string(Trim(line.substr(14)));
    }
  });
  if (error) return std::unexpected(*error);
  job.set_restore_points(count);
  job.set_target(target);
  if (target.find("Network") != std::string::npos ||
      target.starts_with("\\\\")) {
    job.set_target_kind(v1::BACKUP_TARGET_KIND_NETWORK);
  } else if (!target.empty()) {
    job.set_target_kind(v1::BACKUP_TARGET_KIND_LOCAL);
  }
  if (count > 0) {
    SetTime(job.mutable_last_success(), newest);
    job.set_last_result(v1::BACKUP_RESULT_SUCCESS);
  }
  return {};
}

}  // namespace surveyor::collectors::backup
