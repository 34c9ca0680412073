// Agent identity with the real binaries over TLS on loopback: a machine
// whose agent state was wiped, a clone or intruder enrolling with a live
// host's machine id, an agent restored from an older copy of its state, and
// the admin's decisions (`host accept|reject`). Each fails on a server that
// keys hosts by machine id alone and trusts sequence numbers blindly.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/service/server_agent_fixture.h"

namespace surveyor {
namespace {

class IdentityE2eTest : public ServerAgentTest {
 protected:
  // Adds an installed dpkg package to the agent's fixture root.
  static void Install(const fs::path& home, const std::string& name) {
    std::ofstream(home / "root/var/lib/dpkg/status", std::ios::app)
        << "\nPackage: " << name
        << "\nStatus: install ok installed\nArchitecture: amd64\nVersion: "
           "1.0-1\nDescription: test package\n";
  }

  std::string Software(const std::string& agent_id) {
    return Get("/v1/hosts/" + agent_id + "/software", admin_);
  }

  std::string Findings(const std::string& tenant) {
    return RunProcess({kServer, "findings", "--tenant", tenant, "--format",
                       "json", "--data-dir", (dir_ / "data").string()})
        .out;
  }

  std::string admin_;
};

TEST_F(IdentityE2eTest, WipedAgentStateIsIngestedFromItsFirstSnapshot) {
  std::string secret = LastWord(Admin({"tenant", "add", "t"})[0]);
  admin_ = LastWord(Admin({"token", "add", "--admin"})[0]);
  fs::path a = MakeAgent("a", secret);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(RunOnce(a).exit_code, 0);
  const std::string old_id = AgentId(a);
  // The machine is reinstalled: same machine id, no agent state, and a
  // package the old installation never had.
  fs::remove_all(a / "state");
  Install(a, "freshly-installed");
  ProcessResult r = RunOnce(a);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string new_id = AgentId(a);
  ASSERT_NE(new_id, old_id);
  // Its first snapshot (sequence 1 again) is stored, not taken for a
  // duplicate of the old installation's sequence 1.
  EXPECT_NE(Software(new_id).find("freshly-installed"), std::string::npos);
  ProcessResult st = RunProcess(
      {kAgent, "status", "--config", (a / "agent.textproto").string()});
  EXPECT_NE(st.out.find("Last error     none"), std::string::npos) << st.out;
  // The server says two hosts claim the machine until an admin decides.
  std::string findings = Findings("t");
  EXPECT_NE(findings.find("duplicate-identity:" + new_id), std::string::npos)
      << findings;
  ProcessResult accept =
      RunProcess({kServer, "host", "accept", "--tenant", "t", new_id,
                  "--retire-previous", "--data-dir", (dir_ / "data").string()});
  ASSERT_EQ(accept.exit_code, 0) << accept.err;
  EXPECT_EQ(Findings("t").find("duplicate-identity"), std::string::npos);
  std::string list = RunProcess({kServer, "host", "list", "--tenant", "t",
                                 "--data-dir", (dir_ / "data").string()})
                         .out;
  EXPECT_NE(list.find(old_id), std::string::npos) << list;
  EXPECT_NE(list.find("retired"), std::string::npos) << list;
}

TEST_F(IdentityE2eTest, CloneOrIntruderNeverTakesOverALiveHost) {
  std::string secret = LastWord(Admin({"tenant", "add", "t"})[0]);
  admin_ = LastWord(Admin({"token", "add", "--admin"})[0]);
  fs::path a = MakeAgent("a", secret);
  ASSERT_EQ(RunOnce(a).exit_code, 0);
  // b holds the tenant's secret and a's machine id (readable through the
  // API, or a golden image cloned after a's first run), not a's key.
  fs::path b = MakeAgent("b", secret);
  std::ofstream(b / "root/etc/machine-id") << "machine-a\n";
  Install(b, "intruder-tool");
  ASSERT_EQ(RunOnce(b).exit_code, 0);
  const std::string id_a = AgentId(a), id_b = AgentId(b);
  EXPECT_NE(id_a, id_b);
  // a goes on with its own node key, its record untouched by b.
  ProcessResult again = RunOnce(a);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.err.find("enrolling again"), std::string::npos) << again.err;
  EXPECT_EQ(AgentId(a), id_a);
  EXPECT_EQ(Software(id_a).find("intruder-tool"), std::string::npos);
  EXPECT_NE(Software(id_b).find("intruder-tool"), std::string::npos);
  EXPECT_NE(Findings("t").find("duplicate-identity:" + id_b),
            std::string::npos);
  // Every enrollment is logged with tenant, agent id and peer address.
  std::string log = Slurp(dir_ / "server.log");
  EXPECT_NE(log.find("tenant t: enrolled agent " + id_a), std::string::npos)
      << log;
  EXPECT_NE(log.find("agent " + id_b), std::string::npos) << log;
  EXPECT_NE(log.find("with the machine id of agent " + id_a), std::string::npos)
      << log;
  EXPECT_NE(log.find("(peer 127.0.0.1:"), std::string::npos) << log;

  // The admin rejects b: its key no longer works and it cannot come back
  // with a new enrollment of the same key.
  ProcessResult reject =
      RunProcess({kServer, "host", "reject", "--tenant", "t", id_b,
                  "--data-dir", (dir_ / "data").string()});
  ASSERT_EQ(reject.exit_code, 0) << reject.err;
  ProcessResult refused = RunOnce(b);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("rejected by an administrator"), std::string::npos)
      << refused.err;
  EXPECT_EQ(Findings("t").find("duplicate-identity"), std::string::npos);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM hosts"), 1);
  log = Slurp(dir_ / "server.log");
  EXPECT_NE(log.find("enrollment refused: this agent's identity key was "
                     "rejected by an administrator: machine machine-a (peer "
                     "127.0.0.1:"),
            std::string::npos)
      << log;
  ASSERT_EQ(RunOnce(a).exit_code, 0);
}

TEST_F(IdentityE2eTest, AgentRestoredFromAnOlderCopyContinuesAfterTheServer) {
  std::string secret = LastWord(Admin({"tenant", "add", "t"})[0]);
  admin_ = LastWord(Admin({"token", "add", "--admin"})[0]);
  fs::path a = MakeAgent("a", secret);
  ASSERT_EQ(RunOnce(a).exit_code, 0);
  fs::copy(a / "state", a / "state-backup", fs::copy_options::recursive);
  Install(a, "before-restore");
  ASSERT_EQ(RunOnce(a).exit_code, 0);  // Sequence 2.
  // The VM is rolled back: the agent's counter is at 2 again, and the
  // machine now has something new.
  fs::remove_all(a / "state");
  fs::rename(a / "state-backup", a / "state");
  Install(a, "after-restore");
  ProcessResult r = RunOnce(a);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("continuing at 3"), std::string::npos) << r.err;
  EXPECT_NE(Software(AgentId(a)).find("after-restore"), std::string::npos);
  // Sequences 1..N each stored once (the restored agent's delta base is
  // older than the server's, so a full resend may follow as N = 4).
  EXPECT_GE(Scalar("SELECT MAX(sequence) FROM snapshots"), 3);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM snapshots"),
            Scalar("SELECT MAX(sequence) FROM snapshots"));
  ProcessResult st = RunProcess(
      {kAgent, "status", "--config", (a / "agent.textproto").string()});
  EXPECT_NE(st.out.find("Outbox         0 snapshots"), std::string::npos)
      << st.out;
}

}  // namespace
}  // namespace surveyor
