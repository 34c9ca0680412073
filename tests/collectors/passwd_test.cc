#include "collectors/passwd.h"

#include <gtest/gtest.h>

#include "collectors/host_view.h"
#include "tests/fixture.h"

namespace surveyor::collectors {
namespace {

using surveyor::testing::ReadFixture;

TEST(PasswdTest, Passwd) {
  auto users = ParsePasswd(ReadFixture("roots/debian-desktop/etc/passwd") +
                           "broken-line\nx:y:notanumber:1::/h:/s\n");
  ASSERT_EQ(users.size(), 4u);
  EXPECT_EQ(users[3].name, "ann");
  EXPECT_EQ(users[3].uid, 1000u);
  EXPECT_EQ(users[3].home, "/home/ann");
}

TEST(PasswdTest, UserHomesOnceEachWithHomeDirsPasswdDoesNotList) {
  auto view =
      HostView::Open(std::string(SURVEYOR_FIXTURES) + "/roots/browser-desktop");
  ASSERT_TRUE(view);
  auto homes = UserHomes(*view);
  // root, daemon (/usr/sbin), ann, bob, carol; /home adds nobody new.
  ASSERT_EQ(homes.size(), 5u);
  EXPECT_EQ(homes[0].home, "/root");
  EXPECT_EQ(homes[4].name, "carol");
}

}  // namespace
}  // namespace surveyor::collectors
