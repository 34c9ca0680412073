// The findings part of the read API: /v1/tenants/NAME/findings,
// /v1/tenants/NAME/products and /v1/tenants/NAME/policy (GET for tenant
// tokens, PUT with an admin token).
#include <google/protobuf/text_format.h>

#include <boost/json.hpp>

#include "common/logging.h"
#include "service/api/api.h"
#include "service/api/responses.h"
#include "service/findings/policy.h"
#include "service/findings/report.h"

namespace surveyor::service {

namespace http = boost::beast::http;
namespace json = boost::json;

HttpResponse Api::TenantFindings(const HttpRequest& req, const Tenant& tenant,
                                 std::string_view what, std::string_view query,
                                 const Principal& principal) {
  if (engine_ == nullptr || catalog_ == nullptr) {
    return Text(req, http::status::not_found, "findings are not enabled");
  }
  auto failed = [&](const common::Error& e) {
    metrics_.Error("store");
    common::Logger("api")->error("{} {}: {}", tenant.name, what, e.message);
    return Text(req, http::status::internal_server_error, "store failure");
  };
  std::int64_t now = clock_();
  if (what == "findings") {
    bool all = QueryInt(query, "all").value_or(0) != 0;
    auto list = store_.ListFindings(tenant.id, !all);
    if (!list) return failed(list.error());
    findings::SortFindings(*list);
    return Json(req, findings::FindingsJson(tenant.name, *list));
  }
  if (what == "products") {
    auto products = store_.TenantProducts(tenant.id);
    if (!products) return failed(products.error());
    auto unmatched = store_.Uncatalogued(tenant.id);
    if (!unmatched) return failed(unmatched.error());
    json::array catalogued, uncatalogued;
    for (const auto& p : *products) {
      const auto* entry = catalog_->Product(p.product);
      catalogued.push_back(
          json::object{{"id", p.product},
                       {"name", entry ? entry->name() : p.product},
                       {"vendor", entry ? entry->vendor() : ""},
                       {"category", p.category},
                       {"hosts", p.hosts}});
    }
    for (const auto& u : *unmatched) {
      uncatalogued.push_back(json::object{
          {"source", u.source}, {"name", u.name}, {"hosts", u.hosts}});
    }
    return Json(req, json::object{{"tenant", tenant.name},
                                  {"products", std::move(catalogued)},
                                  {"uncatalogued", std::move(uncatalogued)}});
  }
  // policy
  if (req.method() == http::verb::put) {
    if (!principal.admin()) {
      metrics_.Error("forbidden");
      return Text(req, http::status::forbidden,
                  "changing a policy needs an admin token");
    }
    auto parsed = findings::ParsePolicy(req.body(), "request body", *catalog_);
    if (!parsed) {
      return Text(req, http::status::bad_request, parsed.error().message);
    }
    if (auto saved = store_.SetPolicy(tenant.id, *parsed, now); !saved) {
      return failed(saved.error());
    }
    auto evaluated = engine_->EvaluateTenant(tenant.id, now);
    if (!evaluated) return failed(evaluated.error());
  }
  auto stored = store_.Policy(tenant.id);
  if (!stored) return failed(stored.error());
  auto policy = engine_->TenantPolicy(tenant.id);
  if (!policy) return failed(policy.error());
  std::string text;
  google::protobuf::TextFormat::PrintToString(*policy, &text);
  return Json(req, json::object{{"tenant", tenant.name},
                                {"default", !stored->has_value()},
                                {"policy", text}});
}

}  // namespace surveyor::service
