#include "agent/curl_request.h"

#include <strings.h>

#include <cctype>
#include <cstring>
#include <ctime>

namespace surveyor::agent {
namespace {

using common::ErrorCode;
using common::Fail;

struct Capture {
  const CurlApi* curl = nullptr;
  std::string body;
  std::optional<std::chrono::seconds> retry_after;
  std::vector<std::pair<std::string, std::string>> headers;
};

std::string_view Trim(std::string_view v) {
  while (!v.empty() && (v.back() == '\r' || v.back() == '\n' ||
                        v.back() == ' ' || v.back() == '\t')) {
    v.remove_suffix(1);
  }
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) {
    v.remove_prefix(1);
  }
  return v;
}

// Keeps `line` ("Name: value") in the capture; a status line starts a new
// response (a redirect or a 100 Continue), whose headers replace these.
void KeepHeader(Capture& c, std::string_view line) {
  if (line.starts_with("HTTP/")) {
    c.headers.clear();
    c.retry_after.reset();
    return;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return;
  if (c.headers.size() >= 200 || line.size() > 8192) return;
  std::string name(Trim(line.substr(0, colon)));
  for (char& ch : name) {
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  c.headers.emplace_back(std::move(name), Trim(line.substr(colon + 1)));
}

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* c = static_cast<Capture*>(user);
  if (c->body.size() + size * n > kMaxReplyBody)
    return 0;  // Refuse huge replies.
  c->body.append(data, size * n);
  return size * n;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* c = static_cast<Capture*>(user);
  std::string_view line(data, size * n);
  KeepHeader(*c, line);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size() &&
      ::strncasecmp(line.data(), kName.data(), kName.size()) == 0) {
    std::string value(line.substr(kName.size()));
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' ||
                              value.back() == ' ')) {
      value.pop_back();
    }
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    char* end = nullptr;
    long secs = std::strtol(value.c_str(), &end, 10);
    if (end != value.c_str() && *end == '\0' && secs >= 0) {
      c->retry_after = std::chrono::seconds(secs);
    } else {
      std::time_t when = c->curl->getdate(value.c_str(), nullptr);
      if (when > 0) {
        long delta = static_cast<long>(when - std::time(nullptr));
        c->retry_after = std::chrono::seconds(delta > 0 ? delta : 0);
      }
    }
  }
  return size * n;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* abort = static_cast<const std::atomic<bool>*>(user);
  return abort != nullptr && abort->load() ? 1 : 0;
}

}  // namespace

std::expected<HttpsReply, common::Error> PerformCurl(const CurlApi& api,
                                                     void* handle,
                                                     const HttpsRequest& r) {
  CURL* curl = static_cast<CURL*>(handle);
  api.easy_reset(curl);
  Capture capture;
  capture.curl = &api;
  curl_slist* headers = nullptr;
  for (const auto& h : r.headers)
    headers = api.slist_append(headers, h.c_str());
  CURLcode rc = CURLE_OK;
  auto set = [&](CURLoption opt, auto value) {
    if (rc == CURLE_OK) rc = api.easy_setopt(curl, opt, value);
  };
  set(CURLOPT_URL, r.url.c_str());
  if (r.method == "POST") {
    set(CURLOPT_POST, 1L);
    set(CURLOPT_POSTFIELDS, r.body.data());
    set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
  } else {
    set(CURLOPT_HTTPGET, 1L);
  }
  set(CURLOPT_HTTPHEADER, headers);
  set(CURLOPT_WRITEFUNCTION, &OnBody);
  set(CURLOPT_WRITEDATA, &capture);
  set(CURLOPT_HEADERFUNCTION, &OnHeader);
  set(CURLOPT_HEADERDATA, &capture);
  set(CURLOPT_NOPROGRESS, 0L);
  set(CURLOPT_XFERINFOFUNCTION, &OnProgress);
  set(CURLOPT_XFERINFODATA, r.abort);
  set(CURLOPT_CONNECTTIMEOUT, r.connect_timeout_seconds);
  set(CURLOPT_TIMEOUT, r.total_timeout_seconds);
  set(CURLOPT_NOSIGNAL, 1L);
  set(CURLOPT_SSL_VERIFYPEER, 1L);
  set(CURLOPT_SSL_VERIFYHOST, 2L);
  set(CURLOPT_PROTOCOLS_STR, "https,http");
  set(CURLOPT_USERAGENT, "surveyor-agent/" SURVEYOR_VERSION);
  if (!r.ca_file.empty()) set(CURLOPT_CAINFO, r.ca_file.c_str());
  if (!r.pinned_public_key.empty()) {
    set(CURLOPT_PINNEDPUBLICKEY, r.pinned_public_key.c_str());
  }
  if (!r.https_proxy.empty()) set(CURLOPT_PROXY, r.https_proxy.c_str());
  if (rc != CURLE_OK) {
    api.slist_free_all(headers);
    return Fail(ErrorCode::kInternal,
                std::string("curl option: ") + api.easy_strerror(rc));
  }
  rc = api.easy_perform(curl);
  api.slist_free_all(headers);
  if (rc != CURLE_OK) {
    ErrorCode code = rc == CURLE_OPERATION_TIMEDOUT
                         ? ErrorCode::kResourceExhausted
                         : ErrorCode::kIo;
    return Fail(code, r.url + ": " + api.easy_strerror(rc));
  }
  HttpsReply reply;
  api.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  reply.body = std::move(capture.body);
  reply.retry_after = capture.retry_after;
  reply.headers = std::move(capture.headers);
  return reply;
}

CurlHandle::~CurlHandle() {
  if (curl_ != nullptr) api_->easy_cleanup(static_cast<CURL*>(curl_));
}

std::expected<HttpsReply, common::Error> CurlHandle::Perform(
    const HttpsRequest& request) {
  if (api_ == nullptr) {
    auto api = LoadCurl();
    if (!api) return std::unexpected(api.error());
    api_ = *api;
  }
  if (curl_ == nullptr) curl_ = api_->easy_init();
  if (curl_ == nullptr)
    return Fail(ErrorCode::kInternal, "curl_easy_init failed");
  return PerformCurl(*api_, curl_, request);
}

std::unique_ptr<HttpsClient> NewHttpsClient() {
  return std::make_unique<CurlHandle>();
}

}  // namespace surveyor::agent
