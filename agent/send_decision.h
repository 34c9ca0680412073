// What the agent does with the server's answer to one queued snapshot.
// Pure: the HTTP result (or transport error) in, a decision out, so every
// case has a table test (tests/agent/send_decision_test.cc).
//
//   200 + SubmitResponse      acknowledge (and collect resend_full again)
//   200, not a SubmitResponse back off
//   401 (first time)          enroll again, then resend
//   401 (after re-enrolling)  back off
//   409 + sequence_conflict   the sequence is taken by other content (our
//                             state was restored from an older copy):
//                             renumber the queue from next_sequence, resend
//   415 to a compressed body  send it again uncompressed (an older server)
//   429, 503                  wait Retry-After (or back off)
//   400, 403, 413             the server will never take it: drop it, send
//                             complete sections next
//   other, transport error    back off
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>

#include "agent/transport.h"
#include "common/error.h"
#include "surveyor/v1/service.pb.h"

namespace surveyor::agent {

enum class SendAction {
  kAcknowledge,
  kReenroll,
  kSendUncompressed,
  kWait,     // Retry after `wait`.
  kBackOff,  // Retry after the exponential backoff.
  kDrop,
  kContinueAt,  // Renumber queued snapshots from `continue_at`, resend.
};

struct SendDecision {
  SendAction action = SendAction::kBackOff;
  std::chrono::seconds wait{0};   // kWait.
  std::uint64_t acknowledge = 0;  // kAcknowledge: up to this sequence.
  std::uint64_t continue_at = 0;  // kContinueAt.
  v1::SubmitResponse response;    // kAcknowledge.
  std::string error;              // Why, for status and logs.
};

struct SendContext {
  std::uint64_t sequence = 0;  // Of the snapshot sent.
  bool compressed = false;     // The body went with Content-Encoding.
  int reenrolls = 0;           // Re-enrollments in this flush so far.
};

SendDecision DecideSend(const std::expected<HttpResult, common::Error>& result,
                        const SendContext& context);

}  // namespace surveyor::agent
