#include "agent/send_decision.h"

#include <gtest/gtest.h>

namespace surveyor::agent {
namespace {

using std::chrono::seconds;

std::string Ack(std::uint64_t seq, bool resend_software = false) {
  v1::SubmitResponse r;
  r.set_acknowledged_sequence(seq);
  if (resend_software) r.add_resend_full("software");
  return r.SerializeAsString();
}

std::string Conflict(std::uint64_t next) {
  v1::SubmitResponse r;
  r.set_sequence_conflict(true);
  r.set_next_sequence(next);
  return r.SerializeAsString();
}

struct Case {
  const char* name;
  std::expected<HttpResult, common::Error> result;
  SendContext context;
  SendAction action;
  std::int64_t wait = 0;
  std::uint64_t acknowledge = 0;
  const char* error_contains = "";
};

TEST(SendDecisionTest, EveryAnswerHasOneMeaning) {
  const Case cases[] = {
      {"accepted",
       HttpResult{200, Ack(7), {}},
       {7, true, 0},
       SendAction::kAcknowledge,
       0,
       7},
      {"server acknowledges further (evicted gap)",
       HttpResult{200, Ack(9), {}},
       {7, false, 0},
       SendAction::kAcknowledge,
       0,
       9},
      {"server acknowledges less: never below what was sent",
       HttpResult{200, Ack(3), {}},
       {7, false, 0},
       SendAction::kAcknowledge,
       0,
       7},
      {"200 with garbage",
       HttpResult{200, "\xff\xff\xff", {}},
       {7, false, 0},
       SendAction::kBackOff,
       0,
       0,
       "not a SubmitResponse"},
      {"unknown key: enroll again",
       HttpResult{401, "{}", {}},
       {7, false, 0},
       SendAction::kReenroll,
       0,
       0,
       "node key"},
      {"unknown key twice: back off",
       HttpResult{401, "{}", {}},
       {7, false, 1},
       SendAction::kBackOff,
       0,
       0,
       "401"},
      {"old server refuses zstd",
       HttpResult{415, "", {}},
       {7, true, 0},
       SendAction::kSendUncompressed},
      {"415 to a plain body",
       HttpResult{415, "no", {}},
       {7, false, 0},
       SendAction::kBackOff,
       0,
       0,
       "HTTP 415"},
      {"busy with Retry-After",
       HttpResult{503, "", seconds(42)},
       {7, false, 0},
       SendAction::kWait,
       42,
       0,
       "busy"},
      {"throttled with Retry-After",
       HttpResult{429, "", seconds(5)},
       {7, false, 0},
       SendAction::kWait,
       5,
       0,
       "429"},
      {"rate-limited, the server's reason kept",
       HttpResult{429, R"({"error":"rate-limited","detail":"retry in 900 s"})",
                  seconds(900)},
       {7, false, 0},
       SendAction::kWait,
       900,
       0,
       "rate-limits this host (HTTP 429): {\"error\":\"rate-limited\""},
      {"busy without Retry-After",
       HttpResult{503, "", {}},
       {7, false, 0},
       SendAction::kBackOff,
       0,
       0,
       "busy"},
      {"malformed: drop",
       HttpResult{400, "{\"error\":\"x\"}", {}},
       {7, false, 0},
       SendAction::kDrop,
       0,
       0,
       "snapshot 7 refused: HTTP 400"},
      {"wrong machine: drop",
       HttpResult{403, "", {}},
       {7, false, 0},
       SendAction::kDrop,
       0,
       0,
       "HTTP 403"},
      {"too large: drop",
       HttpResult{413, "", {}},
       {7, false, 0},
       SendAction::kDrop,
       0,
       0,
       "HTTP 413"},
      {"sequence taken by other content: continue after the server's",
       HttpResult{409, Conflict(12), {}},
       {7, false, 0},
       SendAction::kContinueAt,
       0,
       0,
       "continuing at 12"},
      {"conflict that would not move forward: back off",
       HttpResult{409, Conflict(7), {}},
       {7, false, 0},
       SendAction::kBackOff,
       0,
       0,
       "HTTP 409"},
      {"409 without a SubmitResponse: back off",
       HttpResult{409, "{\"error\":\"conflict\"}", {}},
       {7, false, 0},
       SendAction::kBackOff,
       0,
       0,
       "HTTP 409"},
      {"server error",
       HttpResult{500, "oops\x1b[31m", {}},
       {7, false, 0},
       SendAction::kBackOff,
       0,
       0,
       "HTTP 500: oops\\x1b[31m"},
      {"transport error",
       std::unexpected(common::Error{common::ErrorCode::kIo, "refused"}),
       {7, false, 0},
       SendAction::kBackOff,
       0,
       0,
       "refused"},
  };
  for (const auto& c : cases) {
    SendDecision d = DecideSend(c.result, c.context);
    EXPECT_EQ(d.action, c.action) << c.name;
    EXPECT_EQ(d.wait.count(), c.wait) << c.name;
    if (c.action == SendAction::kAcknowledge) {
      EXPECT_EQ(d.acknowledge, c.acknowledge) << c.name;
    }
    EXPECT_NE(d.error.find(c.error_contains), std::string::npos)
        << c.name << ": " << d.error;
  }
}

TEST(SendDecisionTest, AcknowledgementCarriesResendFull) {
  SendDecision d = DecideSend(HttpResult{200, Ack(2, true), {}}, {2, true, 0});
  ASSERT_EQ(d.action, SendAction::kAcknowledge);
  ASSERT_EQ(d.response.resend_full_size(), 1);
  EXPECT_EQ(d.response.resend_full(0), "software");
}

}  // namespace
}  // namespace surveyor::agent
