#include "collectors/registry_export.h"

#include <gtest/gtest.h>

#include "tests/fixture.h"

namespace surveyor::collectors {
namespace {

using surveyor::testing::ReadFixture;

TEST(RegistryExportTest, RegeditUtf16ExportWithContinuationLines) {
  auto keys =
      ParseRegistryExport(ReadFixture("windows/uninstall_machine_wine8.reg"));
  ASSERT_TRUE(keys) << keys.error().line << ": " << keys.error().reason;
  const RegistryKey* reader = nullptr;
  const RegistryKey* notepad = nullptr;
  const RegistryKey* hidemaru = nullptr;
  for (const auto& k : *keys) {
    if (k.path.ends_with("{AC76BA86-7AD7-1033-7B44-AC0F074E4100}")) reader = &k;
    if (k.path.ends_with("\\Notepad++")) notepad = &k;
    if (k.path.ends_with("\\Hidemaru")) hidemaru = &k;
  }
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->String("displayname"), "Adobe Acrobat Reader DC");
  EXPECT_EQ(reader->Number("EstimatedSize", 0), 601234u);
  EXPECT_EQ(reader->Number("WindowsInstaller", 0), 1u);
  const auto* uninstall = reader->Find("UninstallString");
  ASSERT_NE(uninstall, nullptr);
  EXPECT_EQ(uninstall->type, RegistryValue::Type::kExpandString);
  EXPECT_EQ(uninstall->text,
            "MsiExec.exe /I{AC76BA86-7AD7-1033-7B44-AC0F074E4100}");
  EXPECT_EQ(reader->String("InstallLocation"),
            "C:\\Program Files (x86)\\Adobe\\Acrobat Reader DC\\");
  ASSERT_NE(notepad, nullptr);
  EXPECT_EQ(notepad->String("DisplayName"), "Notepad++ (64-bit x64)");
  ASSERT_NE(hidemaru, nullptr);
  EXPECT_EQ(hidemaru->String("DisplayName"), "秀丸エディタ");
  EXPECT_EQ(hidemaru->Number("VersionMinor", 0), 22u);
}

TEST(RegistryExportTest, Regedit4AndEveryValueForm) {
  auto keys = ParseRegistryExport(
      "REGEDIT4\r\n"
      "\r\n"
      "; a comment\r\n"
      "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]\r\n"
      "@=\"default \\\"quoted\\\" \\\\ back\"\r\n"
      "\"Multi\"=hex(7):61,62,00,63,00,00\r\n"
      "\"Q\"=hex(b):01,00,00,00,00,00,00,80\r\n"
      "\"Bin\"=hex:de,ad,\\\r\n"
      "  be,ef\r\n"
      "\"Gone\"=-\r\n"
      "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Removed]\r\n"
      "\"Skipped\"=\"x\"\r\n"
      "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Latin]\r\n"
      "\"Name\"=\"Caf\xe9\"\r\n");
  ASSERT_TRUE(keys) << keys.error().line << ": " << keys.error().reason;
  ASSERT_EQ(keys->size(), 2u);
  const auto& k = (*keys)[0];
  EXPECT_EQ(k.String(""), "default \"quoted\" \\ back");
  ASSERT_NE(k.Find("multi"), nullptr);
  EXPECT_EQ(k.Find("multi")->strings, (std::vector<std::string>{"ab", "c"}));
  EXPECT_EQ(k.Number("Q", 0), 0x8000000000000001u);
  ASSERT_NE(k.Find("Bin"), nullptr);
  EXPECT_EQ(k.Find("Bin")->bytes, "\xde\xad\xbe\xef");
  EXPECT_EQ(k.Find("Gone"), nullptr);
  EXPECT_EQ((*keys)[1].String("Name"), "Caf\xc3\xa9");  // Latin-1 to UTF-8.
}

TEST(RegistryExportTest, ErrorsNameTheLine) {
  struct Case {
    const char* text;
    std::uint64_t line;
  } cases[] = {
      {"not a registry file\n", 1},
      {"REGEDIT4\n\"v\"=\"x\"\n", 2},
      {"REGEDIT4\n[HKEY_X\n", 2},
      {"REGEDIT4\n[HKEY_X]\n\"v\"=\"unterminated\n", 3},
      {"REGEDIT4\n[HKEY_X]\n\"v\"=dword:xyz\n", 3},
      {"REGEDIT4\n[HKEY_X]\n\"v\"=dword:123456789\n", 3},
      {"REGEDIT4\n[HKEY_X]\n\"v\"=hex(4):01,02\n", 3},
      {"REGEDIT4\n[HKEY_X]\n\"v\"=hex:0g\n", 3},
      {"REGEDIT4\n[HKEY_X]\n\"v\"=other\n", 3},
      {"", 1},
  };
  for (const auto& c : cases) {
    auto keys = ParseRegistryExport(c.text);
    ASSERT_FALSE(keys) << c.text;
    EXPECT_EQ(keys.error().line, c.line) << c.text << keys.error().reason;
  }
}

TEST(RegistryExportTest, Utf16SurrogatesAndStrays) {
  // U+1F600 as a surrogate pair, then an unpaired high surrogate, then 'A'.
  std::string bytes("\x3d\xd8\x00\xde\x3d\xd8\x41\x00", 8);
  EXPECT_EQ(Utf16LeToUtf8(bytes),
            "\xf0\x9f\x98\x80\xef\xbf\xbd"
            "A");
  EXPECT_EQ(Utf16LeToUtf8(std::string("A\0\0\0B\0", 6), true), "A");
}

}  // namespace
}  // namespace surveyor::collectors
