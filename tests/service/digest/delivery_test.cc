// Digest delivery over a real store (both backends) with a fake mail server
// and a fake clock: due times in the tenant's zone, once per week across
// "servers", retries with back-off, takeover of a crashed send, giving up.
#include <gtest/gtest.h>

#include "service/app/digest_delivery.h"
#include "tests/fakes/fake_mail_sender.h"
#include "tests/service/server_harness.h"
#include "tests/service/store_backends.h"

namespace surveyor::service {
namespace {

// Tuesday 2026-11-10 12:00 UTC, in week 46.
constexpr std::int64_t kEnrolled = 1794312000;
// Monday 2026-11-16 07:00 UTC = 08:00 in Berlin (CET): week 46's send time.
constexpr std::int64_t kDue46 = 1794812400;

class DeliveryTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    fresh_ = std::make_unique<FreshStore>(GetParam());
    ASSERT_FALSE(fresh_->url().empty());
    auto opened = TestServer::Open(fresh_->url());
    ASSERT_TRUE(opened) << opened.error().message;
    server_ = std::move(*opened);
    catalog_ = std::make_unique<findings::Catalog>(
        std::move(*findings::Catalog::Builtin()));
    secret_ = *server_->AddTenant("acme", kEnrolled - 86400);
    app_ = std::make_unique<Application>(server_->raw(), catalog_.get(),
                                         [this] { return now_; });
    now_ = kEnrolled;
    auto tenant = app_->RequireTenant("acme");
    ASSERT_TRUE(tenant);
    tenant_ = *tenant;
    auto set = app_->SetPolicy(
        tenant_.id,
        "digest { time_zone: \"Europe/Berlin\" weekday: 1 hour: 8 "
        "recipients: \"cto@acme.example\" recipients: \"it@acme.example\" }",
        "test policy");
    ASSERT_TRUE(set) << set.error().message;
    v1::EnrollRequest req;
    req.set_enroll_secret(secret_);
    req.mutable_host()->set_machine_id("m-reception");
    req.mutable_host()->set_hostname("reception");
    ASSERT_TRUE(server_->Enroll(req, kEnrolled));
  }

  std::vector<DeliveryOutcome> Run(testing::FakeMailSender& sender,
                                   DeliveryOptions options = {}) {
    options.from = "Surveyor <digest@msp.example>";
    DigestDelivery delivery(*app_, sender, options);
    auto out = delivery.RunDue();
    EXPECT_TRUE(out) << out.error().message;
    return out ? *out : std::vector<DeliveryOutcome>{};
  }

  std::vector<DigestSendRow> Rows() {
    auto rows = server_->raw().DigestSends(10);
    EXPECT_TRUE(rows);
    return *rows;
  }

  std::unique_ptr<FreshStore> fresh_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<findings::Catalog> catalog_;
  std::unique_ptr<Application> app_;
  std::string secret_;
  Tenant tenant_;
  std::int64_t now_ = 0;
};

TEST_P(DeliveryTest, SendsEachWeekOnceAtItsLocalTime) {
  testing::FakeMailSender sender;
  // Before Monday 08:00 Berlin only week 45 is due, and the tenant had no
  // host then: nothing to say.
  now_ = kDue46 - 60;
  EXPECT_TRUE(Run(sender).empty());
  EXPECT_TRUE(Rows().empty());
  now_ = kDue46 + 60;
  auto out = Run(sender);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].sent) << out[0].error;
  EXPECT_EQ(out[0].week, "2026-W46");
  ASSERT_EQ(sender.sent.size(), 1u);
  const auto& mail = sender.sent[0];
  EXPECT_EQ(mail.envelope.from, "digest@msp.example");
  EXPECT_EQ(mail.envelope.to,
            (std::vector<std::string>{"cto@acme.example", "it@acme.example"}));
  EXPECT_NE(mail.message.find("Subject: Surveyor weekly digest: acme, "
                              "2026-W46"),
            std::string::npos);
  EXPECT_NE(mail.message.find("Message-ID: <" + out[0].message_id + ">"),
            std::string::npos);
  EXPECT_NE(mail.message.find("List-Unsubscribe: <mailto:digest@msp.example"),
            std::string::npos);
  // Again, and from a second server on the same database: nothing more.
  EXPECT_TRUE(Run(sender).empty());
  Application other(server_->raw(), catalog_.get(), [this] { return now_; });
  DigestDelivery second(other, sender, {});
  EXPECT_TRUE(second.RunDue()->empty());
  EXPECT_EQ(sender.calls, 1);
  auto rows = Rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].state, "sent");
  EXPECT_EQ(rows[0].tenant, "acme");
  EXPECT_EQ(rows[0].message_id, out[0].message_id);
}

TEST_P(DeliveryTest, FailuresBackOffThenSucceed) {
  testing::FakeMailSender sender;
  sender.fail_next = 2;
  now_ = kDue46 + 60;
  auto first = Run(sender);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_FALSE(first[0].sent);
  EXPECT_NE(first[0].error.find("reply 451"), std::string::npos);
  EXPECT_EQ(first[0].next_attempt_at, now_ + 60);
  EXPECT_EQ(Rows()[0].state, "failed");
  now_ += 30;  // not yet
  EXPECT_TRUE(Run(sender).empty());
  now_ += 31;
  auto second = Run(sender);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].attempt, 2);
  EXPECT_EQ(second[0].next_attempt_at, now_ + 120);
  now_ += 120;
  auto third = Run(sender);
  ASSERT_EQ(third.size(), 1u);
  EXPECT_TRUE(third[0].sent);
  EXPECT_EQ(sender.sent.size(), 1u);
  auto rows = Rows();
  EXPECT_EQ(rows[0].state, "sent");
  EXPECT_EQ(rows[0].attempts, 3);
  EXPECT_EQ(rows[0].last_error, "");
}

TEST_P(DeliveryTest, ACrashedSendIsTakenOverAfterTheLease) {
  testing::FakeMailSender sender;
  now_ = kDue46 + 60;
  // Another server claimed it and died before recording the outcome.
  auto claim = server_->raw().ClaimDigest(tenant_.id, "2026-W46", now_, 900);
  ASSERT_TRUE(claim && *claim);
  now_ += 899;
  EXPECT_TRUE(Run(sender).empty());
  now_ += 2;
  auto out = Run(sender);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].sent);
  EXPECT_EQ(out[0].attempt, 2);
}

TEST_P(DeliveryTest, GivesUpAfterTheLastAttempt) {
  testing::FakeMailSender sender;
  sender.fail_next = 100;
  DeliveryOptions options;
  options.max_attempts = 2;
  now_ = kDue46 + 60;
  EXPECT_EQ(Run(sender, options)[0].next_attempt_at, now_ + 60);
  now_ += 61;
  auto out = Run(sender, options);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].next_attempt_at, 0);
  EXPECT_EQ(Rows()[0].state, "abandoned");
  now_ += 86400;
  EXPECT_TRUE(Run(sender, options).empty());
  EXPECT_EQ(sender.calls, 2);
}

TEST_P(DeliveryTest, TenantsWithoutRecipientsAreNotSent) {
  ASSERT_TRUE(app_->SetPolicy(tenant_.id, "", "empty policy"));
  testing::FakeMailSender sender;
  now_ = kDue46 + 60;
  EXPECT_TRUE(Run(sender).empty());
  EXPECT_EQ(sender.calls, 0);
}

TEST(RetryDelay, DoublesFromAMinuteToSixHours) {
  EXPECT_EQ(RetryDelay(1), 60);
  EXPECT_EQ(RetryDelay(2), 120);
  EXPECT_EQ(RetryDelay(3), 240);
  EXPECT_EQ(RetryDelay(9), 15360);
  EXPECT_EQ(RetryDelay(10), 6 * 3600);
  EXPECT_EQ(RetryDelay(100), 6 * 3600);
}

INSTANTIATE_TEST_SUITE_P(Backends, DeliveryTest, kBothBackends, BackendName);

}  // namespace
}  // namespace surveyor::service
