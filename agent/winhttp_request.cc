#include "agent/winhttp_request.h"

#include <windows.h>

#include "common/win32_text.h"
// windows.h first: winhttp.h and wincrypt.h need its types.
#include <wincrypt.h>
#include <winhttp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/hash.h"
#include "common/random.h"

namespace surveyor::agent {
namespace {

using common::Narrow;
using common::Wide;

using common::ErrorCode;
using common::Fail;

// WinHTTP's reason for a failed call, e.g. "12175 (secure failure)".
std::string Reason(DWORD error) {
  switch (error) {
    case ERROR_WINHTTP_TIMEOUT:
      return "timed out";
    case ERROR_WINHTTP_CANNOT_CONNECT:
      return "cannot connect";
    case ERROR_WINHTTP_NAME_NOT_RESOLVED:
      return "host name not resolved";
    case ERROR_WINHTTP_SECURE_FAILURE:
      return "TLS failure (certificate refused)";
    case ERROR_WINHTTP_CONNECTION_ERROR:
      return "connection reset";
    case ERROR_WINHTTP_OPERATION_CANCELLED:
      return "cancelled";
    default:
      return "WinHTTP error " + std::to_string(error);
  }
}

class Handle {
 public:
  explicit Handle(HINTERNET h = nullptr) : h_(h) {}
  ~Handle() {
    if (h_ != nullptr) WinHttpCloseHandle(h_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  HINTERNET get() const { return h_; }
  HINTERNET release() { return std::exchange(h_, nullptr); }

 private:
  HINTERNET h_;
};

// The configured CA, parsed from its PEM file.
struct CaCertificate {
  PCCERT_CONTEXT cert = nullptr;
  ~CaCertificate() {
    if (cert != nullptr) CertFreeCertificateContext(cert);
  }
};

std::expected<void, common::Error> LoadCa(const std::string& path,
                                          CaCertificate& ca) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kInvalidArgument, path + ": cannot read");
  std::stringstream pem;
  pem << in.rdbuf();
  const std::string text = pem.str();
  DWORD size = 0;
  if (!CryptStringToBinaryA(text.c_str(), static_cast<DWORD>(text.size()),
                            CRYPT_STRING_BASE64HEADER, nullptr, &size, nullptr,
                            nullptr)) {
    return Fail(ErrorCode::kInvalidArgument, path + ": not a PEM certificate");
  }
  std::vector<BYTE> der(size);
  CryptStringToBinaryA(text.c_str(), static_cast<DWORD>(text.size()),
                       CRYPT_STRING_BASE64HEADER, der.data(), &size, nullptr,
                       nullptr);
  ca.cert = CertCreateCertificateContext(X509_ASN_ENCODING, der.data(), size);
  if (ca.cert == nullptr) {
    return Fail(ErrorCode::kInvalidArgument,
                path + ": not an X.509 certificate");
  }
  return {};
}

// What the pre-send check needs, and what it found.
struct CertCheck {
  const CaCertificate* ca = nullptr;  // null: the system store decided
  std::string pinned_public_key;      // "sha256//..." or empty
  std::string refusal;                // why the server was refused
  bool checked = false;
};

// Why `server`'s chain, built with the configured CA as the only extra
// certificate, does not end at exactly that CA; "" when it does.
std::string ChainProblem(PCCERT_CONTEXT server, PCCERT_CONTEXT ca) {
  HCERTSTORE extra = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, nullptr);
  if (extra == nullptr) return "cannot open a certificate store";
  CertAddCertificateContextToStore(extra, ca, CERT_STORE_ADD_ALWAYS, nullptr);
  CERT_CHAIN_PARA para{};
  para.cbSize = sizeof(para);
  PCCERT_CHAIN_CONTEXT chain = nullptr;
  std::string problem;
  if (!CertGetCertificateChain(nullptr, server, nullptr, extra, &para, 0,
                               nullptr, &chain) ||
      chain == nullptr || chain->cChain == 0) {
    problem = "no chain could be built";
  } else {
    const CERT_SIMPLE_CHAIN* simple = chain->rgpChain[0];
    const PCCERT_CONTEXT root =
        simple->rgpElement[simple->cElement - 1]->pCertContext;
    // The signatures along the chain must hold; an untrusted root is
    // expected (the CA is not in the system store), nothing else is. A
    // chain of one is a self-signed server certificate that is the
    // configured CA itself (install/make-cert.sh's), as curl accepts it.
    const DWORD bad = chain->TrustStatus.dwErrorStatus &
                      ~static_cast<DWORD>(CERT_TRUST_IS_UNTRUSTED_ROOT);
    const bool same = root->cbCertEncoded == ca->cbCertEncoded &&
                      std::memcmp(root->pbCertEncoded, ca->pbCertEncoded,
                                  ca->cbCertEncoded) == 0;
    if ((bad & CERT_TRUST_IS_PARTIAL_CHAIN) != 0 || (bad == 0 && !same)) {
      problem = "certificate does not chain to the configured CA";
    } else if (bad != 0) {
      char hex[16];
      std::snprintf(hex, sizeof(hex), "0x%lx", static_cast<unsigned long>(bad));
      problem =
          std::string("the chain is not valid (trust status ") + hex + ")";
    }
  }
  if (chain != nullptr) CertFreeCertificateChain(chain);
  CertCloseStore(extra, 0);
  return problem;
}

// curl's pinned key format: "sha256//" + base64(SHA-256(SubjectPublicKeyInfo
// DER)); several may be given separated by ';'.
bool MatchesPin(PCCERT_CONTEXT server, const std::string& pins) {
  DWORD size = 0;
  CERT_PUBLIC_KEY_INFO* info = &server->pCertInfo->SubjectPublicKeyInfo;
  if (!CryptEncodeObjectEx(X509_ASN_ENCODING, X509_PUBLIC_KEY_INFO, info, 0,
                           nullptr, nullptr, &size)) {
    return false;
  }
  std::string der(size, '\0');
  if (!CryptEncodeObjectEx(X509_ASN_ENCODING, X509_PUBLIC_KEY_INFO, info, 0,
                           nullptr, der.data(), &size)) {
    return false;
  }
  der.resize(size);
  const std::string mine = "sha256//" + common::Base64(common::Sha256(der));
  std::string_view rest = pins;
  while (!rest.empty()) {
    const std::size_t semi = rest.find(';');
    if (rest.substr(0, semi) == mine) return true;
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  return false;
}

// Why `request`'s server must not be trusted, or "" when it passes.
std::string Refusal(HINTERNET request, const CertCheck& check) {
  PCCERT_CONTEXT server = nullptr;
  DWORD size = sizeof(server);
  if (!WinHttpQueryOption(request, WINHTTP_OPTION_SERVER_CERT_CONTEXT, &server,
                          &size) ||
      server == nullptr) {
    return "no server certificate to check";
  }
  std::string refusal;
  if (check.ca != nullptr) refusal = ChainProblem(server, check.ca->cert);
  if (refusal.empty() && !check.pinned_public_key.empty() &&
      !MatchesPin(server, check.pinned_public_key)) {
    refusal = "public key does not match the pinned key";
  }
  CertFreeCertificateContext(server);
  return refusal;
}

// Before the request is written: Windows cancels a request whose handle is
// closed here; Wine sends it anyway, hence the probe (Perform).
void CALLBACK OnStatus(HINTERNET request, DWORD_PTR context, DWORD status,
                       LPVOID, DWORD) {
  if (status != WINHTTP_CALLBACK_STATUS_SENDING_REQUEST || context == 0) {
    return;
  }
  auto* check = reinterpret_cast<CertCheck*>(context);
  check->refusal = Refusal(request, *check);
  if (!check->refusal.empty()) WinHttpCloseHandle(request);
}

std::optional<std::chrono::seconds> RetryAfter(HINTERNET request) {
  wchar_t value[128];
  DWORD size = sizeof(value);
  if (!WinHttpQueryHeaders(request, WINHTTP_QUERY_RETRY_AFTER,
                           WINHTTP_HEADER_NAME_BY_INDEX, value, &size,
                           WINHTTP_NO_HEADER_INDEX)) {
    return std::nullopt;
  }
  const std::string text = Narrow(std::wstring_view(value, size / 2));
  char* end = nullptr;
  const long secs = std::strtol(text.c_str(), &end, 10);
  if (end != text.c_str() && *end == '\0' && secs >= 0) {
    return std::chrono::seconds(secs);
  }
  SYSTEMTIME when{};
  if (!WinHttpTimeToSystemTime(value, &when)) return std::nullopt;
  FILETIME ft{};
  SystemTimeToFileTime(&when, &ft);
  FILETIME now_ft{};
  GetSystemTimeAsFileTime(&now_ft);
  auto ticks = [](FILETIME f) {
    return (static_cast<long long>(f.dwHighDateTime) << 32) | f.dwLowDateTime;
  };
  const long long delta = (ticks(ft) - ticks(now_ft)) / 10'000'000;
  return std::chrono::seconds(delta > 0 ? delta : 0);
}

// The final response's headers, as the curl transport keeps them.
std::vector<std::pair<std::string, std::string>> Headers(HINTERNET request) {
  std::vector<std::pair<std::string, std::string>> out;
  DWORD size = 0;
  WinHttpQueryHeaders(request, WINHTTP_QUERY_RAW_HEADERS_CRLF,
                      WINHTTP_HEADER_NAME_BY_INDEX, nullptr, &size,
                      WINHTTP_NO_HEADER_INDEX);
  std::wstring raw(size / 2, L'\0');
  if (!WinHttpQueryHeaders(request, WINHTTP_QUERY_RAW_HEADERS_CRLF,
                           WINHTTP_HEADER_NAME_BY_INDEX, raw.data(), &size,
                           WINHTTP_NO_HEADER_INDEX)) {
    return out;
  }
  raw.resize(size / 2);
  std::istringstream lines(Narrow(raw));
  std::string line;
  while (std::getline(lines, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
      line.pop_back();
    }
    const auto colon = line.find(':');
    if (line.starts_with("HTTP/") || colon == std::string::npos || colon == 0)
      continue;
    if (out.size() >= 200 || line.size() > 8192) continue;
    std::string name = line.substr(0, colon);
    for (char& c : name) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.erase(0, 1);
    }
    out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

}  // namespace

WinHttpClient::~WinHttpClient() {
  if (session_ != nullptr) WinHttpCloseHandle(static_cast<HINTERNET>(session_));
}

std::expected<HttpsReply, common::Error> WinHttpClient::Perform(
    const HttpsRequest& r) {
  const auto fail = [&](ErrorCode code, const std::string& why) {
    return Fail(code, r.url + ": " + why);
  };
  const auto last_error = [&]() {
    const DWORD error = GetLastError();
    // Wine reports the socket's WSAETIMEDOUT where Windows says
    // ERROR_WINHTTP_TIMEOUT.
    const bool timeout =
        error == ERROR_WINHTTP_TIMEOUT || error == WSAETIMEDOUT;
    return fail(timeout ? ErrorCode::kResourceExhausted : ErrorCode::kIo,
                timeout ? "timed out" : Reason(error));
  };

  if (session_ == nullptr || session_proxy_ != r.https_proxy) {
    if (session_ != nullptr)
      WinHttpCloseHandle(static_cast<HINTERNET>(session_));
    const std::wstring proxy = Wide(r.https_proxy);
    session_ =
        WinHttpOpen(Wide("surveyor-agent/" SURVEYOR_VERSION).c_str(),
                    proxy.empty() ? WINHTTP_ACCESS_TYPE_DEFAULT_PROXY
                                  : WINHTTP_ACCESS_TYPE_NAMED_PROXY,
                    proxy.empty() ? WINHTTP_NO_PROXY_NAME : proxy.c_str(),
                    WINHTTP_NO_PROXY_BYPASS, 0);
    if (session_ == nullptr) return last_error();
    session_proxy_ = r.https_proxy;
    DWORD protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;
    WinHttpSetOption(static_cast<HINTERNET>(session_),
                     WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols,
                     sizeof(protocols));
  }
  const HINTERNET session = static_cast<HINTERNET>(session_);
  const int connect_ms = static_cast<int>(r.connect_timeout_seconds * 1000);
  const int total_ms = static_cast<int>(r.total_timeout_seconds * 1000);
  WinHttpSetTimeouts(session, connect_ms, connect_ms, total_ms, total_ms);

  std::wstring url = Wide(r.url);
  URL_COMPONENTS parts{};
  parts.dwStructSize = sizeof(parts);
  parts.dwHostNameLength = static_cast<DWORD>(-1);
  parts.dwUrlPathLength = static_cast<DWORD>(-1);
  parts.dwExtraInfoLength = static_cast<DWORD>(-1);
  if (!WinHttpCrackUrl(url.c_str(), 0, 0, &parts)) {
    return fail(ErrorCode::kInvalidArgument, "not a URL");
  }
  const bool secure = parts.nScheme == INTERNET_SCHEME_HTTPS;
  const std::wstring host(parts.lpszHostName, parts.dwHostNameLength);
  std::wstring path(parts.lpszUrlPath, parts.dwUrlPathLength);
  path.append(parts.lpszExtraInfo, parts.dwExtraInfoLength);
  if (path.empty()) path = L"/";

  CaCertificate ca;
  CertCheck check;
  if (!r.ca_file.empty()) {
    if (auto loaded = LoadCa(r.ca_file, ca); !loaded) {
      return std::unexpected(loaded.error());
    }
    check.ca = &ca;
  }
  check.pinned_public_key = r.pinned_public_key;
  const bool check_before_send =
      secure && (check.ca || !check.pinned_public_key.empty());

  Handle connection(WinHttpConnect(session, host.c_str(), parts.nPort, 0));
  if (connection.get() == nullptr) return last_error();
  // A request on `connection`, with the timeouts (again on the request, and
  // for the response's headers too: a server that accepts and then says
  // nothing) and, when this process checks the certificate, the check.
  const auto open_request = [&](const std::wstring& method) {
    HINTERNET h = WinHttpOpenRequest(connection.get(), method.c_str(),
                                     path.c_str(), nullptr, WINHTTP_NO_REFERER,
                                     WINHTTP_DEFAULT_ACCEPT_TYPES,
                                     secure ? WINHTTP_FLAG_SECURE : 0);
    if (h == nullptr) return h;
    WinHttpSetTimeouts(h, connect_ms, connect_ms, total_ms, total_ms);
    DWORD response_ms = static_cast<DWORD>(total_ms);
    WinHttpSetOption(h, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, &response_ms,
                     sizeof(response_ms));
    if (check_before_send) {
      if (check.ca != nullptr) {
        DWORD flags = SECURITY_FLAG_IGNORE_UNKNOWN_CA;
        WinHttpSetOption(h, WINHTTP_OPTION_SECURITY_FLAGS, &flags,
                         sizeof(flags));
      }
      DWORD_PTR context = reinterpret_cast<DWORD_PTR>(&check);
      WinHttpSetOption(h, WINHTTP_OPTION_CONTEXT_VALUE, &context,
                       sizeof(context));
      WinHttpSetStatusCallback(h, &OnStatus, WINHTTP_CALLBACK_FLAG_SEND_REQUEST,
                               0);
    }
    return h;
  };
  const auto refused = [&](Handle& h) {
    h.release();  // Closed by the check.
    return fail(ErrorCode::kIo, "server refused: " + check.refusal);
  };

  if (check_before_send) {
    // The probe: a HEAD without headers or body, its certificate checked
    // before the real request goes out on the connection it leaves open.
    Handle probe(open_request(L"HEAD"));
    if (probe.get() == nullptr) return last_error();
    const BOOL probed =
        WinHttpSendRequest(probe.get(), WINHTTP_NO_ADDITIONAL_HEADERS, 0,
                           WINHTTP_NO_REQUEST_DATA, 0, 0, 0);
    if (!check.refusal.empty()) return refused(probe);
    if (!probed) return last_error();
    check.refusal = Refusal(probe.get(), check);
    if (!check.refusal.empty())
      return fail(ErrorCode::kIo, "server refused: " + check.refusal);
    WinHttpReceiveResponse(probe.get(), nullptr);
  }

  Handle request(open_request(Wide(r.method)));
  if (request.get() == nullptr) return last_error();
  std::wstring headers;
  for (const std::string& h : r.headers) headers += Wide(h) + L"\r\n";

  const auto start = std::chrono::steady_clock::now();
  const BOOL sent = WinHttpSendRequest(
      request.get(),
      headers.empty() ? WINHTTP_NO_ADDITIONAL_HEADERS : headers.c_str(),
      static_cast<DWORD>(-1L),
      r.body.empty() ? WINHTTP_NO_REQUEST_DATA
                     : const_cast<char*>(r.body.data()),
      static_cast<DWORD>(r.body.size()), static_cast<DWORD>(r.body.size()), 0);
  if (!check.refusal.empty()) return refused(request);
  if (!sent) return last_error();
  if (!WinHttpReceiveResponse(request.get(), nullptr)) return last_error();
  if (check_before_send) {
    // The request's own connection, whether the probe's or a new one.
    check.refusal = Refusal(request.get(), check);
    if (!check.refusal.empty()) {
      return fail(ErrorCode::kIo, "server refused: " + check.refusal);
    }
  }

  HttpsReply reply;
  DWORD status = 0;
  DWORD size = sizeof(status);
  WinHttpQueryHeaders(
      request.get(), WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
      WINHTTP_HEADER_NAME_BY_INDEX, &status, &size, WINHTTP_NO_HEADER_INDEX);
  reply.status = static_cast<long>(status);
  reply.retry_after = RetryAfter(request.get());
  reply.headers = Headers(request.get());
  char buffer[16384];
  for (;;) {
    if (r.abort != nullptr && r.abort->load()) {
      return fail(ErrorCode::kIo, "aborted");
    }
    if (std::chrono::steady_clock::now() - start >
        std::chrono::seconds(r.total_timeout_seconds)) {
      return fail(ErrorCode::kResourceExhausted, "timed out");
    }
    DWORD read = 0;
    if (!WinHttpReadData(request.get(), buffer, sizeof(buffer), &read)) {
      return last_error();
    }
    if (read == 0) break;
    if (reply.body.size() + read > kMaxReplyBody) {
      return fail(ErrorCode::kResourceExhausted, "reply larger than 16 MiB");
    }
    reply.body.append(buffer, read);
  }
  return reply;
}

std::unique_ptr<HttpsClient> NewHttpsClient() {
  return std::make_unique<WinHttpClient>();
}

}  // namespace surveyor::agent
