// Contract terms and list prices: amounts without floating point, errors
// that say where, and which terms a subscription gets.
#include "service/domain/saas_contracts.h"

#include <gtest/gtest.h>

namespace surveyor::service {
namespace {

TEST(SaasContractsTest, AmountsAreExactCents) {
  EXPECT_EQ(ParseAmount("12.50"), 1250);
  EXPECT_EQ(ParseAmount("12.5"), 1250);
  EXPECT_EQ(ParseAmount("12"), 1200);
  EXPECT_EQ(ParseAmount("0.07"), 7);
  for (const char* bad : {"", "-1", "1.234", ".5", "1.", "1,50", "12 EUR",
                          "1e3", "99999999999999"}) {
    EXPECT_FALSE(ParseAmount(bad)) << bad;
  }
  EXPECT_EQ(FormatAmount(1250), "12.50");
  EXPECT_EQ(FormatAmount(7), "0.07");
  EXPECT_EQ(FormatAmount(190000), "1900.00");
}

TEST(SaasContractsTest, ErrorsNameFileLineAndColumn) {
  struct Case {
    std::string text, error;
  } cases[] = {
      {"contracts { vendor: \"zoom\" }",
       "c.textproto:1:1: a contract needs vendor and sku_id"},
      {"contracts { vendor: \"zoom\" sku_id: \"plan_base\" }\n"
       "contracts { vendor: \"zoom\" sku_id: \"plan_base\" }",
       "c.textproto:2:1: a second contract for zoom plan_base"},
      {"\n  contracts { vendor: \"zoom\" sku_id: \"p\" "
       "price_per_seat_month: \"12,50\" currency: \"USD\" }",
       "c.textproto:2:3: price_per_seat_month '12,50' is not an amount"},
      {"contracts { vendor: \"zoom\" sku_id: \"p\" price_per_seat_month: "
       "\"12\" }",
       "c.textproto:1:1: a price needs currency"},
      {"contracts { vendor: \"zoom\" sku_id: \"p\" price_per_seat_month: "
       "\"12\" price_per_seat_year: \"100\" currency: \"USD\" }",
       "give price_per_seat_month or price_per_seat_year, not both"},
      {"contracts { vendor: \"zoom\" sku_id: \"p\" renewal_date: "
       "\"2027-02-29\" }",
       "renewal_date '2027-02-29' is not a date"},
      {"contracts { vendor: \"zoom\" sku_id: \"p\" seats: 3 }",
       "c.textproto:1:"},  // unknown field: the parser's own message
  };
  for (const auto& c : cases) {
    auto parsed = ParseSaasContracts(c.text, "c.textproto");
    ASSERT_FALSE(parsed) << c.text;
    EXPECT_NE(parsed.error().message.find(c.error), std::string::npos)
        << parsed.error().message;
  }
  auto ok = ParseSaasContracts(
      "contracts { vendor: \"zoom\" sku_id: \"plan_base\" purchased: 10 "
      "price_per_seat_year: \"160.00\" currency: \"USD\" renewal_date: "
      "\"2028-02-29\" }",
      "c.textproto");
  ASSERT_TRUE(ok) << ok.error().message;
}

TEST(SaasContractsTest, ContractFirstThenListPriceNeverInvented) {
  auto contracts = *ParseSaasContracts(
      "contracts { vendor: \"microsoft365\" sku_id: \"SPB\" "
      "price_per_seat_year: \"250.00\" currency: \"EUR\" renewal_date: "
      "\"2027-03-01\" }\n"
      "contracts { vendor: \"slack\" sku_id: \"slack\" purchased: 25 }",
      "c");
  const auto& prices = BuiltinPriceTable();
  EXPECT_FALSE(prices.as_of().empty());
  // The contract matches Microsoft's SKU part number, in any case.
  auto spb = TermsFor("microsoft365", "cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46",
                      "spb", &contracts, &prices);
  EXPECT_EQ(spb.price_cents_month, 2083);  // 250.00 / 12, rounded
  EXPECT_EQ(spb.currency, "EUR");
  EXPECT_EQ(spb.price_source, "contract");
  EXPECT_EQ(spb.renewal_date, "2027-03-01");
  EXPECT_EQ(spb.notice_days, 30u);  // the default
  // Without a contract price, the list price and its date.
  auto listed = TermsFor("microsoft365", "x", "SPB", nullptr, &prices);
  EXPECT_EQ(listed.price_cents_month, 2200);
  EXPECT_EQ(listed.price_source, "list price as of " + prices.as_of());
  // Seats bought from the contract; no price anywhere: none.
  auto slack = TermsFor("slack", "slack", "Slack", &contracts, &prices);
  EXPECT_EQ(slack.purchased, 25u);
  EXPECT_FALSE(slack.price_cents_month);
  EXPECT_FALSE(
      TermsFor("zoom", "plan_base", "", nullptr, &prices).price_cents_month);
}

}  // namespace
}  // namespace surveyor::service
