#include "collectors/backup/backup_collector.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>

#include "collectors/backup/backup_parsers.h"
#include "collectors/backup/backup_status.h"
#include "collectors/text_util.h"
#include "common/time_util.h"

namespace surveyor::collectors::backup {
namespace {

// The line of a tool's stderr that says what went wrong: the first one
// starting with "Fatal" or "Error", else the first non-empty one.
std::string FirstErrorLine(const CommandResult& r) {
  std::string_view first, flagged;
  ForEachLine(r.err, [&](std::string_view line, std::size_t) {
    line = Trim(line);
    if (line.empty()) return;
    if (first.empty()) first = line;
    if (flagged.empty() &&
        (line.starts_with("Fatal") || line.starts_with("Error") ||
         line.starts_with("error"))) {
      flagged = line;
    }
  });
  std::string_view best = flagged.empty() ? first : flagged;
  if (best.empty()) return "exit code " + std::to_string(r.exit_code);
  return std::string(best.substr(0, 300));
}

class Prober {
 public:
  Prober(const CollectContext& ctx, v1::Section& section)
      : ctx_(ctx), section_(section) {
    auto hours = ctx.config.backup().max_age_hours();
    default_interval_ = std::chrono::hours(hours ? hours : 26);
  }

  std::optional<CommandResult> Run(const std::vector<std::string>& argv,
                                   std::vector<std::string> env,
                                   const std::string& shown) {
    if (ctx_.commands == nullptr) return std::nullopt;
    CommandOptions options;
    options.env = std::move(env);
    if (ctx_.config.command_timeout_seconds() > 0) {
      options.timeout =
          std::chrono::seconds(ctx_.config.command_timeout_seconds());
    }
    auto r = ctx_.commands->Run(argv, options);
    if (!r) {
      AddSectionError(section_, shown, r.error().message);
      return std::nullopt;
    }
    return *r;
  }

  v1::BackupJob* NewJob(std::string product, std::string id) {
    v1::BackupJob* job = section_.mutable_backup()->add_jobs();
    job->set_product(std::move(product));
    job->set_job_id(std::move(id));
    return job;
  }

  void Judge(v1::BackupJob& job, bool read_ok) {
    JudgeBackup(job, ctx_.now, default_interval_, read_ok);
  }

  void Error(std::string_view source, std::string_view reason,
             std::uint64_t line = 0) {
    AddSectionError(section_, source, reason, line);
  }

  const CollectContext& ctx() const { return ctx_; }

 private:
  const CollectContext& ctx_;
  v1::Section& section_;
  std::chrono::seconds default_interval_;
};

void ProbeRestic(Prober& p) {
  for (const auto& repo : p.ctx().config.backup().restic()) {
    std::string target = RedactLocation(repo.repository());
    v1::BackupJob* job =
        p.NewJob("restic", repo.name().empty() ? target : repo.name());
    job->set_target(target);
    job->set_target_kind(ClassifyLocation(repo.repository()));
    std::string shown = "restic snapshots (" + job->job_id() + ")";
    // --no-lock: reading must not write to the repository.
    auto r = p.Run({"/usr/bin/restic", "-r", repo.repository(), "snapshots",
                    "--json", "--no-lock", "--no-cache"},
                   {"RESTIC_PASSWORD_FILE=" + repo.password_file()}, shown);
    // `known`: what the job's state is is known — read, or no repository
    // there at all (never succeeded; whether it would be encrypted is not).
    bool known = false;
    if (r && r->exit_code != 0) {
      job->set_error(FirstErrorLine(*r));
      p.Error(shown, job->error());
      known = ResticSaysNoRepository(r->exit_code, r->err);
      // restic always encrypts: any repository there is encrypted.
      if (!known) job->set_encrypted(v1::TRI_STATE_YES);
    } else if (r) {
      auto parsed = ParseResticSnapshots(r->out, *job);
      if (!parsed) {
        job->set_error(parsed.error().reason);
        p.Error(shown, parsed.error().reason);
      } else {
        known = true;
        job->set_encrypted(v1::TRI_STATE_YES);  // restic always encrypts
        if (job->has_last_success()) {
          *job->mutable_last_attempt() = job->last_success();
          job->set_last_result(v1::BACKUP_RESULT_SUCCESS);
        }
      }
    }
    p.Judge(*job, known);
  }
}

// borg keeps a cache and security state per repository; keep ours apart from
// any user's, and out of world-writable /tmp.
std::string BorgBaseDir() {
  if (::getuid() == 0) return "/var/cache/surveyor/borg";
  if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_dir) {
    return std::string(pw->pw_dir) + "/.cache/surveyor/borg";
  }
  return "/var/cache/surveyor/borg";
}

// borg splits BORG_PASSCOMMAND like a shell would; quote the file name.
std::string CatCommand(const std::string& path) {
  std::string quoted = "'";
  for (char ch : path) {
    if (ch == '\'') {
      quoted += "'\"'\"'";
    } else {
      quoted += ch;
    }
  }
  return "/bin/cat " + quoted + "'";
}

void ProbeBorg(Prober& p) {
  for (const auto& repo : p.ctx().config.backup().borg()) {
    std::string target = RedactLocation(repo.repository());
    v1::BackupJob* job =
        p.NewJob("borg", repo.name().empty() ? target : repo.name());
    job->set_target(target);
    job->set_target_kind(ClassifyLocation(repo.repository()));
    std::vector<std::string> env = {
        "BORG_BASE_DIR=" + BorgBaseDir(),
        "BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=yes",
        "BORG_RELOCATED_REPO_ACCESS_IS_OK=yes",
        // With no passphrase file, an encrypted repository must fail rather
        // than prompt.
        "BORG_PASSCOMMAND=" + (repo.passphrase_file().empty()
                                   ? std::string("/bin/false")
                                   : CatCommand(repo.passphrase_file()))};
    std::string shown = "borg list (" + job->job_id() + ")";
    bool ok = false;
    std::int64_t newest_civil = 0;
    auto r = p.Run({"/usr/bin/borg", "list", "--json", repo.repository()}, env,
                   shown);
    if (r && r->exit_code != 0) {
      job->set_error(FirstErrorLine(*r));
      p.Error(shown, job->error());
    } else if (r) {
      auto parsed = ParseBorgList(r->out, *job, &newest_civil);
      if (!parsed) {
        job->set_error(parsed.error().reason);
        p.Error(shown, parsed.error().reason);
      } else {
        ok = true;
      }
    }
    if (ok && job->restore_points() > 0) {
      std::int64_t done_civil = newest_civil;
      std::string info_shown = "borg info (" + job->job_id() + ")";
      auto info = p.Run(
          {"/usr/bin/borg", "info", "--json", "--last", "1", repo.repository()},
          env, info_shown);
      if (info && info->exit_code == 0) {
        auto last = ParseBorgInfo(info->out);
        if (!last) {
          p.Error(info_shown, last.error().reason);
        } else {
          done_civil = std::max(done_civil, last->end_civil);
          job->set_size_bytes(last->original_size);
        }
      }
      // borg prints local time without a zone.
      job->mutable_last_success()->set_seconds(
          common::LocalCivilToUnix(done_civil));
      *job->mutable_last_attempt() = job->last_success();
      job->set_last_result(v1::BACKUP_RESULT_SUCCESS);
    }
    p.Judge(*job, ok);
  }
}

void ProbeTimeshift(Prober& p) {
  const HostView& host = p.ctx().host;
  constexpr std::string_view kConfig = "/etc/timeshift/timeshift.json";
  auto conf = host.ReadFile(kConfig, 1 << 20);
  if (!conf) return;
  v1::BackupJob* job = p.NewJob("Timeshift", "timeshift");
  job->set_target_kind(v1::BACKUP_TARGET_KIND_LOCAL);
  job->set_encrypted(v1::TRI_STATE_NO);
  auto interval = ParseTimeshiftSchedule(*conf);
  if (!interval) {
    p.Error(kConfig, interval.error().reason);
  } else {
    job->set_schedule_interval_seconds(*interval);
  }
  bool read_ok = false;
  std::int64_t newest = 0;
  std::uint32_t count = 0;
  for (std::string_view dir :
       {"/timeshift/snapshots", "/run/timeshift/backup/timeshift/snapshots",
        "/run/timeshift/backup/timeshift-btrfs/snapshots"}) {
    auto entries = host.ListDir(dir);
    if (!entries) continue;
    read_ok = true;
    job->set_target(std::string(dir));
    for (const auto& e : *entries) {
      if (auto t = ParseTimeshiftSnapshotName(e.name)) {
        ++count;
        newest = std::max(newest, *t);
      }
    }
    break;
  }
  job->set_restore_points(count);
  if (!read_ok) {
    job->set_error("snapshot folder not accessible (backup device unmounted?)");
  } else if (count > 0) {
    job->mutable_last_success()->set_seconds(common::LocalCivilToUnix(newest));
    job->set_last_result(v1::BACKUP_RESULT_SUCCESS);
    *job->mutable_last_attempt() = job->last_success();
  }
  p.Judge(*job, read_ok);
}

void ProbeVeeam(Prober& p) {
  const std::string veeam = "/usr/bin/veeamconfig";
  if (!p.ctx().host.Stat(veeam)) return;
  auto r = p.Run({veeam, "session", "list"}, {}, veeam + " session list");
  if (!r) return;
  auto jobs = ParseVeeamSessionList(r->out);
  if (!jobs) {
    p.Error(veeam + " session list", jobs.error().reason, jobs.error().line);
    return;
  }
  for (auto& parsed : *jobs) {
    v1::BackupJob* job = p.NewJob("", "");
    *job = std::move(parsed);
    // veeamconfig prints local times.
    if (job->has_last_success()) {
      job->mutable_last_success()->set_seconds(
          common::LocalCivilToUnix(job->last_success().seconds()));
    }
    if (job->has_last_attempt()) {
      job->mutable_last_attempt()->set_seconds(
          common::LocalCivilToUnix(job->last_attempt().seconds()));
    }
    p.Judge(*job, true);
  }
}

}  // namespace

void BackupCollector::Collect(const CollectContext& ctx, v1::Section& section) {
  section.mutable_backup();
  Prober p(ctx, section);
  ProbeRestic(p);
  ProbeBorg(p);
  ProbeTimeshift(p);
  ProbeVeeam(p);
  auto* jobs = section.mutable_backup()->mutable_jobs();
  std::sort(jobs->pointer_begin(), jobs->pointer_end(),
            [](const auto* a, const auto* b) {
              return std::tie(a->product(), a->job_id()) <
                     std::tie(b->product(), b->job_id());
            });
}

}  // namespace surveyor::collectors::backup
