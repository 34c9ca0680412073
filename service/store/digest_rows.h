// The record of weekly digest deliveries: one row per tenant and ISO week,
// claimed before the message is sent and marked after, so a digest goes out
// once per tenant and week across restarts and across several servers.
// Storage only: when a digest is due and how failures back off live in
// service/app/digest_delivery.h.
//
// Transactions: each call is one atomic statement.
// Errors: kInternal for a storage failure.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"

namespace surveyor::service {

struct DigestSendRow {
  std::int64_t tenant_id = 0;
  std::string tenant;  // filled by DigestSends
  std::string week;    // "2026-W47"
  // "sending" (claimed, in flight or crashed), "sent", "failed" (retried
  // at next_attempt_at), "abandoned" (out of attempts).
  std::string state;
  std::int64_t attempts = 0;
  std::int64_t claimed_at = 0;
  std::int64_t next_attempt_at = 0;
  std::int64_t sent_at = 0;
  std::string last_error;
  std::string message_id;
};

class DigestRows {
 public:
  virtual ~DigestRows() = default;

  // Claims (tenant, week) for sending at `now`: creates the row, or takes
  // over one that failed and is due again (next_attempt_at <= now) or was
  // claimed more than `lease` seconds ago and never finished (a server
  // died mid-send). Returns the attempt number, or nullopt when the digest
  // was sent, abandoned, is in flight elsewhere or not yet due again.
  virtual std::expected<std::optional<std::int64_t>, common::Error> ClaimDigest(
      std::int64_t tenant_id, const std::string& week, std::int64_t now,
      std::int64_t lease) = 0;
  virtual std::expected<void, common::Error> FinishDigest(
      std::int64_t tenant_id, const std::string& week, std::int64_t sent_at,
      const std::string& message_id) = 0;
  // `next_attempt_at` 0 abandons it.
  virtual std::expected<void, common::Error> FailDigest(
      std::int64_t tenant_id, const std::string& week, const std::string& error,
      std::int64_t next_attempt_at) = 0;
  // The latest `per_tenant` rows of every tenant, newest week first.
  virtual std::expected<std::vector<DigestSendRow>, common::Error> DigestSends(
      std::int64_t per_tenant) = 0;
};

}  // namespace surveyor::service
