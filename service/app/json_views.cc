#include "service/app/json_views.h"

#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>

#include <boost/json.hpp>

#include "common/time_util.h"

namespace surveyor::service {

namespace json = boost::json;

namespace {

// API times are RFC 3339 in UTC; 0 (never) is null.
json::value TimeJson(std::int64_t seconds) {
  if (seconds == 0) return nullptr;
  return json::value(common::FormatRfc3339(seconds));
}

}  // namespace

json::value TenantsJson(const std::vector<Tenant>& tenants) {
  json::array out;
  for (const auto& t : tenants) {
    out.push_back(json::object{{"name", t.name},
                               {"created_at", TimeJson(t.created_at)},
                               {"hosts", t.hosts}});
  }
  return out;
}

json::object HostJson(const Host& h, std::int64_t now) {
  return json::object{
      {"agent_id", h.agent_id},
      {"hostname", h.hostname},
      {"machine_id", h.machine_id},
      {"os", h.os},
      {"tenant", h.tenant},
      {"enrolled_at", TimeJson(h.enrolled_at)},
      {"last_seen", TimeJson(h.last_seen)},
      {"seconds_since_seen", h.last_seen ? now - h.last_seen : -1},
      {"last_sequence", h.last_sequence},
      // "active": in service; "conflict": enrolled with another host's machine
      // id without its key (an admin accepts or rejects it); "retired".
      {"state", h.retired_at > 0            ? "retired"
                : !h.conflicts_with.empty() ? "conflict"
                                            : "active"},
      {"conflicts_with", h.conflicts_with},
      {"retired_at", TimeJson(h.retired_at)}};
}

json::value HostsJson(const std::vector<Host>& hosts, std::int64_t now) {
  json::array out;
  for (const auto& h : hosts) out.push_back(HostJson(h, now));
  return out;
}

json::value SoftwareJson(const std::vector<SoftwareRow>& rows, bool counts) {
  json::array out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    json::object o{{"source", r.source},
                   {"name", r.name},
                   {"version", r.version},
                   {"architecture", r.architecture},
                   {"first_seen", TimeJson(r.first_seen)}};
    if (counts) o["hosts"] = r.hosts;
    if (!r.display_name.empty()) o["display_name"] = r.display_name;
    out.push_back(std::move(o));
  }
  return out;
}

json::value ChangesJson(const std::vector<Change>& changes, std::int64_t since,
                        std::int64_t until) {
  json::array out;
  out.reserve(changes.size());
  for (const auto& c : changes) {
    out.push_back(json::object{{"agent_id", c.agent_id},
                               {"hostname", c.hostname},
                               {"kind", c.kind},
                               {"source", c.source},
                               {"name", c.name},
                               {"architecture", c.architecture},
                               {"from_version", c.from_version},
                               {"to_version", c.to_version},
                               {"at", TimeJson(c.at)}});
  }
  return json::object{{"since", TimeJson(since)},
                      {"until", TimeJson(until)},
                      {"changes", std::move(out)}};
}

json::value ProductsJson(const std::string& tenant, const ProductsView& view) {
  json::array catalogued, uncatalogued;
  for (const auto& p : view.catalogued) {
    catalogued.push_back(json::object{{"id", p.id},
                                      {"name", p.name},
                                      {"vendor", p.vendor},
                                      {"category", p.category},
                                      {"hosts", p.hosts}});
  }
  for (const auto& u : view.uncatalogued) {
    uncatalogued.push_back(json::object{
        {"source", u.source}, {"name", u.name}, {"hosts", u.hosts}});
  }
  return json::object{{"tenant", tenant},
                      {"products", std::move(catalogued)},
                      {"uncatalogued", std::move(uncatalogued)}};
}

json::value SaasJson(const std::string& tenant, const SaasAnalysis& a) {
  auto holders = [](const std::vector<SeatHolder>& list) {
    json::array out;
    for (const auto& h : list) {
      out.push_back(json::object{
          {"vendor", h.vendor},
          {"user_id", h.user_id},
          {"email", h.email},
          {"last_active", h.last_active ? TimeJson(*h.last_active) : nullptr}});
    }
    return out;
  };
  json::array subs;
  for (const auto& s : a.subscriptions) {
    subs.push_back(json::object{
        {"vendor", s.vendor},
        {"sku_id", s.sku_id},
        {"sku_name", s.sku_name},
        {"status", s.status},
        {"purchased", s.purchased ? json::value(s.purchased) : nullptr},
        {"assigned", s.assigned},
        {"active", s.active ? json::value(*s.active) : nullptr},
        {"purchased_from", s.purchased_from.empty()
                               ? json::value(nullptr)
                               : json::value(s.purchased_from)},
        {"unassigned", s.unassigned},
        {"wasted", s.wasted()},
        {"price_per_seat_month",
         s.terms.price_cents_month
             ? json::value(FormatAmount(*s.terms.price_cents_month))
             : nullptr},
        {"currency",
         s.terms.price_cents_month ? json::value(s.terms.currency) : nullptr},
        {"price_source", s.terms.price_cents_month
                             ? json::value(s.terms.price_source)
                             : nullptr},
        {"monthly_cost_of_waste",
         s.waste_cents_month()
             ? json::value(FormatAmount(*s.waste_cents_month()))
             : nullptr},
        {"renewal_date",
         s.terms.renewal_at ? json::value(s.terms.renewal_date) : nullptr},
        {"notice_days",
         s.terms.renewal_at ? json::value(s.terms.notice_days) : nullptr},
        {"renewal_notice_due", s.renewal_due},
        {"disabled_holders", holders(s.disabled)},
        {"inactive_holders", holders(s.inactive)}});
  }
  json::array gaps;
  for (const auto& g : a.gaps) {
    json::array still;
    for (const auto& v : g.still_active) still.push_back(json::string(v));
    gaps.push_back(json::object{{"email", g.email},
                                {"disabled_in", g.disabled_in},
                                {"still_active_in", std::move(still)}});
  }
  json::array connectors;
  for (const auto& c : a.connectors) {
    json::array notes;
    for (const auto& n : c.notes()) notes.push_back(json::string(n));
    connectors.push_back(json::object{{"name", c.name()},
                                      {"vendor", c.vendor()},
                                      {"partial", c.partial()},
                                      {"notes", std::move(notes)}});
  }
  json::array unconnected;
  for (const auto& u : a.unconnected) {
    json::array clients;
    for (const auto& c : u.clients) {
      json::array hosts;
      for (const auto& h : c.sample_hosts) hosts.push_back(json::string(h));
      clients.push_back(json::object{{"product", c.product},
                                     {"name", c.product_name},
                                     {"hosts", c.hosts},
                                     {"sample_hosts", std::move(hosts)}});
    }
    unconnected.push_back(
        json::object{{"vendor", u.vendor}, {"clients", std::move(clients)}});
  }
  json::array overlaps;
  for (const auto& o : a.overlaps) {
    json::array vendors;
    for (const auto& [vendor, seats] : o.vendors) {
      vendors.push_back(json::object{{"vendor", vendor}, {"seats", seats}});
    }
    overlaps.push_back(json::object{{"category", o.category},
                                    {"vendors", std::move(vendors)}});
  }
  return json::object{{"tenant", tenant},
                      {"inactive_days", a.inactive_days},
                      {"connectors", std::move(connectors)},
                      {"subscriptions", std::move(subs)},
                      {"offboarding_gaps", std::move(gaps)},
                      {"without_connector", std::move(unconnected)},
                      {"paid_overlap", std::move(overlaps)}};
}

json::value SaasHistoryJson(const std::string& tenant,
                            const std::vector<SaasDayRow>& days,
                            std::int64_t since, std::int64_t until) {
  json::array out;
  for (const auto& d : days) {
    out.push_back(json::object{
        {"vendor", d.vendor},
        {"sku_id", d.sku_id},
        {"sku_name", d.sku_name},
        {"day", common::FormatRfc3339(d.day).substr(0, 10)},
        {"purchased", d.purchased ? json::value(d.purchased) : nullptr},
        {"assigned", d.assigned},
        {"active", d.active ? json::value(*d.active) : nullptr},
        {"wasted", d.wasted}});
  }
  return json::object{{"tenant", tenant},
                      {"since", TimeJson(since)},
                      {"until", TimeJson(until)},
                      {"days", std::move(out)}};
}

std::string ContractsText(const v1::SaasContracts& contracts) {
  std::string text;
  // Printing a complete in-memory message to a string cannot fail.
  (void)google::protobuf::TextFormat::PrintToString(contracts, &text);
  return text;
}

json::value ContractsJson(const std::string& tenant, const ContractsView& v) {
  json::array prices;
  for (const auto& p : v.prices->prices()) {
    prices.push_back(
        json::object{{"vendor", p.vendor()},
                     {"sku_id", p.sku_id()},
                     {"name", p.name()},
                     {"price_per_seat_month", p.price_per_seat_month()},
                     {"currency", p.currency()}});
  }
  return json::object{
      {"tenant", tenant},
      {"contracts", ContractsText(v.contracts)},
      {"list_prices", json::object{{"as_of", v.prices->as_of()},
                                   {"prices", std::move(prices)}}}};
}

std::string PolicyText(const v1::TenantPolicy& policy) {
  std::string text;
  // Printing a complete in-memory message to a string cannot fail.
  (void)google::protobuf::TextFormat::PrintToString(policy, &text);
  return text;
}

json::value PolicyJson(const std::string& tenant, const PolicyView& view) {
  return json::object{{"tenant", tenant},
                      {"default", view.is_default},
                      {"policy", PolicyText(view.policy)}};
}

namespace {

json::array FindingLines(const std::vector<digest::FindingLine>& list) {
  json::array out;
  for (const auto& f : list) {
    json::array hosts;
    for (const auto& h : f.hosts) hosts.emplace_back(h);
    out.push_back(json::object{{"key", f.key},
                               {"kind", f.kind},
                               {"severity", f.severity},
                               {"title", f.title},
                               {"evidence", f.evidence},
                               {"hosts", std::move(hosts)},
                               {"first_seen", f.first_seen},
                               {"resolved_at", f.resolved_at}});
  }
  return out;
}

json::array HostLines(const std::vector<digest::HostLine>& list) {
  json::array out;
  for (const auto& h : list) {
    out.push_back(json::object{{"hostname", h.hostname},
                               {"agent_id", h.agent_id},
                               {"os", h.os},
                               {"at", h.at}});
  }
  return out;
}

json::value Score(const std::optional<int>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

}  // namespace

json::value DigestJson(const digest::Digest& d) {
  json::array trend, severities, fresh, products, coverage, backups;
  for (const auto& p : d.trend) {
    trend.push_back(json::object{{"week", digest::FormatIsoWeek(p.week)},
                                 {"score", Score(p.score)}});
  }
  for (const auto& s : d.severities) {
    severities.push_back(json::object{{"severity", s.severity},
                                      {"open", s.open},
                                      {"open_week_before", s.open_before}});
  }
  for (const auto& n : d.new_software) {
    json::array hosts;
    for (const auto& h : n.hosts) hosts.emplace_back(h);
    fresh.push_back(json::object{{"source", n.source},
                                 {"name", n.name},
                                 {"product", n.product},
                                 {"category", n.category},
                                 {"hosts", std::move(hosts)}});
  }
  for (const auto& p : d.product_changes) {
    json::array versions;
    for (const auto& v : p.to_versions) versions.emplace_back(v);
    products.push_back(json::object{{"product", p.product},
                                    {"category", p.category},
                                    {"installed", p.installed},
                                    {"removed", p.removed},
                                    {"upgraded", p.upgraded},
                                    {"to_versions", std::move(versions)}});
  }
  for (const auto& c : d.coverage) {
    coverage.push_back(json::object{{"framework", c.framework},
                                    {"control", c.id},
                                    {"title", c.title},
                                    {"passing", c.passing},
                                    {"population", c.population}});
  }
  for (const auto& b : d.backups) {
    backups.push_back(json::object{{"hostname", b.hostname},
                                   {"product", b.product},
                                   {"job", b.job},
                                   {"last_success", b.last_success},
                                   {"stale", b.stale}});
  }
  const auto& u = d.uncatalogued;
  const auto& b = d.baseline;
  return json::object{
      {"tenant", d.tenant},
      {"week", digest::FormatIsoWeek(d.week)},
      {"time_zone", d.time_zone},
      {"since", d.window.start},
      {"until", d.window.end},
      {"first_day", d.first_day},
      {"last_day", d.last_day},
      {"generated_at", d.generated_at},
      {"hosts", json::object{{"in_service", d.hosts.in_service},
                             {"reporting", d.hosts.reporting},
                             {"silent", d.hosts.silent},
                             {"new", d.hosts.added},
                             {"retired", d.hosts.retired}}},
      {"new_hosts", HostLines(d.new_hosts)},
      {"silent_hosts", HostLines(d.silent_hosts)},
      {"health_score", Score(d.score)},
      {"health_trend", std::move(trend)},
      {"open_findings", std::move(severities)},
      {"new_software", std::move(fresh)},
      {"product_changes", std::move(products)},
      {"uncatalogued_changes", json::object{{"installed", u.installed},
                                            {"removed", u.removed},
                                            {"upgraded", u.upgraded},
                                            {"packages", u.packages},
                                            {"hosts", u.hosts}}},
      {"findings_opened", FindingLines(d.opened)},
      {"findings_resolved", FindingLines(d.resolved)},
      {"top_risks", FindingLines(d.top_risks)},
      {"control_coverage", std::move(coverage)},
      {"overlap_and_shadow_it", FindingLines(d.overlap_and_shadow_it)},
      {"backups", std::move(backups)},
      {"saas",
       d.saas_connected ? SaasJson(d.tenant, d.saas) : json::value(nullptr)},
      {"baseline", json::object{{"week", digest::FormatIsoWeek(b.week)},
                                {"is_baseline", b.is_baseline},
                                {"hosts_then", b.hosts_then},
                                {"hosts_now", b.hosts_now},
                                {"open_findings_then", b.open_then},
                                {"open_findings_now", b.open_now},
                                {"health_score_then", Score(b.score_then)},
                                {"health_score_now", Score(b.score_now)}}}};
}

std::expected<json::value, common::Error> SectionJson(
    const StoredSection& stored) {
  std::string text;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  auto status = google::protobuf::util::MessageToJsonString(stored.section,
                                                            &text, options);
  if (!status.ok()) {
    return common::Fail(common::ErrorCode::kInternal,
                        "section to JSON: " + std::string(status.message()));
  }
  json::object out = json::parse(text).as_object();
  out["error_streak"] = stored.error_streak;
  return json::value(std::move(out));
}

}  // namespace surveyor::service
