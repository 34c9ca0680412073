// What every connector does around its calls: the API root (the vendor's
// or the base_url override), sending with throttling, one token refresh
// and retry when a call answers 401 (a token that expired mid-run), page
// limits, and recording failures as "<vendor> <endpoint>: <what>" with the
// listing marked partial.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collectors/saas/connector.h"

namespace surveyor::collectors::saas {

class VendorSession {
 public:
  VendorSession(std::string_view vendor, std::string default_base,
                const ConnectorSettings& settings, HttpClient& client,
                Waiter& waiter, ConnectorResult& result);

  // The API root without a trailing slash.
  const std::string& Base() const { return base_; }
  const ConnectorSettings& settings() const { return s_; }
  // The wall clock, seconds since the epoch (token claims).
  std::int64_t Now() const { return waiter_.Now(); }

  // Sent with every Get (the Authorization header and the like).
  void SetHeaders(std::vector<std::pair<std::string, std::string>> headers) {
    headers_ = std::move(headers);
  }
  // Called once when a Get answers 401; it fetches a new token (and calls
  // SetHeaders) and returns false after recording why it could not.
  void SetReauth(std::function<bool()> reauth) { reauth_ = std::move(reauth); }

  // GET `url`; the reply whatever its status, or nullopt after recording
  // a transport failure (or a failed re-authentication).
  std::optional<HttpReply> Get(const std::string& url,
                               const std::string& endpoint);
  // Sends `call` as is (token requests); nullopt as for Get.
  std::optional<HttpReply> Send(const HttpCall& call,
                                const std::string& endpoint);

  // Records a failure, marks the result partial; returns false.
  bool Fail(const std::string& endpoint, const std::string& what);
  // Records a non-200 reply with the vendor's own error text.
  bool FailReply(const std::string& endpoint, const HttpReply& reply,
                 const std::string& vendor_text);
  void Note(const std::string& endpoint, const std::string& what);

  // False (after recording that the listing is cut) when `page` (0-based)
  // is past the configured page limit.
  bool PageAllowed(int page, const std::string& endpoint);

 private:
  std::string vendor_;
  std::string base_;
  const ConnectorSettings& s_;
  HttpClient& client_;
  Waiter& waiter_;
  ConnectorResult& result_;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::function<bool()> reauth_;
};

}  // namespace surveyor::collectors::saas
