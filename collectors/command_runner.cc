#include "collectors/command_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/logging.h"

namespace surveyor::collectors {
namespace {

using common::ErrorCode;
using common::Fail;

constexpr std::size_t kMaxStderr = 64 * 1024;

struct Pipe {
  int fds[2] = {-1, -1};
  ~Pipe() {
    for (int fd : fds) {
      if (fd >= 0) ::close(fd);
    }
  }
};

void KillGroup(pid_t pid) {
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
}

int Reap(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Waits for the child until `deadline`; a child that closed its output but
// keeps running is killed then. Returns false when it had to be killed.
bool ReapBefore(pid_t pid, std::chrono::steady_clock::time_point deadline,
                int& exit_code) {
  while (true) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      return true;
    }
    if (r < 0 && errno != EINTR) return true;
    if (std::chrono::steady_clock::now() >= deadline) {
      KillGroup(pid);
      Reap(pid);
      return false;
    }
    ::usleep(2000);
  }
}

}  // namespace

std::vector<std::string> ProcessRunner::DefaultAllowlist() {
  return {
      "/usr/bin/systemctl",
      "/usr/bin/clamscan",
      "/bin/systemctl",
      "/usr/bin/mdatp",
      "/opt/CrowdStrike/falconctl",
      "/opt/sentinelone/bin/sentinelctl",
      "/usr/sbin/nft",
      "/usr/bin/firewall-cmd",
      "/usr/bin/restic",
      "/usr/bin/borg",
      "/usr/bin/veeamconfig",
  };
}

std::expected<CommandResult, common::Error> ProcessRunner::Run(
    const std::vector<std::string>& argv, const CommandOptions& options) {
  if (argv.empty() || argv[0].empty() || argv[0][0] != '/') {
    return Fail(ErrorCode::kInvalidArgument,
                "command must be an absolute path");
  }
  const std::string& path = argv[0];
  if (std::find(allowlist_.begin(), allowlist_.end(), path) ==
      allowlist_.end()) {
    return Fail(ErrorCode::kPermissionDenied,
                path + ": not in the command allowlist");
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Fail(ErrorCode::kNotFound, path + ": not installed");
  }
  std::string joined;
  for (const auto& a : argv) joined += (joined.empty() ? "" : " ") + a;
  common::Logger("command")->debug("run {}", joined);

  Pipe out, err;
  if (::pipe2(out.fds, O_CLOEXEC) != 0 || ::pipe2(err.fds, O_CLOEXEC) != 0) {
    return Fail(ErrorCode::kIo, std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.fds[1], STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);

  std::vector<std::string> env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                                  "LC_ALL=C", "LANG=C"};
  env.insert(env.end(), options.env.begin(), options.env.end());
  std::vector<char*> envp, args;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, path.c_str(), &actions, &attr, args.data(),
                         envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    return Fail(ErrorCode::kIo, path + ": cannot start: " + std::strerror(rc));
  }
  ::close(out.fds[1]);
  out.fds[1] = -1;
  ::close(err.fds[1]);
  err.fds[1] = -1;

  CommandResult result;
  auto deadline = std::chrono::steady_clock::now() + options.timeout;
  pollfd fds[2] = {{out.fds[0], POLLIN, 0}, {err.fds[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  const std::size_t caps[2] = {options.max_output, kMaxStderr};
  int open_fds = 2;
  char buf[64 * 1024];
  while (open_fds > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      KillGroup(pid);
      Reap(pid);
      return Fail(ErrorCode::kResourceExhausted,
                  path + ": timed out after " +
                      std::to_string(options.timeout.count()) +
                      " ms and was killed");
    }
    int n = ::poll(fds, 2, static_cast<int>(left.count()));
    if (n < 0) {
      if (errno == EINTR) continue;
      KillGroup(pid);
      Reap(pid);
      return Fail(ErrorCode::kIo, std::string("poll: ") + std::strerror(errno));
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        continue;
      }
      ssize_t got = ::read(fds[i].fd, buf, sizeof(buf));
      if (got <= 0) {
        if (got < 0 && errno == EINTR) continue;
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      if (sinks[i]->size() + static_cast<std::size_t>(got) > caps[i]) {
        if (i == 1) continue;  // Drop excess stderr, keep running.
        KillGroup(pid);
        Reap(pid);
        return Fail(ErrorCode::kResourceExhausted,
                    path + ": output exceeded " + std::to_string(caps[i]) +
                        " bytes and the command was killed");
      }
      sinks[i]->append(buf, static_cast<std::size_t>(got));
    }
  }
  if (!ReapBefore(pid, deadline, result.exit_code)) {
    return Fail(ErrorCode::kResourceExhausted,
                path + ": timed out after " +
                    std::to_string(options.timeout.count()) +
                    " ms and was killed");
  }
  return result;
}

}  // namespace surveyor::collectors
