// WMI for tests: answers chosen per namespace and query (objects, or an
// error), kNotFound for anything else, as an absent class would be; records
// the queries asked.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "collectors/windows/wmi.h"

namespace surveyor::testing {

class FakeWmi : public collectors::windows::Wmi {
 public:
  using Objects = std::vector<collectors::windows::WmiObject>;

  void Answer(std::string wmi_namespace, std::string wql, Objects objects) {
    answers_[{std::move(wmi_namespace), std::move(wql)}] = std::move(objects);
  }
  void Refuse(std::string wmi_namespace, std::string wql, common::Error error) {
    errors_[{std::move(wmi_namespace), std::move(wql)}] = std::move(error);
  }

  std::expected<Objects, common::Error> Query(std::string_view wmi_namespace,
                                              std::string_view wql) override {
    const Key key{std::string(wmi_namespace), std::string(wql)};
    queries.push_back(key.second);
    if (auto e = errors_.find(key); e != errors_.end()) {
      return std::unexpected(e->second);
    }
    if (auto a = answers_.find(key); a != answers_.end()) return a->second;
    return common::Fail(common::ErrorCode::kNotFound,
                        "WMI " + key.first + ": " + key.second + " not found");
  }

  std::vector<std::string> queries;

 private:
  using Key = std::pair<std::string, std::string>;
  std::map<Key, Objects> answers_;
  std::map<Key, common::Error> errors_;
};

}  // namespace surveyor::testing
