// The private state directory and the check on who may read the enrollment
// secret, on Windows. Wine 8 neither stores the DACL a directory is created
// with nor one set later (it reports its default, SYSTEM and the user), so
// the DACL decisions are checked on descriptors built in memory, and the
// directory's protection itself needs a real Windows machine.
#include <windows.h>
// windows.h first.
#include <gtest/gtest.h>
#include <sddl.h>

#include <filesystem>

#include "common/dacl_win32.h"
#include "common/private_path.h"
#include "common/win32_text.h"

namespace surveyor::common {
namespace {

// The DACL of `sddl`, kept alive with its descriptor.
class Descriptor {
 public:
  explicit Descriptor(const wchar_t* sddl) {
    EXPECT_TRUE(ConvertStringSecurityDescriptorToSecurityDescriptorW(
        sddl, SDDL_REVISION_1, &sd_, nullptr))
        << Narrow(sddl);
    BOOL present = FALSE, defaulted = FALSE;
    GetSecurityDescriptorDacl(sd_, &present, &dacl_, &defaulted);
  }
  ~Descriptor() { LocalFree(sd_); }
  const ACL* dacl() const { return dacl_; }
  std::string Sddl() const {
    LPWSTR text = nullptr;
    ConvertSecurityDescriptorToStringSecurityDescriptorW(
        sd_, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &text, nullptr);
    std::string out = text ? Narrow(text) : "";
    LocalFree(text);
    return out;
  }

 private:
  PSECURITY_DESCRIPTOR sd_ = nullptr;
  PACL dacl_ = nullptr;
};

TEST(PrivatePathTest, TheStateDirectoryDaclIsSystemAndAdministratorsOnly) {
  Descriptor mine(kPrivateDirectoryDacl);
  // Protected, full control, inherited by files and folders: as written.
  EXPECT_EQ(mine.Sddl(), "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)");
  EXPECT_FALSE(DaclLetsOthersRead(mine.dacl()));
}

TEST(PrivatePathTest, OthersAreEveryoneUsersAndAuthenticatedUsers) {
  for (const wchar_t* sddl :
       {L"D:P(A;;FA;;;SY)(A;;FR;;;WD)", L"D:P(A;;FA;;;SY)(A;;FR;;;BU)",
        L"D:P(A;;FA;;;SY)(A;;GR;;;AU)", L"D:P(A;;FA;;;SY)(A;;GA;;;BU)"}) {
    Descriptor d(sddl);
    EXPECT_TRUE(DaclLetsOthersRead(d.dacl())) << Narrow(sddl);
  }
  for (const wchar_t* sddl :
       {L"D:P(A;;FA;;;SY)(A;;FA;;;BA)",
        L"D:P(A;;FA;;;SY)(A;;FW;;;BU)",        // Writing is not reading.
        L"D:P(A;;FA;;;SY)(A;OICIIO;FR;;;BU)",  // Only for what is inside.
        L"D:P(A;;FA;;;SY)(D;;FR;;;WD)",        // A denial.
        L"D:P(A;;FA;;;SY)(A;;FA;;;S-1-5-21-1-2-3-1001)"}) {  // One user.
    Descriptor d(sddl);
    EXPECT_FALSE(DaclLetsOthersRead(d.dacl())) << Narrow(sddl);
  }
  EXPECT_TRUE(DaclLetsOthersRead(nullptr));  // No DACL: open to all.
}

TEST(PrivatePathTest, MakesTheDirectoryOnceAndNamesWhatFails) {
  const auto base =
      std::filesystem::temp_directory_path() /
      (L"surveyor-private-" + std::to_wstring(GetCurrentProcessId()));
  const auto dir = base / L"state \u00e9";
  std::filesystem::create_directories(base);
  ASSERT_TRUE(MakePrivateDirectory(Narrow(dir.wstring())));
  EXPECT_TRUE(std::filesystem::is_directory(dir));
  EXPECT_TRUE(MakePrivateDirectory(Narrow(dir.wstring())));  // Exists: fine.
  const std::string missing = Narrow((base / L"no" / L"such").wstring());
  auto made = MakePrivateDirectory(missing);
  ASSERT_FALSE(made);
  EXPECT_TRUE(made.error().message.starts_with(missing))
      << made.error().message;
  std::filesystem::remove_all(base);
}

}  // namespace
}  // namespace surveyor::common
