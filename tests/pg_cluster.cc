#include "tests/pg_cluster.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace surveyor::testing_pg {

namespace {
std::string Script() {
  return std::string(SURVEYOR_SOURCE_DIR) + "/tests/pg_cluster.sh";
}

// Runs a shell command; its stdout+stderr in *out; whether it exited 0.
bool Capture(const std::string& command, std::string* out) {
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return false;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0)
    out->append(buf.data(), n);
  return ::pclose(p) == 0;
}
}  // namespace

std::unique_ptr<PgCluster> PgCluster::Start(
    const std::vector<std::string>& settings, std::string* error) {
  std::string dir = (std::filesystem::temp_directory_path() /
                     ("surveyor-pg-" + std::to_string(::getpid()) + "-" +
                      std::to_string(std::rand())))
                        .string();
  std::string command = Script() + " start " + dir;
  for (const auto& s : settings) command += " '" + s + "'";
  std::string out;
  if (!Capture(command, &out)) {
    *error = "cannot start PostgreSQL (" + command + "): " + out;
    std::filesystem::remove_all(dir);
    return nullptr;
  }
  return std::unique_ptr<PgCluster>(new PgCluster(dir));
}

PgCluster::~PgCluster() {
  Run("stop");
  std::filesystem::remove_all(dir_);
}

bool PgCluster::Run(const std::string& command) const {
  std::string out;
  bool ok = Capture(Script() + " " + command + " " + dir_, &out);
  if (!ok)
    std::fprintf(stderr, "pg_cluster.sh %s: %s\n", command.c_str(),
                 out.c_str());
  return ok;
}

std::string PgCluster::NewDatabase() {
  std::string name = "t" + std::to_string(++databases_);
  std::string out;
  if (!Capture(Script() + " createdb " + dir_ + " " + name, &out)) {
    ADD_FAILURE() << "createdb " << name << ": " << out;
  }
  return UrlFor(name);
}

std::string PgCluster::UrlFor(const std::string& db) const {
  return "postgresql://surveyor@/" + db + "?host=" + dir_;
}

bool PgCluster::Crash() { return Run("crash"); }
bool PgCluster::Stop() { return Run("stop"); }
bool PgCluster::Restart() { return Run("restart"); }

PgCluster* SharedCluster() {
  static std::string error;
  static std::unique_ptr<PgCluster> cluster =
      PgCluster::Start({"fsync=off", "synchronous_commit=off"}, &error);
  if (!cluster) ADD_FAILURE() << error;
  return cluster.get();
}

}  // namespace surveyor::testing_pg
