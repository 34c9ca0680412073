// Compliance evidence end to end: a real agent reports to a real server
// over TLS; `evidence export` and GET /v1/tenants/{t}/evidence produce the
// same signed bundle, `evidence verify` checks it against the key `evidence
// key show` published, and bad requests get clear answers.
#include <signal.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <thread>

#include "tests/service/server_agent_fixture.h"

namespace surveyor {
namespace {

using testing::ProcessResult;
using testing::RunProcess;

std::string Day(std::int64_t days_ago) {
  const std::time_t t = std::time(nullptr) - days_ago * 86400;
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", std::gmtime(&t));
  return buf;
}

// Moves the store's record two days back, as if the agent had been
// reporting since then (only whole past days can be evidenced).
::testing::AssertionResult AgeByTwoDays(const fs::path& db) {
  ProcessResult aged = RunProcess(
      {"/usr/bin/python3", "-c",
       "import sqlite3,sys; d=sqlite3.connect(sys.argv[1], timeout=10); "
       "d.execute('UPDATE hosts SET enrolled_at = enrolled_at - 172800'); "
       "d.execute('UPDATE report_days SET day = day - 2, "
       "first_at = first_at - 172800'); "
       "d.execute('UPDATE control_states SET at = at - 172800'); "
       "d.commit()",
       db.string()});
  if (aged.exit_code == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << aged.err;
}

TEST_F(ServerAgentTest,
       EvidenceBundleFromCliAndApiVerifiesAgainstThePublishedKey) {
  std::string secret = LastWord(Admin({"tenant", "add", "dental"})[0]);
  std::string token =
      LastWord(Admin({"token", "add", "--tenant", "dental"})[0]);
  ProcessResult r = RunOnce(MakeAgent("reception", secret));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Today is not over: nothing to evidence yet, and the error says why.
  ProcessResult early = RunProcess(
      {kServer, "evidence", "export", "--data-dir", (dir_ / "data").string(),
       "--tenant", "dental", "--framework", "hipaa", "--from", Day(0), "--to",
       Day(0), "-o", (dir_ / "early.zip").string()});
  EXPECT_EQ(early.exit_code, 2);
  EXPECT_NE(early.err.find("not over yet"), std::string::npos) << early.err;
  // The agent has been reporting for two days: move its record back.
  ASSERT_TRUE(AgeByTwoDays(dir_ / "data/surveyor.db"));

  // The published key: PEM on stdout, made on first use, 0600.
  auto shown = Admin({"evidence", "key", "show"});
  EXPECT_NE(shown[0].find("-----BEGIN PUBLIC KEY-----"), std::string::npos);
  EXPECT_NE(shown[1].find("fingerprint SHA256:"), std::string::npos);
  EXPECT_EQ(
      fs::status(dir_ / "data/evidence.key").permissions() & fs::perms::all,
      fs::perms::owner_read | fs::perms::owner_write);
  std::ofstream(dir_ / "published.pem") << shown[0];

  const fs::path cli_zip = dir_ / "cli.zip";
  auto exported =
      Admin({"evidence", "export", "--tenant", "dental", "--framework", "hipaa",
             "--from", Day(2), "--to", Day(1), "--days", Day(2) + "," + Day(1),
             "-o", cli_zip.string()});
  EXPECT_NE(exported[0].find("1 hosts in the population, 2 sampled days"),
            std::string::npos)
      << exported[0];
  EXPECT_NE(exported[1].find("assessing HIPAA"), std::string::npos);
  ProcessResult verified =
      RunProcess({kServer, "evidence", "verify", cli_zip.string(), "--pubkey",
                  (dir_ / "published.pem").string()});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("OK; 7 files match"), std::string::npos)
      << verified.out;

  // The API with the tenant's token: the same bytes.
  const fs::path api_zip = dir_ / "api.zip";
  ProcessResult got = RunProcess(
      {"/usr/bin/curl", "-s", "-o", api_zip.string(), "-w", "%{http_code}",
       "--cacert", (dir_ / "tls/server.crt").string(), "-H",
       "Authorization: Bearer " + token,
       "https://localhost:" + std::to_string(port_) +
           "/v1/tenants/dental/evidence?framework=hipaa&from=" + Day(2) +
           "&to=" + Day(1) + "&days=" + Day(2) + "%2C" + Day(1)});
  EXPECT_EQ(got.out, "200");
  EXPECT_EQ(testing::Slurp(api_zip.string()), testing::Slurp(cli_zip.string()));

  // A changed byte: verify fails with status 1 and says where.
  std::string raw = testing::Slurp(cli_zip.string());
  std::ofstream(dir_ / "bad.zip", std::ios::binary)
      << raw.substr(0, raw.size() / 2)
      << static_cast<char>(raw[raw.size() / 2] ^ 1)
      << raw.substr(raw.size() / 2 + 1);
  ProcessResult bad =
      RunProcess({kServer, "evidence", "verify", (dir_ / "bad.zip").string(),
                  "--pubkey", (dir_ / "published.pem").string()});
  EXPECT_NE(bad.exit_code, 0) << bad.out;

  // Bad requests: JSON 400s naming the problem.
  int status = 0;
  std::string err =
      Get("/v1/tenants/dental/evidence?framework=pci&from=" + Day(2) +
              "&to=" + Day(1),
          token, &status);
  EXPECT_EQ(status, 400);
  EXPECT_NE(err.find("unknown framework 'pci'"), std::string::npos) << err;
  err = Get("/v1/tenants/dental/evidence?framework=soc2&from=2020-01-01&to=" +
                Day(1) + "&days=2019-12-31",
            token, &status);
  EXPECT_EQ(status, 400);
  EXPECT_NE(err.find("outside the period"), std::string::npos) << err;
}

// A real RFC 3161 authority (openssl ts behind HTTP): the manifest's token
// verifies with stock openssl against the authority's CA, `evidence verify`
// reports it, and a token for something else or an authority that is gone
// are refused with their reasons.
TEST_F(ServerAgentTest, EvidenceManifestTimeStampedByARealAuthority) {
  std::string secret = LastWord(Admin({"tenant", "add", "dental"})[0]);
  ASSERT_EQ(RunOnce(MakeAgent("reception", secret)).exit_code, 0);
  ASSERT_TRUE(AgeByTwoDays(dir_ / "data/surveyor.db"));
  const fs::path tsa = dir_ / "tsa";
  const int tsa_pid = testing::SpawnBackground(
      {"/usr/bin/python3",
       std::string(SURVEYOR_SOURCE_DIR) + "/tests/fixtures/tsa/tsa_server.py",
       tsa.string()},
      (dir_ / "tsa.log").string());
  for (int i = 0; i < 200 && !fs::exists(tsa / "port"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(fs::exists(tsa / "port"))
      << testing::Slurp((dir_ / "tsa.log").string());
  const std::string url =
      "http://127.0.0.1:" + testing::Slurp((tsa / "port").string()) + "/";
  const std::vector<std::string> period = {"--tenant", "dental", "--framework",
                                           "cis-v8",   "--from", Day(2),
                                           "--to",     Day(1)};
  std::vector<std::string> argv = {"evidence", "export"};
  argv.insert(argv.end(), period.begin(), period.end());
  argv.insert(argv.end(), {"--tsa-url", url, "-o", (dir_ / "ts.zip").string()});
  auto exported = Admin(argv);
  EXPECT_NE(exported[1].find("time-stamping the manifest at " + url),
            std::string::npos)
      << exported[1];
  ProcessResult unzip =
      RunProcess({"/usr/bin/unzip", "-q", (dir_ / "ts.zip").string(), "-d",
                  (dir_ / "ts").string()});
  ASSERT_EQ(unzip.exit_code, 0) << unzip.err;
  ProcessResult stock =
      RunProcess({"/usr/bin/openssl", "ts", "-verify", "-data",
                  (dir_ / "ts/MANIFEST.sha256").string(), "-in",
                  (dir_ / "ts/MANIFEST.sha256.tsr").string(), "-CAfile",
                  (tsa / "ca.crt").string()});
  EXPECT_NE(stock.out.find("Verification: OK"), std::string::npos)
      << stock.out << stock.err;
  ProcessResult verified =
      RunProcess({kServer, "evidence", "verify", (dir_ / "ts.zip").string()});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("time-stamped "), std::string::npos)
      << verified.out;
  EXPECT_NE(verified.out.find("Surveyor test TSA"), std::string::npos)
      << verified.out;

  // The token swapped for one over other data: refused.
  std::ofstream(dir_ / "other.txt") << "something else\n";
  ASSERT_EQ(RunProcess({"/usr/bin/openssl", "ts", "-query", "-data",
                        (dir_ / "other.txt").string(), "-sha256", "-cert",
                        "-out", (dir_ / "other.tsq").string()})
                .exit_code,
            0);
  ProcessResult other = RunProcess(
      {"/usr/bin/curl", "-s", "-H", "Content-Type: application/timestamp-query",
       "--data-binary", "@" + (dir_ / "other.tsq").string(), "-o",
       (dir_ / "other.tsr").string(), url});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  ProcessResult swapped =
      RunProcess({"/usr/bin/python3", "-c",
                  "import zipfile,sys; src=zipfile.ZipFile(sys.argv[1]); "
                  "dst=zipfile.ZipFile(sys.argv[2],'w'); "
                  "[dst.writestr(i, open(sys.argv[3],'rb').read() "
                  "if i.filename=='MANIFEST.sha256.tsr' else src.read(i)) "
                  "for i in src.infolist()]; dst.close()",
                  (dir_ / "ts.zip").string(), (dir_ / "swapped.zip").string(),
                  (dir_ / "other.tsr").string()});
  ASSERT_EQ(swapped.exit_code, 0) << swapped.err;
  ProcessResult refused = RunProcess(
      {kServer, "evidence", "verify", (dir_ / "swapped.zip").string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.out.find("MANIFEST.sha256.tsr: the time-stamp token does "
                             "not stamp this manifest"),
            std::string::npos)
      << refused.out;

  // The authority gone: the export fails naming it, and writes nothing.
  testing::StopProcess(tsa_pid, SIGTERM);
  argv.back() = (dir_ / "down.zip").string();
  std::vector<std::string> full = {kServer};
  full.insert(full.end(), argv.begin(), argv.end());
  full.insert(full.end(), {"--data-dir", (dir_ / "data").string()});
  ProcessResult down = RunProcess(full);
  EXPECT_EQ(down.exit_code, 2);
  EXPECT_NE(down.err.find("time-stamping authority " + url), std::string::npos)
      << down.err;
  EXPECT_FALSE(fs::exists(dir_ / "down.zip"));
}

}  // namespace
}  // namespace surveyor
