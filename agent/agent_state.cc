#include "agent/agent_state.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/atomic_file.h"
#include "common/private_path.h"
#include "common/snapshot_delta.h"

namespace surveyor::agent {
namespace {

using common::Error;
using common::ErrorCode;
using common::Fail;
using common::WriteFileAtomic;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS outbox (
  sequence INTEGER PRIMARY KEY,
  body BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS bases (
  collector TEXT PRIMARY KEY,
  section BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS facts (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

std::uint64_t ToU64(const std::string& s) {
  std::uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

v1::Section WireSection(const v1::Section& full,
                        const std::optional<v1::Section>& base) {
  v1::Section wire;
  wire.set_collector(full.collector());
  wire.set_content_hash(full.content_hash());
  *wire.mutable_errors() = full.errors();
  *wire.mutable_collected_at() = full.collected_at();
  wire.set_duration_us(full.duration_us());
  if (base && base->content_hash() == full.content_hash() &&
      full.errors().empty()) {
    wire.set_unchanged(true);
    return wire;
  }
  if (base && full.has_software() && base->has_software()) {
    v1::SoftwareDelta delta = common::ComputeSoftwareDelta(
        base->software(), base->content_hash(), full.software());
    if (delta.added_size() + delta.removed_size() <
        full.software().packages_size()) {
      *wire.mutable_software_delta() = std::move(delta);
      return wire;
    }
  }
  return full;
}

std::expected<std::unique_ptr<AgentState>, Error> AgentState::Open(
    const std::string& state_dir, std::uint64_t outbox_max_bytes) {
  SURVEYOR_TRY(common::MakePrivateDirectory(state_dir));
  SURVEYOR_ASSIGN_OR_RETURN(
      auto db, common::Database::Open(state_dir + "/agent.db",
                                      common::Database::Mode::kReadWrite));
  SURVEYOR_TRY(
      db.ExecScript("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; "
                    "PRAGMA synchronous = FULL;"));
  SURVEYOR_TRY(db.ExecScript(kSchema));
  common::MakeFilePrivate(state_dir + "/agent.db");
  return std::unique_ptr<AgentState>(
      new AgentState(state_dir, std::move(db),
                     outbox_max_bytes ? outbox_max_bytes : 64u << 20));
}

std::expected<std::unique_ptr<AgentState>, Error> AgentState::OpenReadOnly(
    const std::string& state_dir) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto db, common::Database::Open(state_dir + "/agent.db",
                                      common::Database::Mode::kReadOnly));
  SURVEYOR_TRY(db.ExecScript("PRAGMA busy_timeout = 5000;"));
  return std::unique_ptr<AgentState>(
      new AgentState(state_dir, std::move(db), 0));
}

std::expected<std::optional<Enrollment>, Error> AgentState::LoadEnrollment()
    const {
  std::ifstream in(dir_ + "/node_key");
  if (!in) return std::optional<Enrollment>();
  Enrollment e;
  std::getline(in, e.agent_id);
  std::getline(in, e.node_key);
  if (e.agent_id.empty() || e.node_key.empty()) {
    return Fail(ErrorCode::kParse, dir_ +
                                       "/node_key: malformed (expected agent "
                                       "id and node key lines)");
  }
  return std::optional<Enrollment>(std::move(e));
}

std::expected<void, Error> AgentState::SaveEnrollment(
    const Enrollment& e) const {
  return WriteFileAtomic(dir_ + "/node_key",
                         e.agent_id + "\n" + e.node_key + "\n", 0600);
}

std::expected<void, Error> AgentState::ForgetEnrollment() {
  std::error_code ec;
  std::filesystem::remove(dir_ + "/node_key", ec);
  if (ec) return Fail(ErrorCode::kIo, dir_ + "/node_key: " + ec.message());
  return db_.ExecScript("DELETE FROM bases");
}

std::expected<common::IdentityKey, Error> AgentState::IdentityKey() {
  const std::string path = dir_ + "/identity.key";
  std::ifstream in(path);
  if (in) {
    std::string pem((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
    auto key = common::LoadIdentityKey(pem);
    if (!key) {
      return Fail(ErrorCode::kParse,
                  path + ": " + key.error().message +
                      "; remove it (and node_key) to enroll as a new host, "
                      "which an administrator then accepts");
    }
    return key;
  }
  SURVEYOR_ASSIGN_OR_RETURN(auto key, common::NewIdentityKey());
  SURVEYOR_TRY(WriteFileAtomic(path, key.private_pem, 0600));
  return key;
}

std::expected<std::int64_t, Error> AgentState::NextProofTime(
    std::int64_t now_ms) {
  SURVEYOR_ASSIGN_OR_RETURN(auto last, Fact("last_proof_ms"));
  std::int64_t t = std::max<std::int64_t>(
      now_ms, static_cast<std::int64_t>(ToU64(last)) + 1);
  SURVEYOR_TRY(SetFact("last_proof_ms", std::to_string(t)));
  return t;
}

std::expected<std::uint64_t, Error> AgentState::ContinueAt(std::uint64_t from) {
  common::Transaction tx(db_);
  SURVEYOR_TRY(tx.Begin());
  SURVEYOR_ASSIGN_OR_RETURN(auto next_fact, Fact("next_sequence"));
  std::uint64_t next = next_fact.empty() ? 1 : ToU64(next_fact);
  std::vector<std::pair<std::int64_t, std::string>> queued;
  {
    SURVEYOR_ASSIGN_OR_RETURN(
        auto s, db_.Prepare("SELECT sequence, body FROM outbox ORDER BY "
                            "sequence"));
    while (true) {
      SURVEYOR_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      queued.emplace_back(s.ColumnInt(0), std::string(s.ColumnBlob(1)));
    }
  }
  const bool behind =
      next < from || (!queued.empty() &&
                      static_cast<std::uint64_t>(queued.front().first) < from);
  if (!behind) return std::uint64_t{0};
  SURVEYOR_TRY(db_.ExecScript("DELETE FROM outbox"));
  SURVEYOR_ASSIGN_OR_RETURN(
      auto ins, db_.Prepare("INSERT INTO outbox (sequence, body, created_at) "
                            "VALUES (?, ?, strftime('%s','now'))"));
  std::uint64_t seq = from;
  for (auto& [old, body] : queued) {
    v1::Snapshot snapshot;
    if (!snapshot.ParseFromString(body)) continue;  // Unsendable anyway.
    snapshot.set_sequence(seq);
    (void)ins.Reset();  // Always succeeds; errors surface at Step.
    SURVEYOR_TRY(ins.Bind(1, static_cast<std::int64_t>(seq)));
    SURVEYOR_TRY(ins.BindBlob(2, snapshot.SerializeAsString()));
    SURVEYOR_TRY(ins.Step());
    ++seq;
  }
  SURVEYOR_TRY(SetFact("next_sequence", std::to_string(seq)));
  SURVEYOR_TRY(tx.Commit());
  return static_cast<std::uint64_t>(queued.size());
}

std::expected<std::optional<v1::Section>, Error> AgentState::Base(
    const std::string& collector) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto s, db_.Prepare("SELECT section FROM bases WHERE collector = ?"));
  SURVEYOR_TRY(s.Bind(1, std::string_view(collector)));
  SURVEYOR_ASSIGN_OR_RETURN(auto row, s.Step());
  if (!row) return std::optional<v1::Section>();
  v1::Section section;
  auto blob = s.ColumnBlob(0);
  if (!section.ParseFromArray(blob.data(), static_cast<int>(blob.size()))) {
    return std::optional<v1::Section>();  // Unreadable base: send full.
  }
  return std::optional<v1::Section>(std::move(section));
}

std::expected<std::uint64_t, Error> AgentState::Enqueue(v1::Snapshot full) {
  common::Transaction tx(db_);
  SURVEYOR_TRY(tx.Begin());
  SURVEYOR_ASSIGN_OR_RETURN(auto next, Fact("next_sequence"));
  std::uint64_t seq = next.empty() ? 1 : ToU64(next);
  SURVEYOR_ASSIGN_OR_RETURN(auto evicted, Fact("outbox_evicted"));

  v1::Snapshot wire = full;
  wire.clear_sections();
  wire.set_sequence(seq);
  wire.set_outbox_evicted(ToU64(evicted));
  SURVEYOR_ASSIGN_OR_RETURN(
      auto put_base,
      db_.Prepare(
          "INSERT INTO bases (collector, section) VALUES (?, ?) "
          "ON CONFLICT (collector) DO UPDATE SET section = excluded.section"));
  for (const auto& section : full.sections()) {
    SURVEYOR_ASSIGN_OR_RETURN(auto base, Base(section.collector()));
    *wire.add_sections() = WireSection(section, base);
    (void)put_base.Reset();  // Always succeeds; errors surface at Step.
    SURVEYOR_TRY(put_base.Bind(1, std::string_view(section.collector())));
    SURVEYOR_TRY(put_base.BindBlob(2, section.SerializeAsString()));
    SURVEYOR_TRY(put_base.Step());
  }
  SURVEYOR_ASSIGN_OR_RETURN(
      auto ins,
      db_.Prepare(
          "INSERT INTO outbox (sequence, body, created_at) VALUES (?, ?, "
          "strftime('%s','now'))"));
  SURVEYOR_TRY(ins.Bind(1, static_cast<std::int64_t>(seq)));
  SURVEYOR_TRY(ins.BindBlob(2, wire.SerializeAsString()));
  SURVEYOR_TRY(ins.Step());
  SURVEYOR_TRY(SetFact("next_sequence", std::to_string(seq + 1)));

  // Bound the outbox: drop the oldest, never the one just queued.
  std::uint64_t dropped = 0;
  while (true) {
    SURVEYOR_ASSIGN_OR_RETURN(auto stats, Outbox());
    if (stats.bytes <= max_bytes_ || stats.depth <= 1) break;
    SURVEYOR_TRY(
        db_.ExecScript("DELETE FROM outbox WHERE sequence = (SELECT "
                       "MIN(sequence) FROM outbox)"));
    ++dropped;
  }
  if (dropped) {
    std::uint64_t total = ToU64(evicted) + dropped;
    SURVEYOR_TRY(SetFact("outbox_evicted", std::to_string(total)));
  }
  SURVEYOR_TRY(tx.Commit());
  return seq;
}

std::expected<void, Error> AgentState::ForgetBases(
    const std::vector<std::string>& collectors) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto del, db_.Prepare("DELETE FROM bases WHERE collector = ?"));
  for (const auto& c : collectors) {
    (void)del.Reset();  // Always succeeds; errors surface at Step.
    SURVEYOR_TRY(del.Bind(1, std::string_view(c)));
    SURVEYOR_TRY(del.Step());
  }
  return {};
}

std::expected<std::optional<OutboxItem>, Error> AgentState::Oldest() {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto s,
      db_.Prepare(
          "SELECT sequence, body FROM outbox ORDER BY sequence LIMIT 1"));
  SURVEYOR_ASSIGN_OR_RETURN(auto row, s.Step());
  if (!row) return std::optional<OutboxItem>();
  return std::optional<OutboxItem>(
      OutboxItem{static_cast<std::uint64_t>(s.ColumnInt(0)),
                 std::string(s.ColumnBlob(1))});
}

std::expected<void, Error> AgentState::Acknowledge(std::uint64_t sequence) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto s, db_.Prepare("DELETE FROM outbox WHERE sequence <= ?"));
  SURVEYOR_TRY(s.Bind(1, static_cast<std::int64_t>(sequence)));
  SURVEYOR_TRY(s.Step());
  return {};
}

std::expected<OutboxStats, Error> AgentState::Outbox() {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto s,
      db_.Prepare(
          "SELECT COUNT(*), COALESCE(SUM(LENGTH(body)), 0) FROM outbox"));
  SURVEYOR_TRY(s.Step());  // An aggregate: always one row.
  OutboxStats stats{static_cast<std::uint64_t>(s.ColumnInt(0)),
                    static_cast<std::uint64_t>(s.ColumnInt(1)), 0};
  SURVEYOR_ASSIGN_OR_RETURN(auto evicted, Fact("outbox_evicted"));
  stats.evicted = ToU64(evicted);
  return stats;
}

std::expected<void, Error> AgentState::SetFact(const std::string& key,
                                               const std::string& value) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto s,
      db_.Prepare("INSERT INTO facts (key, value) VALUES (?, ?) "
                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
  SURVEYOR_TRY(s.Bind(1, std::string_view(key)));
  SURVEYOR_TRY(s.Bind(2, std::string_view(value)));
  SURVEYOR_TRY(s.Step());
  return {};
}

std::expected<std::string, Error> AgentState::Fact(const std::string& key) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto s, db_.Prepare("SELECT value FROM facts WHERE key = ?"));
  SURVEYOR_TRY(s.Bind(1, std::string_view(key)));
  SURVEYOR_ASSIGN_OR_RETURN(auto row, s.Step());
  if (!row) return std::string();
  return std::string(s.ColumnText(0));
}

}  // namespace surveyor::agent
