#include "service/domain/saas_contracts.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <utility>

#include "common/textproto.h"
#include "common/time_util.h"

// The shipped price table, embedded at build time (SURVEYOR_PRICES_FILE).
extern "C" const char surveyor_builtin_prices[];
extern "C" const char surveyor_builtin_prices_end[];
asm(".section .rodata\n"
    ".global surveyor_builtin_prices\n"
    ".global surveyor_builtin_prices_end\n"
    "surveyor_builtin_prices:\n"
    ".incbin \"" SURVEYOR_PRICES_FILE
    "\"\n"
    "surveyor_builtin_prices_end:\n"
    ".byte 0\n"
    ".previous\n");

namespace surveyor::service {
namespace {

using common::ErrorCode;
using common::Fail;

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool IsCurrency(std::string_view c) {
  return c.size() == 3 && std::all_of(c.begin(), c.end(), [](char ch) {
           return ch >= 'A' && ch <= 'Z';
         });
}

// Seconds of 00:00 UTC of "YYYY-MM-DD", or nullopt.
std::optional<std::int64_t> ParseDate(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return std::nullopt;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) return std::nullopt;
  }
  const int y = std::atoi(std::string(d.substr(0, 4)).c_str());
  const unsigned m =
      static_cast<unsigned>(std::atoi(std::string(d.substr(5, 2)).c_str()));
  const unsigned day =
      static_cast<unsigned>(std::atoi(std::string(d.substr(8, 2)).c_str()));
  static constexpr unsigned kDays[] = {31, 29, 31, 30, 31, 30,
                                       31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || day < 1 || day > kDays[m - 1]) return std::nullopt;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && day == 29 && !leap) return std::nullopt;
  return common::CivilToUnix(y, m, day, 0, 0, 0);
}

// The checks shared by contracts and prices: "" when fine.
std::string CheckPrice(const std::string& amount, const std::string& currency,
                       const char* field) {
  if (amount.empty()) return "";
  if (!ParseAmount(amount)) {
    return std::string(field) + " '" + amount +
           "' is not an amount (e.g. \"12.50\")";
  }
  if (!IsCurrency(currency)) {
    return "a price needs currency, an ISO 4217 code such as \"EUR\"";
  }
  return "";
}

}  // namespace

std::optional<std::int64_t> ParseAmount(std::string_view text) {
  if (text.empty() || text.size() > 16) return std::nullopt;
  std::int64_t whole = 0, cents = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] != '.'; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
    whole = whole * 10 + (text[i] - '0');
  }
  if (i == 0) return std::nullopt;
  if (i < text.size()) {
    const std::string_view frac = text.substr(i + 1);
    if (frac.empty() || frac.size() > 2) return std::nullopt;
    for (char c : frac) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    }
    cents = std::atoi(std::string(frac).c_str()) * (frac.size() == 1 ? 10 : 1);
  }
  if (whole > 10'000'000'000) return std::nullopt;
  return whole * 100 + cents;
}

std::string FormatAmount(std::int64_t cents) {
  const bool negative = cents < 0;
  if (negative) cents = -cents;
  std::string frac = std::to_string(cents % 100);
  if (frac.size() == 1) frac = "0" + frac;
  return (negative ? "-" : "") + std::to_string(cents / 100) + "." + frac;
}

std::expected<v1::SaasContracts, common::Error> ParseSaasContracts(
    std::string_view text, std::string_view origin) {
  v1::SaasContracts out;
  google::protobuf::TextFormat::ParseInfoTree where;
  SURVEYOR_TRY(common::ParseTextProto(text, origin, out, &where));
  const auto* field =
      v1::SaasContracts::descriptor()->FindFieldByName("contracts");
  std::set<std::pair<std::string, std::string>> seen;
  for (int i = 0; i < out.contracts_size(); ++i) {
    const auto& c = out.contracts(i);
    auto bad = [&](const std::string& what) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(origin) + ":" +
                      common::TextLocation(where, field, i) + ": " + what);
    };
    if (c.vendor().empty() || c.sku_id().empty()) {
      return bad("a contract needs vendor and sku_id");
    }
    if (!seen.emplace(c.vendor(), c.sku_id()).second) {
      return bad("a second contract for " + c.vendor() + " " + c.sku_id());
    }
    if (!c.price_per_seat_month().empty() && !c.price_per_seat_year().empty()) {
      return bad("give price_per_seat_month or price_per_seat_year, not both");
    }
    for (const auto& [amount, name] :
         {std::pair{&c.price_per_seat_month(), "price_per_seat_month"},
          std::pair{&c.price_per_seat_year(), "price_per_seat_year"}}) {
      if (auto why = CheckPrice(*amount, c.currency(), name); !why.empty()) {
        return bad(why);
      }
    }
    if (!c.renewal_date().empty() && !ParseDate(c.renewal_date())) {
      return bad("renewal_date '" + c.renewal_date() +
                 "' is not a date (YYYY-MM-DD)");
    }
    if (c.notice_days() > 3650) return bad("notice_days must be at most 3650");
  }
  return out;
}

std::expected<v1::SaasPriceTable, common::Error> ParsePriceTable(
    std::string_view text, std::string_view origin) {
  v1::SaasPriceTable out;
  google::protobuf::TextFormat::ParseInfoTree where;
  SURVEYOR_TRY(common::ParseTextProto(text, origin, out, &where));
  if (!ParseDate(out.as_of())) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(origin) + ": as_of must be a date (YYYY-MM-DD)");
  }
  const auto* field =
      v1::SaasPriceTable::descriptor()->FindFieldByName("prices");
  for (int i = 0; i < out.prices_size(); ++i) {
    const auto& p = out.prices(i);
    std::string why;
    if (p.vendor().empty() || p.sku_id().empty()) {
      why = "a price needs vendor and sku_id";
    } else if (p.price_per_seat_month().empty()) {
      why = "price_per_seat_month is required";
    } else {
      why = CheckPrice(p.price_per_seat_month(), p.currency(),
                       "price_per_seat_month");
    }
    if (!why.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(origin) + ":" +
                      common::TextLocation(where, field, i) + ": " + why);
    }
  }
  return out;
}

const v1::SaasPriceTable& BuiltinPriceTable() {
  static const v1::SaasPriceTable table = [] {
    std::string_view text(surveyor_builtin_prices,
                          static_cast<std::size_t>(surveyor_builtin_prices_end -
                                                   surveyor_builtin_prices));
    auto parsed = ParsePriceTable(text, "built-in price table");
    // The shipped file is checked by its test; a broken one is a build bug.
    if (!parsed) std::abort();
    return *parsed;
  }();
  return table;
}

SubscriptionTerms TermsFor(const std::string& vendor, const std::string& sku_id,
                           const std::string& sku_name,
                           const v1::SaasContracts* contracts,
                           const v1::SaasPriceTable* prices) {
  auto matches = [&](const std::string& v, const std::string& sku) {
    return v == vendor && (EqualsNoCase(sku, sku_id) ||
                           (!sku_name.empty() && EqualsNoCase(sku, sku_name)));
  };
  SubscriptionTerms t;
  if (contracts != nullptr) {
    for (const auto& c : contracts->contracts()) {
      if (!matches(c.vendor(), c.sku_id())) continue;
      t.purchased = c.purchased();
      if (auto month = ParseAmount(c.price_per_seat_month())) {
        t.price_cents_month = *month;
      } else if (auto year = ParseAmount(c.price_per_seat_year())) {
        t.price_cents_month = (*year + 6) / 12;
      }
      if (t.price_cents_month) {
        t.currency = c.currency();
        t.price_source = "contract";
      }
      if (auto at = ParseDate(c.renewal_date())) {
        t.renewal_at = *at;
        t.renewal_date = c.renewal_date();
        t.notice_days = c.notice_days() ? c.notice_days() : 30;
      }
      break;
    }
  }
  if (!t.price_cents_month && prices != nullptr) {
    for (const auto& p : prices->prices()) {
      if (!matches(p.vendor(), p.sku_id())) continue;
      t.price_cents_month = ParseAmount(p.price_per_seat_month());
      t.currency = p.currency();
      t.price_source = "list price as of " + prices->as_of();
      break;
    }
  }
  return t;
}

}  // namespace surveyor::service
