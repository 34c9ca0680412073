// SaaS contract terms the vendor APIs cannot tell, as pure decisions: a
// tenant's contracts (seats bought, price per seat, currency, renewal date
// and notice period per vendor and subscription) parsed and validated with
// origin:line:column errors; the shipped list-price table; and which terms
// apply to one subscription (the tenant's contract first, then the list
// price; without either there is no price: waste is counted in seats).
// Amounts are kept in cents, never in floating point.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "surveyor/v1/saas_contracts.pb.h"

namespace surveyor::service {

// "12.50" / "12.5" / "12" -> 1250; nullopt for anything else (negative,
// more than two decimals, over 10^12).
std::optional<std::int64_t> ParseAmount(std::string_view text);
// 1250 -> "12.50".
std::string FormatAmount(std::int64_t cents);

// A tenant's contracts from text; each entry checked (vendor and sku_id
// present and unique together, one price at most and a currency with it,
// a real renewal date) with "<origin>:<line>:<column>: <what>" errors.
std::expected<v1::SaasContracts, common::Error> ParseSaasContracts(
    std::string_view text, std::string_view origin);

// The price table shipped with the server
// (service/catalog/saas_prices.textproto, embedded at build time).
const v1::SaasPriceTable& BuiltinPriceTable();
// A price table from text, checked like contracts.
std::expected<v1::SaasPriceTable, common::Error> ParsePriceTable(
    std::string_view text, std::string_view origin);

// The terms that apply to one subscription.
struct SubscriptionTerms {
  std::optional<std::int64_t> price_cents_month;  // per seat
  std::string currency;
  std::string price_source;     // "contract", "list price as of 2026-10-07"
  std::uint32_t purchased = 0;  // from the contract; 0: none given
  std::optional<std::int64_t> renewal_at;  // seconds, 00:00 UTC of the date
  std::string renewal_date;
  std::uint32_t notice_days = 0;
};

// `sku_id` and `sku_name` as the connector reports them; a contract or
// price matches either (Microsoft's list prices are keyed by
// skuPartNumber, the connector's sku_name), without regard to case.
SubscriptionTerms TermsFor(const std::string& vendor, const std::string& sku_id,
                           const std::string& sku_name,
                           const v1::SaasContracts* contracts,
                           const v1::SaasPriceTable* prices);

}  // namespace surveyor::service
