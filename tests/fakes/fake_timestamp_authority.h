// A TimestampAuthority that answers with scripted bytes (or an error) and
// keeps the requests it got, for tests of what the export does with a
// time-stamping authority's reply. Real replies come from the real one in
// tests/fixtures/tsa/tsa_server.py.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "service/evidence/tsa_client.h"

namespace surveyor::testing {

class FakeTimestampAuthority : public evidence::TimestampAuthority {
 public:
  explicit FakeTimestampAuthority(
      std::expected<std::string, common::Error> reply)
      : reply_(std::move(reply)) {}

  std::expected<std::string, common::Error> Stamp(
      const std::string& request) override {
    requests.push_back(request);
    return reply_;
  }
  const std::string& url() const override { return url_; }

  std::vector<std::string> requests;

 private:
  std::expected<std::string, common::Error> reply_;
  std::string url_ = "http://tsa.fake/";
};

}  // namespace surveyor::testing
