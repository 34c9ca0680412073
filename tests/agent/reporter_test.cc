// The agent's send loop with a scripted transport (tests/fakes) and a real
// outbox (SQLite in a temporary directory): what is sent, how it is
// compressed, what is acknowledged, and what happens when acknowledging
// fails locally.
#include "agent/reporter.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/compression.h"
#include "common/identity_key.h"
#include "common/sqlite.h"
#include "surveyor/v1/service.pb.h"
#include "tests/fakes/fake_transport.h"
#include "tests/packages.h"

namespace surveyor::agent {
namespace {

namespace fs = std::filesystem;
using testing::FakeTransport;

std::string Ack(std::uint64_t seq) {
  v1::SubmitResponse r;
  r.set_acknowledged_sequence(seq);
  return r.SerializeAsString();
}

v1::Snapshot Inventory(int packages) {
  return testing::GeneratedInventory(0, "m1", packages);
}

class ReporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("surveyor-reporter-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "secret") << "sse_test\n";
    config_.mutable_server()->set_url("https://server.invalid");
    config_.mutable_server()->set_enroll_secret_file(
        (dir_ / "secret").string());
    config_.set_state_dir((dir_ / "state").string());
    config_.set_root(std::string(SURVEYOR_FIXTURES) + "/roots/debian-desktop");
    auto s = AgentState::Open(config_.state_dir(), 0);
    ASSERT_TRUE(s) << s.error().message;
    state_ = std::move(*s);
    ASSERT_TRUE(state_->SaveEnrollment({"ag_1", "snk_old"}));
  }
  void TearDown() override { fs::remove_all(dir_); }

  Reporter MakeReporter() {
    return Reporter(config_, *state_, transport_, nullptr, [] {
      return std::chrono::system_clock::time_point(std::chrono::seconds(1000));
    });
  }
  std::uint64_t Depth() { return state_->Outbox()->depth; }

  fs::path dir_;
  v1::AgentConfig config_;
  std::unique_ptr<AgentState> state_;
  FakeTransport transport_;
};

TEST_F(ReporterTest, FullInventoryTravelsCompressedAndSmallOnesPlain) {
  ASSERT_TRUE(state_->Enqueue(Inventory(900)));
  v1::Snapshot small;
  small.mutable_host()->set_machine_id("m1");
  ASSERT_TRUE(state_->Enqueue(small));
  transport_.Then(200, Ack(1));
  transport_.Then(200, Ack(2));
  FlushResult r = MakeReporter().Flush();
  EXPECT_TRUE(r.drained) << r.error;
  ASSERT_EQ(transport_.requests.size(), 2u);
  const auto& full = transport_.requests[0];
  EXPECT_EQ(full.encoding, "zstd");
  EXPECT_EQ(full.bearer, "snk_old");
  auto plain = common::Decompress(common::Encoding::kZstd, full.body, 1 << 24);
  ASSERT_TRUE(plain) << plain.error().message;
  v1::Snapshot sent;
  ASSERT_TRUE(sent.ParseFromString(*plain));
  EXPECT_EQ(sent.sequence(), 1u);
  EXPECT_LT(full.body.size() * 3, plain->size());  // At least 3x smaller.
  EXPECT_EQ(transport_.requests[1].encoding, "");  // Tiny: as is.
  EXPECT_EQ(Depth(), 0u);
  EXPECT_EQ(*state_->Fact("last_send"), "1000");  // The injected clock.
}

TEST_F(ReporterTest, OldServerRefusingZstdGetsThePlainBody) {
  ASSERT_TRUE(state_->Enqueue(Inventory(200)));
  transport_.Then(415, "{\"error\":\"unsupported-encoding\"}");
  transport_.Then(200, Ack(1));
  FlushResult r = MakeReporter().Flush();
  EXPECT_TRUE(r.drained) << r.error;
  ASSERT_EQ(transport_.requests.size(), 2u);
  EXPECT_EQ(transport_.requests[0].encoding, "zstd");
  EXPECT_EQ(transport_.requests[1].encoding, "");
  v1::Snapshot sent;
  EXPECT_TRUE(sent.ParseFromString(transport_.requests[1].body));
}

TEST_F(ReporterTest, FailedLocalAcknowledgeStopsInsteadOfResending) {
  ASSERT_TRUE(state_->Enqueue(Inventory(10)));
  // While the request is in flight the disk "fills up": from now on the
  // outbox refuses deletes, as a full disk or a read-only remount would.
  transport_.before_answer = [&](const FakeTransport::Request&) {
    auto db = common::Database::Open(config_.state_dir() + "/agent.db",
                                     common::Database::Mode::kReadWrite);
    ASSERT_TRUE(db);
    ASSERT_TRUE(
        db->ExecScript("CREATE TRIGGER full_disk BEFORE DELETE ON outbox BEGIN "
                       "SELECT RAISE(FAIL, 'database or disk is full'); END"));
  };
  transport_.Then(200, Ack(1));
  FlushResult r = MakeReporter().Flush();
  EXPECT_FALSE(r.drained);
  EXPECT_EQ(transport_.requests.size(), 1u);  // Sent once, not again.
  EXPECT_NE(r.error.find("cannot record acknowledgement"), std::string::npos)
      << r.error;
  EXPECT_NE(r.error.find("disk is full"), std::string::npos) << r.error;
  EXPECT_GT(r.retry_in.count(), 0);
  EXPECT_EQ(Depth(), 1u);  // Still queued: nothing is lost.
}

TEST_F(ReporterTest, UnknownKeyReenrollsOnceThenSends) {
  ASSERT_TRUE(state_->Enqueue(Inventory(3)));
  v1::EnrollResponse enrolled;
  enrolled.set_agent_id("ag_1");
  enrolled.set_node_key("snk_new");
  transport_.Then(401, "{}");
  transport_.Then(200, enrolled.SerializeAsString());
  transport_.Then(200, Ack(1));
  FlushResult r = MakeReporter().Flush();
  EXPECT_TRUE(r.drained) << r.error;
  ASSERT_EQ(transport_.requests.size(), 3u);
  EXPECT_EQ(transport_.requests[1].path, "/v1/enroll");
  v1::EnrollRequest req;
  ASSERT_TRUE(req.ParseFromString(transport_.requests[1].body));
  EXPECT_EQ(req.enroll_secret(), "sse_test");
  EXPECT_EQ(transport_.requests[2].bearer, "snk_new");
  // The request proves the identity key kept in the state directory.
  auto key = state_->IdentityKey();
  ASSERT_TRUE(key);
  EXPECT_EQ(req.agent_public_key(), key->public_raw);
  EXPECT_TRUE(common::VerifyIdentitySignature(
      key->public_raw,
      common::EnrollProofMessage(req.host().machine_id(), key->public_raw,
                                 req.proof_time_ms()),
      req.proof()));
}

TEST_F(ReporterTest, EnrollingAgainUsesTheSameKeyWithALaterProof) {
  v1::EnrollResponse enrolled;
  enrolled.set_agent_id("ag_1");
  enrolled.set_node_key("snk_new");
  std::vector<v1::EnrollRequest> sent;
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(state_->ForgetEnrollment());
    ASSERT_TRUE(state_->Enqueue(Inventory(3)));
    transport_ = testing::FakeTransport();
    transport_.Then(200, enrolled.SerializeAsString());
    transport_.Then(200, Ack(static_cast<std::uint64_t>(i + 1)));
    FlushResult r = MakeReporter().Flush();
    ASSERT_TRUE(r.drained) << r.error;
    sent.emplace_back();
    ASSERT_TRUE(sent.back().ParseFromString(transport_.requests[0].body));
  }
  EXPECT_EQ(sent[0].agent_public_key(), sent[1].agent_public_key());
  // The fake clock stands still; the proof time still moves on.
  EXPECT_GT(sent[1].proof_time_ms(), sent[0].proof_time_ms());
}

TEST_F(ReporterTest, ServerAheadOfARestoredAgentRenumbersTheQueue) {
  ASSERT_TRUE(state_->Enqueue(Inventory(3)));  // Sequence 1 here, ...
  v1::SubmitResponse conflict;
  conflict.set_sequence_conflict(true);
  conflict.set_next_sequence(40);  // ... but the server holds up to 39.
  transport_.Then(409, conflict.SerializeAsString());
  transport_.Then(200, Ack(40));
  FlushResult r = MakeReporter().Flush();
  EXPECT_TRUE(r.drained) << r.error;
  ASSERT_EQ(transport_.requests.size(), 2u);
  v1::Snapshot resent;
  std::string body = transport_.requests[1].body;
  if (transport_.requests[1].encoding == "zstd") {
    body = *common::Decompress(common::Encoding::kZstd, body, 64u << 20);
  }
  ASSERT_TRUE(resent.ParseFromString(body));
  EXPECT_EQ(resent.sequence(), 40u);
  // The next snapshot continues after it.
  EXPECT_EQ(*state_->Enqueue(Inventory(3)), 41u);
}

TEST_F(ReporterTest, BusyServerIsWaitedOutAndRefusedSnapshotDropped) {
  ASSERT_TRUE(state_->Enqueue(Inventory(3)));
  transport_.Then(503, "", std::chrono::seconds(17));
  FlushResult busy = MakeReporter().Flush();
  EXPECT_FALSE(busy.drained);
  EXPECT_EQ(busy.retry_in.count(), 17);
  EXPECT_EQ(Depth(), 1u);

  FakeTransport refusing;
  refusing.Then(400, "{\"error\":\"invalid-request\"}");
  Reporter reporter(config_, *state_, refusing, nullptr);
  FlushResult dropped = reporter.Flush();
  EXPECT_TRUE(dropped.drained);  // Nothing left that could ever be sent.
  EXPECT_EQ(Depth(), 0u);
  EXPECT_NE(state_->Fact("last_error")->find("refused: HTTP 400"),
            std::string::npos);
}

TEST_F(ReporterTest, TransportErrorBacksOffAndKeepsTheSnapshot) {
  ASSERT_TRUE(state_->Enqueue(Inventory(3)));
  transport_.Then(std::unexpected(
      common::Error{common::ErrorCode::kIo, "connection refused"}));
  FlushResult r = MakeReporter().Flush();
  EXPECT_FALSE(r.drained);
  EXPECT_GE(r.retry_in.count(), 4);  // 5 s +-20%.
  EXPECT_EQ(r.error, "connection refused");
  EXPECT_EQ(Depth(), 1u);
}

}  // namespace
}  // namespace surveyor::agent
