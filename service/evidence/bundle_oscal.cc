#include "service/evidence/bundle_oscal.h"

#include <boost/json.hpp>

#include "common/time_util.h"
#include "common/uuid.h"
#include "service/evidence/days.h"

namespace surveyor::evidence {
namespace {

namespace json = boost::json;

std::string Names(const BundleModel& m,
                  const std::vector<std::pair<std::int64_t, std::string>>& ids,
                  std::size_t max) {
  std::string out;
  std::size_t n = 0;
  for (const auto& [id, why] : ids) {
    if (n++ == max) {
      out += ", and " + std::to_string(ids.size() - max) + " more";
      break;
    }
    const HostRecord* h = FindHost(m, id);
    out += (out.empty() ? "" : ", ") + (h ? h->hostname : std::to_string(id));
  }
  return out;
}

}  // namespace

std::string OscalControlId(Framework f, std::string_view control_id) {
  std::string out(FrameworkId(f));
  out += '-';
  bool dot = false;
  for (char c : control_id) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '.';
    if (keep) {
      if (c == '.' && dot) continue;
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      dot = c == '.';
    } else if (!dot) {
      out += '.';
      dot = true;
    }
  }
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

std::string AssessmentResultsJson(const BundleModel& m) {
  const Assessment& a = m.assessment;
  const std::string fw(FrameworkId(a.framework));
  const std::string scope = "urn:surveyor:evidence:" + m.tenant + ":" + fw +
                            ":" + FormatDay(a.from) + ":" + FormatDay(a.to);
  auto uuid = [&](const std::string& item) {
    return common::UuidV5(common::kUrlNamespace, scope + ":" + item);
  };
  const std::string title = "Surveyor evidence for " + m.tenant + ": " +
                            std::string(FrameworkName(a.framework)) + ", " +
                            FormatDay(a.from) + " to " + FormatDay(a.to);

  json::array selected;
  json::array observations;
  json::array findings;
  for (const ControlResult& cr : a.controls) {
    const std::string cid = OscalControlId(a.framework, cr.control.id);
    selected.push_back(json::object{{"control-id", cid}});
    std::string tests;
    for (Test t : cr.control.tests) {
      tests += (tests.empty() ? "" : "; and ") + DescribeTest(t, a.thresholds);
    }
    json::array related;
    for (const ControlDay& cd : cr.days) {
      const std::string day = FormatDay(cd.day);
      const std::string id = uuid("observation:" + cr.control.id + ":" + day);
      const std::int64_t total = cd.passing + cd.failing + cd.no_record;
      std::string desc = "On " + day + ", " + std::to_string(cd.passing) +
                         " of " + std::to_string(total) +
                         " hosts in the population passed: " + tests + ".";
      if (cd.failing > 0)
        desc += " Failing: " + std::to_string(cd.failing) + ".";
      if (cd.no_record > 0) {
        desc += " Without a record: " + std::to_string(cd.no_record) + ".";
      }
      if (!cd.exceptions.empty()) {
        desc += " Exceptions: " + Names(m, cd.exceptions, 20) + ".";
      }
      json::object obs{
          {"uuid", id},
          {"title", cr.control.id + " on " + day},
          {"description", desc},
          {"methods", json::array{"TEST"}},
          {"collected", common::FormatRfc3339(DayEnd(cd.day))},
          {"relevant-evidence",
           json::array{
               json::object{{"href", "../csv/control_state.csv"},
                            {"description", "Rows with day " + day +
                                                ": each host's state and "
                                                "test outcomes."}},
               json::object{{"href", "../index.html#control-" + cid},
                            {"description",
                             "The control's section of the "
                             "bundle's report."}}}},
      };
      observations.push_back(std::move(obs));
      related.push_back(json::object{{"observation-uuid", id}});
    }
    std::string desc = "Test: " + tests + ". Sampled days evaluated: " +
                       std::to_string(cr.days.size()) + ".";
    if (cr.days.empty()) desc += " No sampled day could be evaluated.";
    json::object finding{
        {"uuid", uuid("finding:" + cr.control.id)},
        {"title", cr.control.id + " " + cr.control.title},
        {"description", desc},
        {"target",
         json::object{
             {"type", "objective-id"},
             {"target-id", cid},
             {"title", cr.control.title},
             {"status",
              json::object{
                  {"state", cr.satisfied ? "satisfied" : "not-satisfied"},
                  {"reason", cr.satisfied ? "pass" : "fail"}}}}},
    };
    if (!related.empty()) finding["related-observations"] = std::move(related);
    findings.push_back(std::move(finding));
  }

  std::string result_desc =
      "Every host of tenant " + m.tenant +
      " enrolled by the end of a sampled day and not retired before it "
      "began, tested against the host state Surveyor recorded as of the end "
      "of that day (carried from the host's last report when it did not "
      "report that day). Sampled days evaluated: ";
  for (std::size_t i = 0; i < a.evaluated.size(); ++i) {
    result_desc += (i ? ", " : "") + FormatDay(a.evaluated[i]);
  }
  result_desc += ".";
  if (!a.missing.empty()) {
    result_desc += " Not evaluated:";
    for (const auto& [day, why] : a.missing) {
      result_desc += " " + FormatDay(day) + " (" + why + ")";
    }
    result_desc += ".";
  }
  json::object result{
      {"uuid", uuid("result")},
      {"title", title},
      {"description", result_desc},
      {"start", common::FormatRfc3339(DayStart(a.from))},
      {"end", common::FormatRfc3339(DayEnd(a.to))},
      {"reviewed-controls",
       json::object{{"control-selections",
                     json::array{json::object{
                         {"include-controls", std::move(selected)}}}}}},
  };
  if (!observations.empty()) result["observations"] = std::move(observations);
  result["findings"] = std::move(findings);

  json::object doc{
      {"assessment-results",
       json::object{
           {"uuid", uuid("assessment-results")},
           {"metadata",
            json::object{{"title", title},
                         {"last-modified", common::FormatRfc3339(DayEnd(a.to))},
                         {"version", "1"},
                         {"oscal-version", "1.0.6"}}},
           {"import-ap",
            json::object{
                {"href", "../index.html"},
                {"remarks",
                 "No separate assessment plan: the tests applied and their "
                 "thresholds are stated in each finding and in the report."}}},
           {"results", json::array{std::move(result)}},
       }}};
  return json::serialize(doc) + "\n";
}

}  // namespace surveyor::evidence
