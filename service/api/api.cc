#include "service/api/api.h"

#include <google/protobuf/io/coded_stream.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>

#include "common/logging.h"
#include "service/api/responses.h"

namespace surveyor::service {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

constexpr std::string_view kProtobuf = "application/x-protobuf";

// Parses a protobuf body with explicit limits on nesting and size.
template <typename Message>
bool ParseBody(const std::string& body, Message& msg) {
  google::protobuf::io::CodedInputStream in(
      reinterpret_cast<const std::uint8_t*>(body.data()),
      static_cast<int>(body.size()));
  in.SetRecursionLimit(32);
  in.SetTotalBytesLimit(static_cast<int>(body.size()));
  return msg.ParseFromCodedStream(&in) && in.ConsumedEntireMessage();
}

json::object HostJson(const Host& h, std::int64_t now) {
  return json::object{
      {"agent_id", h.agent_id},
      {"hostname", h.hostname},
      {"machine_id", h.machine_id},
      {"os", h.os},
      {"tenant", h.tenant},
      {"enrolled_at", h.enrolled_at},
      {"last_seen", h.last_seen},
      {"seconds_since_seen", h.last_seen ? now - h.last_seen : -1},
      {"last_sequence", h.last_sequence}};
}

json::array SoftwareJson(const std::vector<SoftwareRow>& rows, bool counts) {
  json::array out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    json::object o{{"source", r.source},
                   {"name", r.name},
                   {"version", r.version},
                   {"architecture", r.architecture},
                   {"first_seen", r.first_seen}};
    if (counts) o["hosts"] = r.hosts;
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

HttpResponse Api::Handle(const HttpRequest& req) {
  std::string_view target = req.target();
  std::string_view path = target.substr(0, target.find('?'));
  if (path == "/healthz") {
    return Text(req, http::status::ok, "ok");
  }
  if (path == "/metrics") {
    auto tenants = store_.ListTenants();
    return MakeResponse(
        req, http::status::ok,
        metrics_.Render(tenants ? *tenants : std::vector<Tenant>{}),
        "text/plain; version=0.0.4");
  }
  if (path == "/v1/enroll" || path == "/v1/snapshots") {
    if (req.method() != http::verb::post) {
      metrics_.Error("method");
      return Text(req, http::status::method_not_allowed, "use POST");
    }
    return path == "/v1/enroll" ? Enroll(req) : Submit(req);
  }
  if (path.starts_with("/v1/")) {
    bool policy_put =
        req.method() == http::verb::put && path.ends_with("/policy");
    if (req.method() != http::verb::get && !policy_put) {
      metrics_.Error("method");
      return Text(req, http::status::method_not_allowed, "use GET");
    }
    return Read(req, path);
  }
  metrics_.Error("not_found");
  return Text(req, http::status::not_found, "no such endpoint");
}

HttpResponse Api::Enroll(const HttpRequest& req) {
  v1::EnrollRequest enroll;
  if (!ParseBody(req.body(), enroll)) {
    metrics_.Error("malformed_body");
    return Text(req, http::status::bad_request,
                "body is not an EnrollRequest protobuf");
  }
  auto r = store_.Enroll(enroll, clock_());
  if (!r) {
    if (r.error().code == common::ErrorCode::kPermissionDenied) {
      metrics_.Error("unknown_enroll_secret");
      return Text(req, http::status::unauthorized, r.error().message);
    }
    if (r.error().code == common::ErrorCode::kInvalidArgument) {
      metrics_.Error("malformed_body");
      return Text(req, http::status::bad_request, r.error().message);
    }
    metrics_.Error("store");
    common::Logger("api")->error("enroll: {}", r.error().message);
    return Text(req, http::status::internal_server_error, "store failure");
  }
  metrics_.Enrolled();
  common::Logger("api")->info("enrolled {} ({})", r->agent_id(),
                              enroll.host().hostname());
  return MakeResponse(req, http::status::ok, r->SerializeAsString(), kProtobuf);
}

HttpResponse Api::Submit(const HttpRequest& req) {
  auto start = std::chrono::steady_clock::now();
  std::string key = Bearer(req);
  if (key.empty()) {
    metrics_.Error("missing_node_key");
    return Text(req, http::status::unauthorized, "missing node key");
  }
  auto host = store_.AuthenticateNode(key);
  if (!host) {
    metrics_.Error(host.error().code == common::ErrorCode::kPermissionDenied
                       ? "unknown_node_key"
                       : "store");
    return host.error().code == common::ErrorCode::kPermissionDenied
               ? Text(req, http::status::unauthorized, "unknown node key")
               : Text(req, http::status::internal_server_error,
                      "store failure");
  }
  v1::Snapshot snapshot;
  if (!ParseBody(req.body(), snapshot)) {
    metrics_.Error("malformed_body");
    return Text(req, http::status::bad_request,
                "body is not a Snapshot protobuf");
  }
  IngestStats stats;
  std::int64_t now = clock_();
  auto r = store_.Ingest(*host, snapshot, req.body().size(), now, &stats);
  if (!r) {
    switch (r.error().code) {
      case common::ErrorCode::kInvalidArgument:
        metrics_.Error("invalid_snapshot");
        return Text(req, http::status::bad_request, r.error().message);
      case common::ErrorCode::kPermissionDenied:
        metrics_.Error("wrong_machine");
        return Text(req, http::status::forbidden, r.error().message);
      default:
        metrics_.Error("store");
        common::Logger("api")->error("ingest {}: {}", host->agent_id,
                                     r.error().message);
        return Text(req, http::status::service_unavailable, "store failure");
    }
  }
  if (engine_ != nullptr && !r->duplicate()) {
    // The snapshot is stored either way; a failure here is repaired by the
    // next evaluation of the tenant.
    if (auto f = engine_->AfterIngest(*host, stats, now); !f) {
      metrics_.Error("findings");
      common::Logger("api")->error("findings after {}: {}", host->agent_id,
                                   f.error().message);
    }
  }
  metrics_.Ingested(
      req.body().size(),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count(),
      r->duplicate());
  return MakeResponse(req, http::status::ok, r->SerializeAsString(), kProtobuf);
}

HttpResponse Api::Read(const HttpRequest& req, std::string_view path) {
  std::string token = Bearer(req);
  if (token.empty()) {
    metrics_.Error("missing_token");
    return Text(req, http::status::unauthorized, "missing API token");
  }
  auto principal = store_.AuthenticateToken(token);
  if (!principal) {
    metrics_.Error("unknown_token");
    return Text(req, http::status::unauthorized, "unknown API token");
  }
  std::string_view target = req.target();
  std::string_view query = target.find('?') == std::string_view::npos
                               ? std::string_view()
                               : target.substr(target.find('?') + 1);
  auto forbidden = [&] {
    metrics_.Error("forbidden");
    return Text(req, http::status::forbidden, "not allowed for this token");
  };
  auto failed = [&](const common::Error& e) {
    metrics_.Error("store");
    common::Logger("api")->error("read {}: {}", path, e.message);
    return Text(req, http::status::internal_server_error, "store failure");
  };
  std::int64_t now = clock_();

  if (path == "/v1/tenants") {
    auto tenants = store_.ListTenants();
    if (!tenants) return failed(tenants.error());
    json::array out;
    for (const auto& t : *tenants) {
      if (!principal->admin() && t.id != principal->tenant_id) continue;
      out.push_back(json::object{
          {"name", t.name}, {"created_at", t.created_at}, {"hosts", t.hosts}});
    }
    return Json(req, out);
  }
  constexpr std::string_view kTenants = "/v1/tenants/";
  if (path.starts_with(kTenants)) {
    std::string_view rest = path.substr(kTenants.size());
    auto slash = rest.find('/');
    if (slash == std::string_view::npos) {
      return Text(req, http::status::not_found, "no such endpoint");
    }
    std::string name(rest.substr(0, slash));
    std::string_view what = rest.substr(slash + 1);
    auto tenant = store_.FindTenant(name);
    if (!tenant) return failed(tenant.error());
    if (!*tenant) {
      // Tenant tokens must not learn which other tenants exist.
      if (!principal->admin()) return forbidden();
      return Text(req, http::status::not_found, "no tenant '" + name + "'");
    }
    if (!principal->admin() && principal->tenant_id != (*tenant)->id) {
      return forbidden();
    }
    if (what == "findings" || what == "products" || what == "policy") {
      return TenantFindings(req, **tenant, what, query, *principal);
    }
    if (what == "hosts") {
      auto hosts = store_.Hosts((*tenant)->id);
      if (!hosts) return failed(hosts.error());
      json::array out;
      for (const auto& h : *hosts) out.push_back(HostJson(h, now));
      return Json(req, out);
    }
    if (what == "software") {
      auto rows = store_.TenantSoftware((*tenant)->id);
      if (!rows) return failed(rows.error());
      return Json(req, SoftwareJson(*rows, true));
    }
    if (what == "changes") {
      std::int64_t until = QueryInt(query, "until").value_or(now + 1);
      std::int64_t since = QueryInt(query, "since").value_or(until - 7 * 86400);
      auto changes = store_.Changes((*tenant)->id, since, until);
      if (!changes) return failed(changes.error());
      json::array out;
      for (const auto& c : *changes) {
        out.push_back(json::object{{"agent_id", c.agent_id},
                                   {"hostname", c.hostname},
                                   {"kind", c.kind},
                                   {"source", c.source},
                                   {"name", c.name},
                                   {"architecture", c.architecture},
                                   {"from_version", c.from_version},
                                   {"to_version", c.to_version},
                                   {"at", c.at}});
      }
      return Json(req, json::object{{"since", since},
                                    {"until", until},
                                    {"changes", std::move(out)}});
    }
    return Text(req, http::status::not_found, "no such endpoint");
  }
  constexpr std::string_view kHosts = "/v1/hosts/";
  if (path.starts_with(kHosts) && path.ends_with("/software")) {
    std::string agent(path.substr(
        kHosts.size(),
        path.size() - kHosts.size() - std::string_view("/software").size()));
    auto host = store_.FindHost(agent);
    if (!host) return failed(host.error());
    if (!*host) {
      if (!principal->admin()) return forbidden();
      return Text(req, http::status::not_found, "no host '" + agent + "'");
    }
    if (!principal->admin() && principal->tenant_id != (*host)->tenant_id) {
      return forbidden();
    }
    auto rows = store_.HostSoftware((*host)->id);
    if (!rows) return failed(rows.error());
    return Json(req, json::object{{"host", HostJson(**host, now)},
                                  {"software", SoftwareJson(*rows, false)}});
  }
  metrics_.Error("not_found");
  return Text(req, http::status::not_found, "no such endpoint");
}

}  // namespace surveyor::service
