#include "service/evidence/tsa_client.h"

#include <curl/curl.h>

#include <mutex>

#include "common/printable.h"

namespace surveyor::evidence {

using common::ErrorCode;
using common::Fail;

namespace {

constexpr std::size_t kMaxReply = 1u << 20;

std::size_t Collect(char* data, std::size_t size, std::size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  if (out->size() + size * n > kMaxReply) return 0;  // aborts the transfer
  out->append(data, size * n);
  return size * n;
}

class CurlTimestampAuthority : public TimestampAuthority {
 public:
  CurlTimestampAuthority(std::string url, std::string ca_file)
      : url_(std::move(url)), ca_file_(std::move(ca_file)) {}

  const std::string& url() const override { return url_; }

  std::expected<std::string, common::Error> Stamp(
      const std::string& request) override {
    static std::once_flag init;
    std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(),
                                                             curl_easy_cleanup);
    if (!curl) return Fail(ErrorCode::kInternal, "libcurl: out of memory");
    CURL* c = curl.get();
    char error[CURL_ERROR_SIZE] = {};
    std::string reply;
    curl_slist* headers =
        curl_slist_append(nullptr, "Content-Type: application/timestamp-query");
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> guard(
        headers, curl_slist_free_all);
    curl_easy_setopt(c, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE,
                     static_cast<long>(request.size()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    if (!ca_file_.empty())
      curl_easy_setopt(c, CURLOPT_CAINFO, ca_file_.c_str());
    const CURLcode rc = curl_easy_perform(c);
    const std::string where =
        "time-stamping authority " + common::Printable(url_);
    if (rc != CURLE_OK) {
      return Fail(ErrorCode::kIo,
                  where + ": " + (error[0] ? error : curl_easy_strerror(rc)));
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200) {
      return Fail(ErrorCode::kIo,
                  where + ": HTTP status " + std::to_string(status));
    }
    char* type = nullptr;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
    if (type == nullptr ||
        std::string_view(type).find("application/timestamp-reply") ==
            std::string_view::npos) {
      return Fail(ErrorCode::kIo,
                  where + ": the reply is " +
                      common::Printable(type ? type : "untyped", 80) +
                      ", not application/timestamp-reply");
    }
    return reply;
  }

 private:
  std::string url_;
  std::string ca_file_;
};

}  // namespace

std::unique_ptr<TimestampAuthority> MakeCurlTimestampAuthority(
    std::string url, std::string ca_file) {
  return std::make_unique<CurlTimestampAuthority>(std::move(url),
                                                  std::move(ca_file));
}

}  // namespace surveyor::evidence
