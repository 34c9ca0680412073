#include "service/api/api.h"

#include <google/protobuf/io/coded_stream.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>

#include "common/compression.h"
#include "common/hash.h"
#include "common/logging.h"
#include "common/random.h"
#include "common/time_util.h"
#include "service/api/responses.h"
#include "service/app/digest_reports.h"
#include "service/app/evidence_export.h"
#include "service/app/json_views.h"
#include "service/evidence/days.h"
#include "service/evidence/evidence_key.h"
#include "service/findings/report.h"

namespace surveyor::service {
namespace {

namespace http = boost::beast::http;
using common::ErrorCode;
namespace json = boost::json;

// Where a paged list sits in a response body.
json::array& WholeBody(json::value& body) { return body.as_array(); }
constexpr const char kChanges[] = "changes";
constexpr const char kFindings[] = "findings";
constexpr const char kUncatalogued[] = "uncatalogued";
constexpr const char kSoftware[] = "software";
constexpr const char kSubscriptions[] = "subscriptions";
constexpr const char kDays[] = "days";
template <const char* kName>
json::array& Member(json::value& body) {
  return body.as_object().at(kName).as_array();
}

std::string_view Str(const json::object& o, std::string_view field) {
  auto* v = o.if_contains(field);
  return v && v->is_string() ? std::string_view(v->as_string())
                             : std::string_view();
}

// A time query parameter: RFC 3339 (percent-encoded or not) or seconds
// since the epoch; nullopt when absent or malformed (*malformed set).
std::optional<std::int64_t> QueryTime(std::string_view query,
                                      std::string_view key, bool* malformed) {
  auto raw = QueryValue(query, key);
  if (!raw) return std::nullopt;
  bool not_int = false;
  if (auto n = QueryInt(query, key, &not_int)) return n;
  if (auto text = DecodeSegment(*raw)) {
    if (auto t = common::ParseRfc3339(*text)) return t;
  }
  *malformed = true;
  return std::nullopt;
}

std::string SoftwarePageKey(const json::object& o) {
  return KeyOf({Str(o, "source"), Str(o, "name"), Str(o, "version"),
                Str(o, "architecture")});
}

constexpr std::string_view kProtobuf = "application/x-protobuf";

// Parses a protobuf body with explicit limits on nesting and size.
template <typename Message>
bool ParseBody(std::string_view body, Message& msg) {
  if (body.size() > static_cast<std::size_t>(INT32_MAX)) return false;
  google::protobuf::io::CodedInputStream in(
      reinterpret_cast<const std::uint8_t*>(body.data()),
      static_cast<int>(body.size()));
  in.SetRecursionLimit(32);
  in.SetTotalBytesLimit(static_cast<int>(body.size()));
  return msg.ParseFromCodedStream(&in) && in.ConsumedEntireMessage();
}

HttpResponse Protobuf(const HttpRequest& req,
                      const google::protobuf::Message& msg) {
  return MakeResponse(req, http::status::ok, msg.SerializeAsString(),
                      kProtobuf);
}

}  // namespace

Application& WorkerContext::App() {
  if (catalogs != nullptr) {
    auto [current, gen] = catalogs->Current();
    if (gen != generation || app == nullptr) {
      catalog = std::move(current);
      generation = gen;
      app = std::make_unique<Application>(*store, catalog.get(), clock);
    }
  }
  return *app;
}

Api::Api(Workers& workers, class Metrics& metrics, ApiOptions options)
    : workers_(workers),
      metrics_(metrics),
      options_(options),
      refusals_([](const std::string& line) {
        common::Logger("api")->warn("{}", line);
      }),
      snapshot_rate_(options.snapshots_per_host_per_hour) {
  Routes();
}

void Api::Routes() {
  using V = http::verb;
  auto r = [this](V method, const char* pattern, Access access,
                  std::optional<Lane> lane, RouteHandler handler) {
    router_.Add(method, pattern, Route{access, lane, std::move(handler)});
  };
  r(V::get, "/healthz", Access::kPublic, std::nullopt,
    [](Api&, Call& c) { return Text(c.req, http::status::ok, "ok"); });
  metrics_router_.Add(V::get, "/metrics",
                      Route{Access::kPublic, Lane::kRead, &Api::Metrics});
  metrics_router_.Add(V::get, "/healthz",
                      Route{Access::kPublic, std::nullopt, [](Api&, Call& c) {
                              return Text(c.req, http::status::ok, "ok");
                            }});
  // Ready = the store takes writes now (on the write lane, like ingest).
  r(V::get, "/readyz", Access::kPublic, Lane::kWrite, [](Api& api, Call& c) {
    if (auto ok = c.app->ProbeWrites(); !ok) {
      common::Logger("api")->warn("not ready: {}", ok.error().message);
      auto res = api.Reject(c.req, http::status::service_unavailable,
                            "not-ready", "the store does not accept writes");
      res.set(http::field::retry_after,
              std::to_string(api.options_.retry_after_seconds));
      return res;
    }
    return Text(c.req, http::status::ok, "ready");
  });
  r(V::post, "/v1/enroll", Access::kPublic, Lane::kWrite, &Api::Enroll);
  r(V::post, "/v1/snapshots", Access::kNodeKey, Lane::kWrite, &Api::Submit);
  r(V::get, "/v1/tenants", Access::kToken, Lane::kRead, &Api::Tenants);
  r(V::get, "/v1/tenants/{tenant}/hosts", Access::kToken, Lane::kRead,
    &Api::TenantHosts);
  r(V::get, "/v1/tenants/{tenant}/software", Access::kToken, Lane::kRead,
    &Api::TenantSoftware);
  r(V::get, "/v1/tenants/{tenant}/changes", Access::kToken, Lane::kRead,
    &Api::TenantChanges);
  r(V::get, "/v1/tenants/{tenant}/findings", Access::kToken, Lane::kRead,
    &Api::TenantFindings);
  r(V::get, "/v1/tenants/{tenant}/products", Access::kToken, Lane::kRead,
    &Api::TenantProducts);
  r(V::get, "/v1/tenants/{tenant}/saas", Access::kToken, Lane::kRead,
    &Api::TenantSaas);
  r(V::get, "/v1/tenants/{tenant}/saas/history", Access::kToken, Lane::kRead,
    &Api::TenantSaasHistory);
  r(V::get, "/v1/tenants/{tenant}/digests/{week}", Access::kToken, Lane::kRead,
    &Api::TenantDigest);
  r(V::get, "/v1/tenants/{tenant}/evidence", Access::kToken, Lane::kRead,
    &Api::TenantEvidence);
  r(V::get, "/v1/tenants/{tenant}/policy", Access::kToken, Lane::kRead,
    &Api::GetPolicy);
  r(V::put, "/v1/tenants/{tenant}/policy", Access::kAdmin, Lane::kWrite,
    &Api::PutPolicy);
  r(V::get, "/v1/tenants/{tenant}/contracts", Access::kToken, Lane::kRead,
    &Api::GetContracts);
  r(V::put, "/v1/tenants/{tenant}/contracts", Access::kAdmin, Lane::kWrite,
    &Api::PutContracts);
  r(V::get, "/v1/hosts/{agent}/sections/{collector}", Access::kToken,
    Lane::kRead, &Api::HostSection);
  r(V::get, "/v1/hosts/{agent}/software", Access::kToken, Lane::kRead,
    &Api::HostSoftware);
}

void Api::Handle(HttpRequest req, Responder respond, std::string peer) {
  Serve(router_, std::move(req), std::move(respond), std::move(peer));
}

void Api::ConnectionRefused(std::string_view kind, const std::string& peer) {
  refusals_.Note(std::string("connection closed: ") + std::string(kind), "",
                 peer);
  std::string metric(kind);
  std::replace(metric.begin(), metric.end(), ' ', '-');
  metrics_.Error(metric);
}

void Api::HandleMetrics(HttpRequest req, Responder respond, std::string peer) {
  Serve(metrics_router_, std::move(req), std::move(respond), std::move(peer));
}

void Api::Serve(const Router<Route>& router, HttpRequest req, Responder respond,
                std::string peer) {
  std::string_view target = req.target();
  std::string path(target.substr(0, target.find('?')));
  if (!ValidPath(path)) {
    return respond(Reject(req, http::status::bad_request, "invalid-request",
                          "malformed path: bad percent-encoding, or an "
                          "encoded '/' or control character"));
  }
  auto match = router.Match(req.method(), path);
  if (std::holds_alternative<Router<Route>::NotFound>(match)) {
    return respond(
        Reject(req, http::status::not_found, "not-found", "no such endpoint"));
  }
  if (auto* bad = std::get_if<Router<Route>::MethodNotAllowed>(&match)) {
    auto res = Reject(req, http::status::method_not_allowed,
                      "method-not-allowed", "use " + bad->allow);
    res.set(http::field::allow, bad->allow);
    return respond(std::move(res));
  }
  auto found = std::get<Router<Route>::Found>(std::move(match));
  const Route& route = *found.entry;
  if (!route.lane) {
    // Inline routes touch no store: answered on the I/O thread.
    Call c{req, found.params, {}, nullptr, {}, {}, {}, {}, peer};
    return respond(route.handler(*this, c));
  }
  auto shared = std::make_shared<HttpRequest>(std::move(req));
  auto params = std::make_shared<PathParams>(std::move(found.params));
  bool queued =
      workers_.Post(*route.lane, [this, &route, shared, params, respond,
                                  peer = std::move(peer)](WorkerContext& w) {
        respond(Dispatch(route, *shared, *params, w.App(), peer));
      });
  if (!queued) {
    // `shared` still holds the request: the job was not queued.
    auto res = Reject(*shared, http::status::service_unavailable, "busy",
                      "the server is busy; retry later");
    res.set(http::field::retry_after,
            std::to_string(options_.retry_after_seconds));
    respond(std::move(res));
  }
}

HttpResponse Api::Dispatch(const Route& route, const HttpRequest& req,
                           const PathParams& params, Application& app,
                           std::string_view peer) {
  std::string_view target = req.target();
  auto q = target.find('?');
  Call c{
      req,
      params,
      q == std::string_view::npos ? std::string_view() : target.substr(q + 1),
      &app,
      {},
      {},
      {},
      {},
      peer};
  auto unauthorized = [&](const char* detail) {
    refusals_.Note(detail, req.target(), peer);
    return Reject(req, http::status::unauthorized, "unauthorized", detail);
  };
  auto forbidden = [&](const char* detail) {
    return Reject(req, http::status::forbidden, "forbidden", detail);
  };
  switch (route.access) {
    case Access::kPublic:
      break;
    case Access::kNodeKey: {
      std::string key = Bearer(req);
      if (key.empty()) return unauthorized("missing node key");
      auto host = app.accounts().AuthenticateNode(key);
      if (!host) {
        if (host.error().code != ErrorCode::kPermissionDenied) {
          return Failed(c, host.error(), "authenticate");
        }
        return unauthorized("unknown node key");
      }
      c.node = std::move(*host);
      break;
    }
    case Access::kToken:
    case Access::kAdmin: {
      std::string token = Bearer(req);
      if (token.empty()) return unauthorized("missing API token");
      auto principal = app.accounts().AuthenticateToken(token, app.Now());
      if (!principal) {
        if (principal.error().code != ErrorCode::kPermissionDenied) {
          return Failed(c, principal.error(), "authenticate");
        }
        // "unknown API token" or "expired API token" (server-made).
        return unauthorized(principal.error().message.c_str());
      }
      c.principal = *principal;
      break;
    }
  }
  // Tenant authorisation, once for every route that names a tenant or host.
  const bool admin = c.principal && c.principal->admin();
  if (route.access == Access::kAdmin && !admin) {
    return forbidden("this needs an admin token");
  }
  // A named tenant or host must exist and belong to the token's tenant.
  // Absent or foreign is 403 for a tenant token (it never learns what
  // exists elsewhere) and absent is 404 for an admin.
  auto authorize = [&](const auto& found, std::int64_t owner,
                       const char* what) -> std::optional<HttpResponse> {
    if (!found) {
      if (found.error().code != ErrorCode::kNotFound) {
        return Failed(c, found.error(), what);
      }
      if (!admin) return forbidden("not allowed for this token");
      return Reject(req, http::status::not_found, "not-found",
                    found.error().message);
    }
    if (!admin && c.principal->tenant_id != owner) {
      return forbidden("not allowed for this token");
    }
    return std::nullopt;
  };
  if (auto it = params.find("tenant"); it != params.end()) {
    auto tenant = app.RequireTenant(it->second);
    if (auto denied = authorize(tenant, tenant ? tenant->id : 0, "tenant")) {
      return std::move(*denied);
    }
    c.tenant = std::move(*tenant);
  }
  if (auto it = params.find("agent"); it != params.end()) {
    auto host = app.RequireHost(it->second);
    if (auto denied = authorize(host, host ? host->tenant_id : 0, "host")) {
      return std::move(*denied);
    }
    c.host = std::move(*host);
  }
  return route.handler(*this, c);
}

HttpResponse Api::Reject(const HttpRequest& req, http::status status,
                         std::string_view kind, std::string_view detail) {
  metrics_.Error(std::string(kind));
  return JsonError(req, status, kind, detail);
}

HttpResponse Api::Failed(const Call& c, const common::Error& e,
                         std::string_view what) {
  switch (e.code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kParse:
      return Reject(c.req, http::status::bad_request, "invalid-request",
                    e.message);
    case ErrorCode::kNotFound:
      return Reject(c.req, http::status::not_found, "not-found", e.message);
    case ErrorCode::kAlreadyExists:
      return Reject(c.req, http::status::conflict, "conflict", e.message);
    case ErrorCode::kUnsupported:
      return Reject(c.req, http::status::not_found, "not-enabled", e.message);
    default: {
      common::Logger("api")->error(
          "{} {}: {}", what, common::Printable(c.req.target()), e.message);
      // The store may be momentarily unavailable: a client may retry.
      auto res = Reject(c.req, http::status::service_unavailable,
                        "store-failure", "store failure; retry later");
      res.set(http::field::retry_after,
              std::to_string(options_.retry_after_seconds));
      return res;
    }
  }
}

HttpResponse Api::Metrics(Call& c) {
  auto tenants = c.app->store().Tenants();
  return MakeResponse(
      c.req, http::status::ok,
      metrics_.Render(tenants ? *tenants : std::vector<Tenant>{}),
      "text/plain; version=0.0.4");
}

HttpResponse Api::Enroll(Call& c) {
  v1::EnrollRequest enroll;
  if (!ParseBody(c.req.body(), enroll)) {
    refusals_.Note("enrollment refused: body is not an EnrollRequest", "",
                   c.peer);
    return Reject(c.req, http::status::bad_request, "invalid-request",
                  "body is not an EnrollRequest protobuf");
  }
  auto r = c.app->Enroll(enroll);
  if (!r) {
    const auto code = r.error().code;
    if (code == ErrorCode::kPermissionDenied ||
        code == ErrorCode::kInvalidArgument) {
      refusals_.Note("enrollment refused: " + r.error().message,
                     "machine " + enroll.host().machine_id(), c.peer);
    }
    if (code == ErrorCode::kPermissionDenied) {
      return Reject(c.req, http::status::unauthorized, "unauthorized",
                    r.error().message);
    }
    return Failed(c, r.error(), "enroll");
  }
  metrics_.Enrolled();
  const Host& h = r->host;
  if (r->kind == Enrolled::Kind::kConflict) {
    common::Logger("api")->warn(
        "tenant {}: agent {} ({}) enrolled with the machine id of agent {} "
        "without its identity key: a separate host with a duplicate-identity "
        "finding (peer {})",
        common::Printable(h.tenant), h.agent_id, common::Printable(h.hostname),
        h.conflicts_with, common::Printable(c.peer));
  } else {
    common::Logger("api")->info(
        "tenant {}: {} agent {} ({}) (peer {})", common::Printable(h.tenant),
        r->kind == Enrolled::Kind::kReenrolled ? "re-enrolled" : "enrolled",
        h.agent_id, common::Printable(h.hostname), common::Printable(c.peer));
  }
  return Protobuf(c.req, r->response);
}

HttpResponse Api::Submit(Call& c) {
  auto start = std::chrono::steady_clock::now();
  // Before any decoding: a host posting back to back costs a lookup.
  if (auto wait = snapshot_rate_.Take(c.node->agent_id)) {
    refusals_.Note("snapshot rate limit", "agent " + c.node->agent_id, c.peer);
    auto res = Reject(c.req, http::status::too_many_requests, "rate-limited",
                      "more than " +
                          std::to_string(options_.snapshots_per_host_per_hour) +
                          " snapshots per hour from this host; retry in " +
                          std::to_string(wait->count()) + " s");
    res.set(http::field::retry_after, std::to_string(wait->count()));
    return res;
  }
  auto encoding_header = c.req[http::field::content_encoding];
  auto encoding = common::ParseContentEncoding(encoding_header);
  if (!encoding) {
    return Reject(c.req, http::status::unsupported_media_type,
                  "unsupported-encoding", encoding.error().message);
  }
  std::string decoded;
  std::string_view body = c.req.body();
  if (*encoding != common::Encoding::kIdentity ||
      body.size() > options_.max_snapshot_bytes) {
    auto d = common::Decompress(*encoding, body, options_.max_snapshot_bytes);
    if (!d) {
      bool big = d.error().code == ErrorCode::kResourceExhausted;
      return Reject(
          c.req,
          big ? http::status::payload_too_large : http::status::bad_request,
          big ? "too-large" : "invalid-request", d.error().message);
    }
    decoded = std::move(*d);
    body = decoded;
  }
  v1::Snapshot snapshot;
  if (!ParseBody(body, snapshot)) {
    return Reject(c.req, http::status::bad_request, "invalid-request",
                  "body is not a Snapshot protobuf");
  }
  auto r = c.app->Submit(*c.node, snapshot, c.req.body().size(),
                         common::Sha256(body));
  if (!r) {
    if (r.error().code == ErrorCode::kPermissionDenied) {
      return Reject(c.req, http::status::forbidden, "forbidden",
                    r.error().message);
    }
    if (r.error().code == ErrorCode::kNotFound) {
      // Removed (with its node key) after this request authenticated: the
      // answer it would get a moment later. The agent enrolls again.
      return Reject(c.req, http::status::unauthorized, "unauthorized",
                    "unknown node key (" + r.error().message + ")");
    }
    return Failed(c, r.error(), "ingest " + c.node->agent_id);
  }
  if (r->sequence_conflict()) {
    common::Logger("api")->warn(
        "agent {}: sequence {} was stored before with other content (its "
        "state was restored from an older copy); asked to continue at {} "
        "(peer {})",
        c.node->agent_id, snapshot.sequence(), r->next_sequence(),
        common::Printable(c.peer));
    metrics_.Error("sequence-conflict");  // Nothing was stored.
    auto res = Protobuf(c.req, *r);
    res.result(http::status::conflict);
    return res;
  }
  metrics_.Ingested(
      c.req.body().size(), body.size(),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count(),
      r->duplicate());
  return Protobuf(c.req, *r);
}

HttpResponse Api::Tenants(Call& c) {
  auto tenants = c.app->store().Tenants();
  if (!tenants) return Failed(c, tenants.error(), "tenants");
  std::vector<Tenant> visible;
  for (auto& t : *tenants) {
    if (c.principal->admin() || t.id == c.principal->tenant_id) {
      visible.push_back(std::move(t));
    }
  }
  return Paged(c, TenantsJson(visible), &WholeBody, [](const json::object& o) {
    return std::string(o.at("name").as_string());
  });
}

HttpResponse Api::TenantHosts(Call& c) {
  auto hosts = c.app->store().Hosts(c.tenant->id);
  if (!hosts) return Failed(c, hosts.error(), "hosts");
  return Paged(c, HostsJson(*hosts, c.app->Now()), &WholeBody,
               [](const json::object& o) {
                 return std::string(o.at("agent_id").as_string());
               });
}

HttpResponse Api::TenantSoftware(Call& c) {
  auto rows = c.app->store().TenantSoftware(c.tenant->id);
  if (!rows) return Failed(c, rows.error(), "software");
  return Paged(c, SoftwareJson(*rows, true), &WholeBody, &SoftwarePageKey);
}

// `since` and `until` from the query (RFC 3339 or seconds since the
// epoch); until defaults to now, since to `span` seconds before until. A
// rejection naming the parameter when one is malformed.
std::optional<HttpResponse> Api::TimeWindow(Call& c, std::int64_t span,
                                            std::int64_t& since,
                                            std::int64_t& until) {
  bool bad_until = false, bad_since = false;
  until = QueryTime(c.query, "until", &bad_until).value_or(c.app->Now() + 1);
  since = QueryTime(c.query, "since", &bad_since).value_or(until - span);
  if (bad_since || bad_until) {
    return Reject(c.req, http::status::bad_request, "invalid-request",
                  std::string(bad_since ? "since" : "until") +
                      ": must be an RFC 3339 time (2026-12-01T00:00:00Z) or "
                      "seconds since the epoch");
  }
  if (since > until) {
    return Reject(c.req, http::status::bad_request, "invalid-request",
                  "since: later than until");
  }
  return std::nullopt;
}

HttpResponse Api::TenantSaasHistory(Call& c) {
  std::int64_t since = 0, until = 0;
  if (auto bad = TimeWindow(c, 90 * 86400, since, until)) return *bad;
  auto days = c.app->SaasHistory(c.tenant->id, since, until);
  if (!days) return Failed(c, days.error(), "saas history");
  return Paged(
      c, SaasHistoryJson(c.tenant->name, *days, since, until), &Member<kDays>,
      [](const json::object& o) {
        return KeyOf({Str(o, "vendor"), Str(o, "sku_id"), Str(o, "day")});
      });
}

HttpResponse Api::TenantChanges(Call& c) {
  std::int64_t since = 0, until = 0;
  if (auto bad = TimeWindow(c, 7 * 86400, since, until)) return *bad;
  auto changes = c.app->Changes(c.tenant->id, since, until);
  if (!changes) return Failed(c, changes.error(), "changes");
  return Paged(
      c, ChangesJson(*changes, since, until), &Member<kChanges>,
      [](const json::object& o) {
        return KeyOf({Str(o, "at"), Str(o, "agent_id"), Str(o, "kind"),
                      Str(o, "source"), Str(o, "name"), Str(o, "architecture"),
                      Str(o, "from_version"), Str(o, "to_version")});
      });
}

HttpResponse Api::TenantFindings(Call& c) {
  bool bad_all = false;
  auto all_value = QueryInt(c.query, "all", &bad_all);
  if (bad_all || (all_value && *all_value != 0 && *all_value != 1)) {
    return Reject(c.req, http::status::bad_request, "invalid-request",
                  "all: must be 0 or 1");
  }
  const bool all = all_value.value_or(0) == 1;
  auto list = c.app->Findings(c.tenant->id, !all);
  if (!list) return Failed(c, list.error(), "findings");
  // In the report's order: open before resolved, by severity, kind, key.
  return Paged(
      c, findings::FindingsJson(c.tenant->name, *list), &Member<kFindings>,
      [](const json::object& o) {
        return KeyOf({Str(o, "status") == "resolved" ? "1" : "0",
                      NumberKey(findings::SeverityRank(Str(o, "severity"))),
                      Str(o, "kind"), Str(o, "key")});
      });
}

HttpResponse Api::TenantProducts(Call& c) {
  auto view = c.app->Products(c.tenant->id);
  if (!view) return Failed(c, view.error(), "products");
  // Catalogued products are bounded by the catalog and come whole on
  // every page; the uncatalogued names are paged.
  return Paged(c, ProductsJson(c.tenant->name, *view), &Member<kUncatalogued>,
               [](const json::object& o) {
                 return KeyOf({Str(o, "source"), Str(o, "name")});
               });
}

HttpResponse Api::TenantSaas(Call& c) {
  bool bad = false;
  auto days = QueryInt(c.query, "inactive_days", &bad);
  if (bad || (days && (*days < 1 || *days > 3650))) {
    return Reject(c.req, http::status::bad_request, "invalid-request",
                  "inactive_days: must be an integer from 1 to 3650");
  }
  auto view = c.app->Saas(c.tenant->id, days);
  if (!view) return Failed(c, view.error(), "saas");
  return Paged(c, SaasJson(c.tenant->name, *view), &Member<kSubscriptions>,
               [](const json::object& o) {
                 return KeyOf({Str(o, "vendor"), Str(o, "sku_id")});
               });
}

HttpResponse Api::TenantDigest(Call& c) {
  auto week = digest::ParseIsoWeek(c.params.at("week"));
  if (!week) {
    return Reject(c.req, http::status::bad_request, "invalid-request",
                  week.error().message);
  }
  auto format =
      ParseDigestFormat(QueryValue(c.query, "format").value_or("json"));
  if (!format || *format == DigestFormat::kEml) {
    return Reject(c.req, http::status::bad_request, "invalid-request",
                  "format: json (default), html or text");
  }
  auto d = BuildTenantDigest(*c.app, *c.tenant, *week);
  if (!d) return Failed(c, d.error(), "digest");
  if (*format == DigestFormat::kJson) return Json(c.req, DigestJson(*d));
  auto body = RenderDigest(*d, *format, {});
  if (!body) return Failed(c, body.error(), "digest");
  return MakeResponse(c.req, http::status::ok, std::move(*body),
                      *format == DigestFormat::kHtml
                          ? "text/html; charset=utf-8"
                          : "text/plain; charset=utf-8");
}

HttpResponse Api::TenantEvidence(Call& c) {
  std::map<std::string, std::string> q;
  for (const char* name : {"framework", "from", "to", "days", "sample_days"}) {
    auto decoded = DecodeSegment(QueryValue(c.query, name).value_or(""));
    if (!decoded) {
      return Reject(c.req, http::status::bad_request, "invalid-request",
                    std::string(name) + ": malformed percent-encoding");
    }
    q[name] = std::move(*decoded);
  }
  auto request = ParseEvidenceRequest(q["framework"], q["from"], q["to"],
                                      q["days"], q["sample_days"]);
  if (!request) return Failed(c, request.error(), "evidence");
  auto key = evidence::LoadOrCreateEvidenceKey(options_.evidence_key_file);
  if (!key) return Failed(c, key.error(), "evidence key");
  // The zip is written to a private temporary file, then sent whole.
  const std::string path = (std::filesystem::temp_directory_path() /
                            (common::NewSecret("surveyor-evidence-") + ".zip"))
                               .string();
  std::unique_ptr<evidence::TimestampAuthority> tsa;
  if (!options_.tsa_url.empty()) {
    tsa = evidence::MakeCurlTimestampAuthority(options_.tsa_url,
                                               options_.tsa_ca_file);
  }
  auto written =
      WriteEvidenceBundle(*c.app, *c.tenant, *request, *key, path, tsa.get());
  std::string body;
  if (written) {
    std::ifstream in(path, std::ios::binary);
    body.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::filesystem::remove(path);
  if (!written) return Failed(c, written.error(), "evidence");
  auto res =
      MakeResponse(c.req, http::status::ok, std::move(body), "application/zip");
  res.set(http::field::content_disposition,
          "attachment; filename=\"evidence-" +
              std::string(evidence::FrameworkId(request->framework)) + "-" +
              evidence::FormatDay(request->from) + "-" +
              evidence::FormatDay(request->to) + ".zip\"");
  return res;
}

HttpResponse Api::GetPolicy(Call& c) {
  auto view = c.app->ShowPolicy(c.tenant->id);
  if (!view) return Failed(c, view.error(), "policy");
  return Json(c.req, PolicyJson(c.tenant->name, *view));
}

HttpResponse Api::PutPolicy(Call& c) {
  auto stats = c.app->SetPolicy(c.tenant->id, c.req.body(), "request body");
  if (!stats) return Failed(c, stats.error(), "policy");
  return GetPolicy(c);
}

HttpResponse Api::GetContracts(Call& c) {
  auto view = c.app->ShowContracts(c.tenant->id);
  if (!view) return Failed(c, view.error(), "contracts");
  return Json(c.req, ContractsJson(c.tenant->name, *view));
}

HttpResponse Api::PutContracts(Call& c) {
  auto stats = c.app->SetContracts(c.tenant->id, c.req.body(), "request body");
  if (!stats) return Failed(c, stats.error(), "contracts");
  return GetContracts(c);
}

HttpResponse Api::HostSoftware(Call& c) {
  auto rows = c.app->store().HostSoftware(c.host->id);
  if (!rows) return Failed(c, rows.error(), "host software");
  return Paged(c,
               boost::json::object{{"host", HostJson(*c.host, c.app->Now())},
                                   {"software", SoftwareJson(*rows, false)}},
               &Member<kSoftware>, &SoftwarePageKey);
}

HttpResponse Api::HostSection(Call& c) {
  const std::string& collector = c.params.at("collector");
  if (collector == "software") {
    return Reject(c.req, http::status::not_found, "not-found",
                  "the software section is served paged at /v1/hosts/" +
                      c.host->agent_id + "/software");
  }
  auto stored = c.app->store().LoadSection(c.host->id, collector);
  if (!stored) return Failed(c, stored.error(), "host section");
  if (!*stored) {
    return Reject(c.req, http::status::not_found, "not-found",
                  "host " + c.host->agent_id + " has reported no '" +
                      common::Printable(collector, 40) + "' section");
  }
  auto body = SectionJson(**stored);
  if (!body) return Failed(c, body.error(), "host section");
  return Json(c.req, json::object{{"host", HostJson(*c.host, c.app->Now())},
                                  {"section", std::move(*body)}});
}

HttpResponse Api::Paged(Call& c, json::value body,
                        json::array& (*list)(json::value&),
                        const PageKey& key) {
  auto page = ParsePageRequest(c.query);
  if (!page) {
    return Reject(c.req, http::status::bad_request, "invalid-request",
                  page.error());
  }
  auto next = Paginate(list(body), key, *page);
  if (next && body.is_object()) body.as_object()["next_cursor"] = *next;
  auto res = Json(c.req, body);
  if (next) {
    std::string_view target = c.req.target();
    res.set(http::field::link, NextLink(target.substr(0, target.find('?')),
                                        c.query, page->limit, *next));
  }
  return res;
}

}  // namespace surveyor::service
