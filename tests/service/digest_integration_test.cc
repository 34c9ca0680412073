// The weekly digest end to end: real agents report to a real server, the
// CLI writes the digest as an e-mail that Python's email package (a real
// MIME parser) takes apart, and the API's JSON for the same week carries the
// same numbers as the API's own listings.
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <map>

#include "service/digest/week.h"
#include "tests/service/server_agent_fixture.h"

namespace surveyor {
namespace {

constexpr const char* kCheckEml = R"py(
import email, sys
from email import policy
msg = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
assert msg.get_content_type() == 'multipart/alternative', msg.get_content_type()
parts = list(msg.iter_parts())
assert [p.get_content_type() for p in parts] == ['text/plain', 'multipart/related'], parts
related = list(parts[1].iter_parts())
assert related[0].get_content_type() == 'text/html'
cids = {p['Content-ID'].strip('<>'): p for p in related[1:]}
html = related[0].get_content()
text = parts[0].get_content()
import re
for cid in re.findall(r'src="cid:([^"]+)"', html):
    assert cid in cids, cid
    assert cids[cid].get_content()[:8] == b'\x89PNG\r\n\x1a\n'
assert re.findall(r'src="cid:', html), 'no chart'
assert msg['To'] == 'cto@dental.example', msg['To']
for needle in sys.argv[2:]:
    assert needle in text, ('text', needle)
    assert needle.replace('&', '&amp;') in html, ('html', needle)
print('ok', len(html))
)py";

TEST_F(ServerAgentTest, DigestEmailParsesAndMatchesTheApi) {
  std::string secret = LastWord(Admin({"tenant", "add", "dental"})[0]);
  std::string token =
      LastWord(Admin({"token", "add", "--tenant", "dental"})[0]);
  // A time zone the database does not know is refused with its name.
  std::ofstream(dir_ / "bad.textproto")
      << "digest { time_zone: \"Europe/Atlantis\" }\n";
  ProcessResult bad = RunProcess({kServer, "policy", "set", "--tenant",
                                  "dental", (dir_ / "bad.textproto").string(),
                                  "--data-dir", (dir_ / "data").string()});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("unknown time zone 'Europe/Atlantis'"),
            std::string::npos)
      << bad.err;
  std::ofstream(dir_ / "policy.textproto")
      << "digest { time_zone: \"Europe/Berlin\" recipients: "
         "\"cto@dental.example\" }\n";
  Admin({"policy", "set", "--tenant", "dental",
         (dir_ / "policy.textproto").string()});
  for (const char* name : {"reception", "surgery"}) {
    ProcessResult r = RunOnce(MakeAgent(name, secret));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const std::string week =
      digest::FormatIsoWeek(*digest::WeekOf(now, "Europe/Berlin"));

  int status = 0;
  auto data = boost::json::parse(
      Get("/v1/tenants/dental/digests/" + week, token, &status));
  ASSERT_EQ(status, 200) << data;
  const auto& d = data.as_object();
  EXPECT_EQ(d.at("week").as_string(), week);
  EXPECT_EQ(d.at("time_zone").as_string(), "Europe/Berlin");
  // Hosts: what /hosts lists.
  auto hosts =
      boost::json::parse(Get("/v1/tenants/dental/hosts", token, &status));
  const auto in_service = d.at("hosts").at("in_service").as_int64();
  EXPECT_EQ(in_service, 2);
  EXPECT_EQ(static_cast<std::int64_t>(hosts.as_array().size()), in_service);
  EXPECT_EQ(d.at("hosts").at("new").as_int64(), 2);
  EXPECT_EQ(d.at("hosts").at("reporting").as_int64(), 2);
  // Open findings by severity: what /findings lists as open.
  auto findings =
      boost::json::parse(Get("/v1/tenants/dental/findings", token, &status));
  std::map<std::string, std::int64_t> open;
  for (const auto& f : findings.at("findings").as_array()) {
    ++open[std::string(f.at("severity").as_string())];
  }
  std::int64_t total = 0;
  for (const auto& s : d.at("open_findings").as_array()) {
    const std::string sev(s.at("severity").as_string());
    EXPECT_EQ(s.at("open").as_int64(), open[sev]) << sev;
    total += s.at("open").as_int64();
  }
  EXPECT_GT(total, 0);
  // The first week is the baseline.
  EXPECT_TRUE(d.at("baseline").at("is_baseline").as_bool());

  // The e-mail: structure, chart, and the same key numbers in both parts.
  Admin({"digest", "preview", "--tenant", "dental", "--week", week, "--format",
         "eml", "-o", (dir_ / "digest.eml").string()});
  std::ofstream(dir_ / "check.py") << kCheckEml;
  ProcessResult parsed =
      RunProcess({"/usr/bin/python3", (dir_ / "check.py").string(),
                  (dir_ / "digest.eml").string(), "Weekly digest: dental",
                  "Hosts reporting", "2 of 2", "Open findings",
                  "No SaaS connector configured."});
  EXPECT_EQ(parsed.exit_code, 0) << parsed.out << parsed.err;
  // HTML under Gmail's clipping size.
  std::string html = Get("/v1/tenants/dental/digests/" + week + "?format=html",
                         token, &status);
  EXPECT_EQ(status, 200);
  EXPECT_LT(html.size(), 100u * 1024);
  EXPECT_NE(html.find("Weekly digest: dental"), std::string::npos);
  // A malformed week is a JSON 400 naming it.
  std::string err = Get("/v1/tenants/dental/digests/2026-W99", token, &status);
  EXPECT_EQ(status, 400);
  EXPECT_NE(err.find("2026-W99"), std::string::npos) << err;
}

}  // namespace
}  // namespace surveyor
