#include "collectors/saas/vendor_session.h"

namespace surveyor::collectors::saas {

VendorSession::VendorSession(std::string_view vendor, std::string default_base,
                             const ConnectorSettings& settings,
                             HttpClient& client, Waiter& waiter,
                             ConnectorResult& result)
    : vendor_(vendor),
      base_(settings.base_url.empty() ? std::move(default_base)
                                      : settings.base_url),
      s_(settings),
      client_(client),
      waiter_(waiter),
      result_(result) {
  while (!base_.empty() && base_.back() == '/') base_.pop_back();
  result_.vendor = vendor_;
}

std::optional<HttpReply> VendorSession::Send(const HttpCall& call,
                                             const std::string& endpoint) {
  auto sent = SendThrottled(client_, waiter_, call, s_.throttle);
  if (!sent) {
    Fail(endpoint, sent.error().message);
    return std::nullopt;
  }
  return std::move(sent->reply);
}

std::optional<HttpReply> VendorSession::Get(const std::string& url,
                                            const std::string& endpoint) {
  for (int round = 0; round < 2; ++round) {
    HttpCall call;
    call.url = url;
    call.headers = headers_;
    auto reply = Send(call, endpoint);
    if (!reply) return std::nullopt;
    if (reply->status == 401 && round == 0 && reauth_) {
      if (!reauth_()) return std::nullopt;
      continue;
    }
    return reply;
  }
  return std::nullopt;
}

bool VendorSession::Fail(const std::string& endpoint, const std::string& what) {
  result_.partial = true;
  result_.errors.push_back(vendor_ + " " + endpoint + ": " + what);
  return false;
}

bool VendorSession::FailReply(const std::string& endpoint,
                              const HttpReply& reply,
                              const std::string& vendor_text) {
  return Fail(endpoint, HttpFailure(reply, vendor_text));
}

void VendorSession::Note(const std::string& endpoint, const std::string& what) {
  result_.notes.push_back(vendor_ + " " + endpoint + ": " + what);
}

bool VendorSession::PageAllowed(int page, const std::string& endpoint) {
  if (page < s_.max_pages) return true;
  return Fail(endpoint, "more than " + std::to_string(s_.max_pages) +
                            " pages; the listing is cut");
}

}  // namespace surveyor::collectors::saas
