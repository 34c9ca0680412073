#include "service/findings/report.h"

#include <algorithm>
#include <boost/json.hpp>
#include <ctime>
#include <tuple>

#include "common/logging.h"
#include "common/time_util.h"

namespace surveyor::findings {
namespace {

namespace json = boost::json;

std::string Date(std::int64_t t) {
  if (t <= 0) return "-";
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  ::gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M", &tm);
  return buf;
}

std::string Pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace

int SeverityRank(std::string_view s) {
  if (s == "critical") return 0;
  if (s == "high") return 1;
  if (s == "medium") return 2;
  if (s == "low") return 3;
  return 4;
}

void SortFindings(std::vector<v1::Finding>& findings) {
  std::sort(findings.begin(), findings.end(),
            [](const v1::Finding& a, const v1::Finding& b) {
              return std::tuple(a.resolved_at() != 0,
                                SeverityRank(a.severity()), a.kind(), a.key()) <
                     std::tuple(b.resolved_at() != 0,
                                SeverityRank(b.severity()), b.kind(), b.key());
            });
}

json::value FindingJson(const v1::Finding& f) {
  json::array hosts, products, evidence, controls;
  for (const auto& h : f.hosts()) {
    hosts.push_back(
        json::object{{"agent_id", h.agent_id()}, {"hostname", h.hostname()}});
  }
  for (const auto& p : f.products()) products.push_back(json::string(p));
  for (const auto& e : f.evidence()) evidence.push_back(json::string(e));
  for (const auto& c : f.controls()) {
    controls.push_back(json::object{
        {"framework", c.framework()}, {"id", c.id()}, {"title", c.title()}});
  }
  json::object o{{"key", f.key()},
                 {"kind", f.kind()},
                 {"severity", f.severity()},
                 {"title", f.title()},
                 {"status", f.resolved_at() ? "resolved" : "open"},
                 {"first_seen", common::FormatRfc3339(f.first_seen())},
                 {"last_seen", common::FormatRfc3339(f.last_seen())},
                 {"reopened", f.reopened()},
                 {"hosts", std::move(hosts)},
                 {"products", std::move(products)},
                 {"evidence", std::move(evidence)},
                 {"controls", std::move(controls)}};
  if (!f.category().empty()) o["category"] = f.category();
  if (f.resolved_at()) {
    o["resolved_at"] = common::FormatRfc3339(f.resolved_at());
  }
  return o;
}

json::value FindingsJson(const std::string& tenant,
                         const std::vector<v1::Finding>& findings) {
  json::array list;
  std::int64_t open = 0;
  for (const auto& f : findings) {
    if (!f.resolved_at()) ++open;
    list.push_back(FindingJson(f));
  }
  return json::object{{"tenant", tenant},
                      {"open", open},
                      {"total", static_cast<std::int64_t>(findings.size())},
                      {"findings", std::move(list)}};
}

std::string FindingsTable(const std::vector<v1::Finding>& findings) {
  if (findings.empty()) return "No findings.\n";
  // The kind column fits the longest kind listed, so none runs into the
  // date beside it.
  std::size_t kind_width = 21;
  for (const auto& f : findings) {
    kind_width = std::max(kind_width, f.kind().size() + 2);
  }
  std::string out = Pad("SEVERITY", 9) + Pad("KIND", kind_width) +
                    Pad("SINCE", 18) + Pad("STATUS", 10) + "FINDING\n";
  for (const auto& f : findings) {
    std::string status = f.resolved_at() ? "resolved" : "open";
    if (!f.resolved_at() && f.reopened()) status = "reopened";
    out += Pad(f.severity(), 9) + Pad(f.kind(), kind_width) +
           Pad(Date(f.first_seen()), 18) + Pad(status, 10) +
           common::Printable(f.title(), 1000) + "\n";
    // Titles and evidence carry hostnames and package names from agents:
    // escaped, so they cannot move the cursor or forge lines.
    for (const auto& e : f.evidence()) {
      out += "    evidence: " + common::Printable(e, 1000) + "\n";
    }
    std::string refs;
    for (const auto& c : f.controls()) {
      refs += (refs.empty() ? "" : "; ") + c.framework() + " " + c.id();
    }
    if (!refs.empty()) out += "    controls: " + refs + "\n";
  }
  return out;
}

}  // namespace surveyor::findings
