#include "service/domain/snapshot_check.h"

#include <gtest/gtest.h>

#include <functional>

#include "tests/packages.h"

namespace surveyor::service {
namespace {

v1::Snapshot Valid() {
  v1::Snapshot s;
  s.set_sequence(3);
  s.mutable_host()->set_machine_id("m1");
  auto* sw = s.add_sections();
  sw->set_collector("software");
  *sw->mutable_software()->add_packages() = testing::DebPackage("bash", "5.2");
  auto* pr = s.add_sections();
  pr->set_collector("protection");
  pr->mutable_protection()->add_products()->set_product("clamav");
  s.add_sections()->set_collector("future-collector");  // errors only
  return s;
}

struct Case {
  const char* name;
  std::function<void(v1::Snapshot&)> mutate;
  const char* error;  // Substring of the message; "" = accepted.
};

TEST(SnapshotCheckTest, EachMalformationNamesItsField) {
  const Case cases[] = {
      {"valid", [](v1::Snapshot&) {}, ""},
      {"sequence 0", [](v1::Snapshot& s) { s.set_sequence(0); },
       "sequence: 0 is not in 1..2^63-1"},
      {"sequence above 2^63",
       [](v1::Snapshot& s) { s.set_sequence(0x8000000000000000ull); },
       "sequence: 9223372036854775808 is not"},
      {"duplicate section",
       [](v1::Snapshot& s) { *s.add_sections() = s.sections(0); },
       "sections[3].collector 'software' appears twice"},
      {"software payload under another collector's name",
       [](v1::Snapshot& s) {
         s.mutable_sections(0)->set_collector("protection");
       },
       "sections[0].collector 'protection' carries a software payload"},
      {"payload mismatch",
       [](v1::Snapshot& s) { s.mutable_sections(1)->set_collector("backup"); },
       "sections[1].collector 'backup' carries a protection payload"},
      {"bad collector name",
       [](v1::Snapshot& s) { s.mutable_sections(2)->set_collector("X\x1b"); },
       "sections[2].collector: not a collector name"},
      {"too many sections",
       [](v1::Snapshot& s) {
         for (int i = 0; i < 40; ++i) {
           s.add_sections()->set_collector("c" + std::to_string(i));
         }
       },
       "sections: 43 sections, at most 32"},
      {"signature time -2^63",
       [](v1::Snapshot& s) {
         s.mutable_sections(1)
             ->mutable_protection()
             ->mutable_products(0)
             ->mutable_signature_time()
             ->set_seconds(INT64_MIN);
       },
       "sections[1].protection.products[0].signature_time: time out of "
       "range"},
      {"huge hostname",
       [](v1::Snapshot& s) {
         s.mutable_host()->set_hostname(std::string(8 << 20, 'h'));
       },
       "host.hostname: 8388608 bytes, at most 255"},
      {"huge package name",
       [](v1::Snapshot& s) {
         s.mutable_sections(0)
             ->mutable_software()
             ->mutable_packages(0)
             ->set_name(std::string(1000, 'p'));
       },
       "sections[0].software.packages[0].name: 1000 bytes"},
      {"too many packages",
       [](v1::Snapshot& s) {
         auto* sw = s.mutable_sections(0)->mutable_software();
         for (int i = 0; i < 100'000; ++i) {
           *sw->add_packages() = testing::DebPackage("p", "1");
         }
       },
       "sections[0].software.packages: 100001 packages, at most 100000"},
  };
  for (const auto& c : cases) {
    v1::Snapshot s = Valid();
    c.mutate(s);
    auto error = CheckSnapshot(s);
    if (std::string(c.error).empty()) {
      EXPECT_FALSE(error) << c.name << ": " << *error;
    } else {
      ASSERT_TRUE(error) << c.name;
      EXPECT_NE(error->find(c.error), std::string::npos)
          << c.name << ": " << *error;
    }
  }
}

}  // namespace
}  // namespace surveyor::service
