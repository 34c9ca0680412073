#include "agent/send_decision.h"

#include <algorithm>

#include "common/logging.h"

namespace surveyor::agent {
namespace {

std::string Body(const HttpResult& r) { return common::Printable(r.body, 200); }

}  // namespace

SendDecision DecideSend(const std::expected<HttpResult, common::Error>& result,
                        const SendContext& context) {
  SendDecision d;
  if (!result) {
    d.action = SendAction::kBackOff;
    d.error = result.error().message;
    return d;
  }
  const HttpResult& r = *result;
  const std::string status = "HTTP " + std::to_string(r.status);
  switch (r.status) {
    case 200:
      if (!d.response.ParseFromString(r.body)) {
        d.action = SendAction::kBackOff;
        d.error = "server answer is not a SubmitResponse";
        return d;
      }
      d.action = SendAction::kAcknowledge;
      d.acknowledge =
          std::max(d.response.acknowledged_sequence(), context.sequence);
      return d;
    case 401:
      if (context.reenrolls < 1) {
        d.action = SendAction::kReenroll;
        d.error = "server does not know our node key";
      } else {
        d.action = SendAction::kBackOff;
        d.error = "node key refused again after enrolling: " + status;
      }
      return d;
    case 409: {
      v1::SubmitResponse conflict;
      if (conflict.ParseFromString(r.body) && conflict.sequence_conflict() &&
          conflict.next_sequence() > context.sequence) {
        d.action = SendAction::kContinueAt;
        d.continue_at = conflict.next_sequence();
        d.error = "sequence " + std::to_string(context.sequence) +
                  " was stored before with other content; continuing at " +
                  std::to_string(conflict.next_sequence());
        return d;
      }
      break;
    }
    case 415:
      if (context.compressed) {
        d.action = SendAction::kSendUncompressed;
        d.error = "server does not take compressed snapshots";
        return d;
      }
      break;
    case 429:
    case 503:
      d.action = r.retry_after ? SendAction::kWait : SendAction::kBackOff;
      d.wait = r.retry_after.value_or(std::chrono::seconds(0));
      d.error = (r.status == 429 ? "server rate-limits this host ("
                                 : "server busy (") +
                status + ")" + (r.body.empty() ? "" : ": " + Body(r));
      return d;
    case 400:
    case 403:
    case 413:
      d.action = SendAction::kDrop;
      d.error = "snapshot " + std::to_string(context.sequence) +
                " refused: " + status + ": " + Body(r);
      return d;
    default:
      break;
  }
  d.action = SendAction::kBackOff;
  d.error = status + ": " + Body(r);
  return d;
}

}  // namespace surveyor::agent
