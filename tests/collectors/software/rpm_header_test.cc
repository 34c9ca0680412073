#include "collectors/software/rpm_header.h"

#include <gtest/gtest.h>

#include "tests/fixture.h"

namespace surveyor::collectors::software {
namespace {

using surveyor::testing::ReadFixture;

// Header blobs copied out of an rpmdb.sqlite written by rpm 4.18
// (tests/fixtures/make_rpm_root.sh).
TEST(RpmHeaderTest, NoarchWithEpochAndVendor) {
  std::string blob = ReadFixture("rpm/hello-surveyor.hdr");
  ASSERT_FALSE(blob.empty());
  auto h = ParseRpmHeader(blob);
  ASSERT_TRUE(h) << h.error().reason;
  EXPECT_EQ(h->name, "hello-surveyor");
  ASSERT_TRUE(h->epoch.has_value());
  EXPECT_EQ(*h->epoch, 2u);
  EXPECT_EQ(h->version, "1.2.3");
  EXPECT_EQ(h->release, "4.fc39");
  EXPECT_EQ(h->arch, "noarch");
  EXPECT_EQ(h->vendor, "Surveyor Test Vendor");
  EXPECT_GT(h->install_time, 1'600'000'000);
  EXPECT_EQ(h->Evr(), "2:1.2.3-4.fc39");
}

TEST(RpmHeaderTest, NoEpochIsAbsentNotZero) {
  auto h = ParseRpmHeader(ReadFixture("rpm/acme-backup-agent.hdr"));
  ASSERT_TRUE(h) << h.error().reason;
  EXPECT_EQ(h->name, "acme-backup-agent");
  EXPECT_FALSE(h->epoch.has_value());
  EXPECT_EQ(h->arch, "x86_64");
  EXPECT_EQ(h->Evr(), "7.1.0-1.el9");
}

TEST(RpmHeaderTest, EveryTruncationIsAnErrorWithAnOffset) {
  std::string blob = ReadFixture("rpm/hello-surveyor.hdr");
  for (std::size_t len = 0; len < blob.size(); ++len) {
    auto h = ParseRpmHeader(std::string_view(blob).substr(0, len));
    ASSERT_FALSE(h) << "length " << len;
    EXPECT_FALSE(h.error().reason.empty());
    EXPECT_LE(h.error().offset, blob.size());
  }
}

TEST(RpmHeaderTest, HostileCountsAndOffsets) {
  // il = 0x7fffffff
  EXPECT_FALSE(ParseRpmHeader(std::string("\x7f\xff\xff\xff\0\0\0\0", 8)));
  // dl huge
  EXPECT_FALSE(ParseRpmHeader(std::string("\0\0\0\x01\x7f\xff\xff\xff", 8)));
  // One NAME entry pointing past the data store.
  std::string blob("\0\0\0\x01\0\0\0\x04", 8);
  blob += std::string("\0\0\x03\xe8\0\0\0\x06\0\0\x10\0\0\0\0\x01", 16);
  blob += std::string("abcd", 4);
  auto h = ParseRpmHeader(blob);
  ASSERT_FALSE(h);
  EXPECT_NE(h.error().reason.find("out of range"), std::string::npos);
  // NAME pointing at an unterminated string.
  blob[8 + 10] = 0;
  blob[8 + 11] = 0;
  h = ParseRpmHeader(blob);
  ASSERT_FALSE(h);
  EXPECT_NE(h.error().reason.find("unterminated"), std::string::npos);
  // NAME with an integer type.
  blob[8 + 7] = 4;
  h = ParseRpmHeader(blob);
  ASSERT_FALSE(h);
  EXPECT_NE(h.error().reason.find("not a string"), std::string::npos);
}

TEST(RpmHeaderTest, BitFlipsNeverCrash) {
  std::string blob = ReadFixture("rpm/hello-surveyor.hdr");
  for (std::size_t i = 0; i < blob.size(); ++i) {
    std::string copy = blob;
    copy[i] = static_cast<char>(copy[i] ^ 0xff);
    (void)ParseRpmHeader(copy);
  }
}

}  // namespace
}  // namespace surveyor::collectors::software
