// The weekly digest end to end: real agents report to a real server, the
// CLI writes the digest as an e-mail that Python's email package (a real
// MIME parser) takes apart, and the API's JSON for the same week carries the
// same numbers as the API's own listings.
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <thread>

#include "service/digest/week.h"
#include "tests/service/server_agent_fixture.h"
#include "tests/smtp_fixture.h"

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

// A PNG that is not blank: its pixel bytes take many values (a white page
// has two: the filter byte and 0xff).
// Checks that a screenshot is a PNG and not blank.
const std::string kCheckPng =
    std::string(SURVEYOR_SOURCE_DIR) + "/tests/png_check.py";

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
  // Backup jobs: what each host's backup section lists.
  std::size_t jobs = 0;
  for (const auto& h : hosts.as_array()) {
    std::string agent(h.at("agent_id").as_string());
    auto section = boost::json::parse(
        Get("/v1/hosts/" + agent + "/sections/backup", token, &status));
    if (status != 200) continue;  // no backup section
    const auto& backup = section.at("section").as_object();
    if (backup.contains("backup") &&
        backup.at("backup").as_object().contains("jobs")) {
      jobs += backup.at("backup").at("jobs").as_array().size();
    }
  }
  EXPECT_EQ(d.at("backups").as_array().size(), jobs);
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
  // Headless Chromium renders the standalone HTML at a desktop and a phone
  // width: non-blank screenshots (kept for a person to look at) and the
  // headline in the DOM.
  Admin({"digest", "preview", "--tenant", "dental", "--week", week, "-o",
         (dir_ / "digest.html").string()});
  const fs::path shots = fs::path(SURVEYOR_BINARY_DIR) / "artifacts";
  fs::create_directories(shots);
  for (const auto& [name, size] :
       std::vector<std::pair<std::string, std::string>>{
           {"desktop", "1280,2000"}, {"phone", "390,2400"}}) {
    const fs::path png = shots / ("digest-" + name + ".png");
    fs::remove(png);
    ProcessResult shot =
        RunProcess({"/usr/bin/chromium", "--headless", "--no-sandbox",
                    "--disable-gpu", "--hide-scrollbars",
                    "--window-size=" + size, "--screenshot=" + png.string(),
                    "file://" + (dir_ / "digest.html").string()});
    ASSERT_TRUE(fs::exists(png)) << shot.err;
    ProcessResult looked =
        RunProcess({"/usr/bin/python3", kCheckPng, png.string()});
    EXPECT_EQ(looked.exit_code, 0) << name << ": " << looked.out << looked.err;
  }
  ProcessResult dom = RunProcess({"/usr/bin/chromium", "--headless",
                                  "--no-sandbox", "--disable-gpu", "--dump-dom",
                                  "file://" + (dir_ / "digest.html").string()});
  EXPECT_NE(dom.out.find("id=\"headline\""), std::string::npos) << dom.err;
  EXPECT_NE(dom.out.find("Weekly digest: dental"), std::string::npos);
  EXPECT_EQ(dom.out.find("<script"), std::string::npos);
  // A malformed week is a JSON 400 naming it.
  std::string err = Get("/v1/tenants/dental/digests/2026-W99", token, &status);
  EXPECT_EQ(status, 400);
  EXPECT_NE(err.find("2026-W99"), std::string::npos) << err;
}

TEST_F(ServerAgentTest, ScheduledDigestGoesOutOnceOverStartTlsWithAuth) {
  std::string secret = LastWord(Admin({"tenant", "add", "dental"})[0]);
  std::ofstream(dir_ / "policy.textproto")
      << "digest { time_zone: \"Europe/Berlin\" weekday: 1 hour: 0 "
         "recipients: \"cto@dental.example\" }\n";
  Admin({"policy", "set", "--tenant", "dental",
         (dir_ / "policy.textproto").string()});
  ProcessResult r = RunOnce(MakeAgent("reception", secret));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The tenant has been around for two weeks: last week's digest is due.
  ProcessResult aged = RunProcess(
      {"/usr/bin/python3", "-c",
       "import sqlite3,sys; d=sqlite3.connect(sys.argv[1], timeout=10); "
       "d.execute('UPDATE hosts SET enrolled_at = enrolled_at - 1209600'); "
       "d.commit()",
       (dir_ / "data/surveyor.db").string()});
  ASSERT_EQ(aged.exit_code, 0) << aged.err;

  std::ofstream(dir_ / "smtp-password") << "s3cret mail\n";
  fs::permissions(dir_ / "smtp-password", fs::perms(0600));
  pid_t smtp_pid = 0;
  const int smtp_port =
      testing::StartSmtp(kSource, dir_ / "mail", dir_ / "tls",
                         {"--user", "surveyor", "--password-file",
                          (dir_ / "smtp-password").string()},
                         &smtp_pid);
  ASSERT_GT(smtp_port, 0) << Slurp(dir_ / "mail/smtp.log");
  const std::vector<std::string> mail = {
      "--smtp-url",
      "smtp://localhost:" + std::to_string(smtp_port),
      "--smtp-user",
      "surveyor",
      "--smtp-password-file",
      (dir_ / "smtp-password").string(),
      "--smtp-ca-file",
      (dir_ / "tls/server.crt").string(),
      "--mail-from",
      "Surveyor <digest@msp.example>",
      "--digest-check-seconds",
      "1"};
  // A password file others can read is refused before the server starts.
  fs::permissions(dir_ / "smtp-password", fs::perms(0644));
  std::vector<std::string> serve = {kServer,      "serve",
                                    "--data-dir", (dir_ / "data").string(),
                                    "--listen",   "127.0.0.1:0"};
  serve.insert(serve.end(), mail.begin(), mail.end());
  ProcessResult refused = RunProcess(serve);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("readable by group or others"), std::string::npos)
      << refused.err;
  fs::permissions(dir_ / "smtp-password", fs::perms(0600));

  StopServer(SIGTERM);
  StartServer(0, mail);
  ASSERT_TRUE(testing::WaitForFile(dir_ / "mail/1.eml", 30))
      << Slurp(dir_ / "server.log") << Slurp(dir_ / "mail/smtp.log");
  auto envelope = boost::json::parse(Slurp(dir_ / "mail/1.json"));
  EXPECT_EQ(envelope.at("mail_from").as_string(), "digest@msp.example");
  EXPECT_EQ(envelope.at("rcpt_tos").as_array().size(), 1u);
  EXPECT_TRUE(envelope.at("tls").as_bool());
  EXPECT_TRUE(envelope.at("authenticated").as_bool());
  std::ofstream(dir_ / "check.py") << kCheckEml;
  ProcessResult parsed =
      RunProcess({"/usr/bin/python3", (dir_ / "check.py").string(),
                  (dir_ / "mail/1.eml").string(), "Weekly digest: dental",
                  "Hosts reporting"});
  EXPECT_EQ(parsed.exit_code, 0) << parsed.out << parsed.err;

  // Restarted, the server does not send that week again.
  StopServer(SIGTERM);
  StartServer(0, mail);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_FALSE(fs::exists(dir_ / "mail/2.eml"));
  int status = 0;
  EXPECT_NE(
      GetMetrics("/metrics", &status).find("surveyor_digests_sent_total 0"),
      std::string::npos);  // this process sent none
  std::string st = Admin({"digest", "status"})[0];
  EXPECT_NE(st.find("sent"), std::string::npos) << st;
  EXPECT_NE(st.find("Mon 00:00 Europe/Berlin"), std::string::npos) << st;

  // digest send: now, to another address, outside the schedule.
  std::vector<std::string> send = {"digest", "send", "--tenant",
                                   "dental", "--to", "auditor@dental.example"};
  send.insert(send.end(), mail.begin(), mail.end() - 2);
  Admin(send);
  ASSERT_TRUE(testing::WaitForFile(dir_ / "mail/2.eml", 10));
  EXPECT_NE(Slurp(dir_ / "mail/2.json").find("auditor@dental.example"),
            std::string::npos);
  testing::StopProcess(smtp_pid, SIGTERM);
}

TEST_F(ServerAgentTest, DigestSendRefusesAMailServerWithoutStartTls) {
  std::string secret = LastWord(Admin({"tenant", "add", "dental"})[0]);
  ASSERT_EQ(RunOnce(MakeAgent("reception", secret)).exit_code, 0);
  pid_t smtp_pid = 0;
  const int port = testing::StartSmtp(kSource, dir_ / "mail", dir_ / "tls",
                                      {"--no-tls"}, &smtp_pid);
  ASSERT_GT(port, 0);
  ProcessResult r = RunProcess({kServer, "digest", "send", "--tenant", "dental",
                                "--to", "cto@dental.example", "--smtp-url",
                                "smtp://localhost:" + std::to_string(port),
                                "--data-dir", (dir_ / "data").string()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("STARTTLS"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "mail/1.eml"));
  testing::StopProcess(smtp_pid, SIGTERM);
}

}  // namespace
}  // namespace surveyor
