#include "service/mail/smtp_sender.h"

#include <curl/curl.h>

#include <cstring>
#include <mutex>

#include "common/logging.h"
#include "common/secret_file.h"

namespace surveyor::service {
namespace {

using common::Error;
using common::ErrorCode;
using common::Fail;

struct Reader {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t Read(char* buffer, std::size_t size, std::size_t n, void* user) {
  auto* r = static_cast<Reader*>(user);
  std::size_t left = r->data->size() - r->offset;
  std::size_t len = std::min(left, size * n);
  std::memcpy(buffer, r->data->data() + r->offset, len);
  r->offset += len;
  return len;
}

class CurlSmtpSender : public MailSender {
 public:
  CurlSmtpSender(SmtpSettings settings, std::string password)
      : settings_(std::move(settings)), password_(std::move(password)) {}

  std::expected<void, Error> Send(const Envelope& envelope,
                                  const std::string& message) override {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(),
                                                             curl_easy_cleanup);
    if (!curl) return Fail(ErrorCode::kInternal, "libcurl: out of memory");
    CURL* c = curl.get();
    char error[CURL_ERROR_SIZE] = {};
    curl_slist* rcpt = nullptr;
    for (const auto& to : envelope.to) {
      rcpt = curl_slist_append(rcpt, ("<" + to + ">").c_str());
    }
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt_guard(
        rcpt, curl_slist_free_all);
    Reader reader{&message};
    const std::string from = "<" + envelope.from + ">";
    curl_easy_setopt(c, CURLOPT_URL, settings_.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     settings_.allow_plain ? CURLUSESSL_TRY : CURLUSESSL_ALL);
    if (!settings_.ca_file.empty()) {
      curl_easy_setopt(c, CURLOPT_CAINFO, settings_.ca_file.c_str());
    }
    if (!settings_.username.empty()) {
      curl_easy_setopt(c, CURLOPT_USERNAME, settings_.username.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, password_.c_str());
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, Read);
    curl_easy_setopt(c, CURLOPT_READDATA, &reader);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE,
                     static_cast<curl_off_t>(message.size()));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT,
                     static_cast<long>(settings_.timeout_seconds));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) return {};
    long reply = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
    std::string what = "SMTP " + common::Printable(settings_.url) + ": " +
                       (error[0] ? common::Printable(error)
                                 : std::string(curl_easy_strerror(rc)));
    if (reply > 0) what += " (reply " + std::to_string(reply) + ")";
    if (rc == CURLE_USE_SSL_FAILED) {
      what +=
          "; the server offers no STARTTLS (set allow_plain only for a "
          "relay on loopback)";
    }
    // 5xx is permanent; anything else (4xx, no connection, a timeout, TLS)
    // may pass later.
    return Fail(reply >= 500 ? ErrorCode::kInvalidArgument : ErrorCode::kIo,
                what);
  }

 private:
  SmtpSettings settings_;
  std::string password_;
};

}  // namespace

std::expected<std::unique_ptr<MailSender>, Error> MakeSmtpSender(
    const SmtpSettings& settings) {
  if (!settings.url.starts_with("smtp://") &&
      !settings.url.starts_with("smtps://")) {
    return Fail(ErrorCode::kInvalidArgument,
                "SMTP URL '" + common::Printable(settings.url) +
                    "': expected smtp://HOST:587 (STARTTLS) or "
                    "smtps://HOST:465");
  }
  if (settings.timeout_seconds <= 0) {
    return Fail(ErrorCode::kInvalidArgument, "SMTP timeout must be positive");
  }
  std::string password;
  if (!settings.username.empty() || !settings.password_file.empty()) {
    if (settings.username.empty() || settings.password_file.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "SMTP AUTH needs both a user and a password file");
    }
    SURVEYOR_ASSIGN_OR_RETURN(
        password,
        common::ReadSecretLine(settings.password_file, "SMTP password file",
                               /*private_only=*/true));
  }
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  return std::make_unique<CurlSmtpSender>(settings, std::move(password));
}

}  // namespace surveyor::service
