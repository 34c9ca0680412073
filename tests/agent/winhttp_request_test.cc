// The Windows transport under Wine against a real TLS server on the Linux
// side (tests/fixtures/tls/https_echo_server.py, started by CTest): the
// configured CA accepted and any other refused before a byte of the request
// is sent, pinning, host names, Retry-After and timeouts.
#include "agent/winhttp_request.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace surveyor::agent {
namespace {

const std::string kDir = SURVEYOR_TLS_DIR;

std::string Read(const std::string& name) {
  std::ifstream in(kDir + "/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Url(const std::string& path,
                const std::string& host = "localhost") {
  const std::string port = Read("port");
  EXPECT_FALSE(port.empty())
      << "the echo server is not running (" << kDir << "/port)";
  return "https://" + host + ":" + port + path;
}

// Each test posts to its own path: ctest runs them side by side, and the
// server's log is shared.
HttpsRequest Post(const std::string& ca_file, const std::string& path) {
  HttpsRequest r;
  r.method = "POST";
  r.url = Url(path);
  r.headers = {"Authorization: Bearer s3cr3t",
               "Content-Type: application/x-protobuf"};
  r.body = std::string("snap\0shot", 9);
  r.ca_file = ca_file.empty() ? "" : kDir + "/" + ca_file;
  return r;
}

// The requests the server received for paths starting with `prefix`.
std::string Received(const std::string& prefix) {
  std::istringstream log(Read("requests.log"));
  std::string line, out;
  while (std::getline(log, line)) {
    if (line.find(" " + prefix) != std::string::npos) out += line + "\n";
  }
  return out;
}

// What a refused server may have received for `path`: at most the
// transport's probe (a HEAD without headers or body), never the request.
void ExpectOnlyTheProbe(const std::string& path) {
  const std::string got = Received(path + " ");
  EXPECT_TRUE(got.empty() || got == "HEAD " + path + " auth=no bytes=0\n")
      << got;
}

// A request without credentials that must reach the server: once it is in
// the log, anything sent before it on this client would be too.
void Marker(WinHttpClient& client, const std::string& path) {
  HttpsRequest r = Post("ca.pem", path);
  r.headers.clear();
  auto reply = client.Perform(r);
  ASSERT_TRUE(reply) << reply.error().message;
}

TEST(WinHttpRequestTest, ConfiguredCaPostsTheBodyAndHeaders) {
  WinHttpClient client;
  auto reply = client.Perform(Post("ca.pem", "/echo/right-ca"));
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, std::string("snap\0shot", 9));
  bool saw_auth = false;
  for (const auto& [name, value] : reply->headers) {
    if (name == "x-echo-auth") saw_auth = value == "Bearer s3cr3t";
  }
  EXPECT_TRUE(saw_auth);
  // The session is reused.
  auto again = client.Perform(Post("ca.pem", "/echo/right-ca"));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(Received("/echo/right-ca "),
            "HEAD /echo/right-ca auth=no bytes=0\n"
            "POST /echo/right-ca auth=yes bytes=9\n"
            "HEAD /echo/right-ca auth=no bytes=0\n"
            "POST /echo/right-ca auth=yes bytes=9\n");
}

TEST(WinHttpRequestTest, AnotherCaIsRefusedBeforeTheRequestIsSent) {
  WinHttpClient client;
  auto reply = client.Perform(Post("wrong_ca.pem", "/echo/wrong-ca"));
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, common::ErrorCode::kIo);
  EXPECT_NE(reply.error().message.find("configured CA"), std::string::npos)
      << reply.error().message;
  Marker(client, "/echo/wrong-ca-marker");
  // Neither the token nor the body went out.
  ExpectOnlyTheProbe("/echo/wrong-ca");
}

TEST(WinHttpRequestTest, TheSystemStoreDoesNotKnowThePrivateCa) {
  WinHttpClient client;
  auto reply = client.Perform(Post("", "/echo/system-store"));
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, common::ErrorCode::kIo);
  Marker(client, "/echo/system-store-marker");
  // WinHTTP's own verification fails in the handshake: nothing at all.
  EXPECT_EQ(Received("/echo/system-store "), "");
}

TEST(WinHttpRequestTest, HostNameMustMatchTheCertificate) {
  WinHttpClient client;
  HttpsRequest r = Post("ca.pem", "/echo/ip-address");
  r.url = Url("/echo/ip-address", "127.0.0.1");  // The certificate names
                                                 // localhost.
  auto reply = client.Perform(r);
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, common::ErrorCode::kIo);
}

TEST(WinHttpRequestTest, PinnedPublicKey) {
  WinHttpClient client;
  HttpsRequest r = Post("ca.pem", "/echo/pin");
  r.pinned_public_key =
      "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=;" + Read("pin");
  auto pinned = client.Perform(r);
  ASSERT_TRUE(pinned) << pinned.error().message;
  EXPECT_EQ(pinned->status, 200);

  r.url = Url("/echo/wrong-pin");
  r.pinned_public_key = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  auto refused = client.Perform(r);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("pinned"), std::string::npos)
      << refused.error().message;
  Marker(client, "/echo/wrong-pin-marker");
  ExpectOnlyTheProbe("/echo/wrong-pin");
}

TEST(WinHttpRequestTest, RetryAfterInSecondsAndAsADate) {
  WinHttpClient client;
  HttpsRequest r;
  r.ca_file = kDir + "/ca.pem";
  r.url = Url("/retry");
  auto seconds = client.Perform(r);
  ASSERT_TRUE(seconds) << seconds.error().message;
  EXPECT_EQ(seconds->status, 503);
  EXPECT_EQ(seconds->body, "busy");
  ASSERT_TRUE(seconds->retry_after);
  EXPECT_EQ(seconds->retry_after->count(), 7);

  r.url = Url("/date");
  auto date = client.Perform(r);
  ASSERT_TRUE(date) << date.error().message;
  EXPECT_EQ(date->status, 429);
  ASSERT_TRUE(date->retry_after);
  EXPECT_GE(date->retry_after->count(), 100);
  EXPECT_LE(date->retry_after->count(), 121);
}

TEST(WinHttpRequestTest, ASlowServerTimesOut) {
  WinHttpClient client;
  HttpsRequest r;
  r.ca_file = kDir + "/ca.pem";
  r.url = Url("/slow");
  r.total_timeout_seconds = 2;
  auto reply = client.Perform(r);
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, common::ErrorCode::kResourceExhausted)
      << reply.error().message;
}

TEST(WinHttpRequestTest, UnreadableCaFileIsNamed) {
  WinHttpClient client;
  HttpsRequest r = Post("no-such-ca.pem", "/echo/no-ca");
  auto reply = client.Perform(r);
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, common::ErrorCode::kInvalidArgument);
  EXPECT_NE(reply.error().message.find("no-such-ca.pem"), std::string::npos);
}

}  // namespace
}  // namespace surveyor::agent
