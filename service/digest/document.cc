#include "service/digest/document.h"

#include <algorithm>
#include <cstdio>

#include "service/digest/digest_builder.h"
#include "service/digest/health_score.h"

namespace surveyor::digest {
namespace {

constexpr std::size_t kRows = 20;  // rows per table before "and N more"

std::string Date(std::int64_t t, const std::string& zone) {
  if (t <= 0) return "never";
  auto d = LocalDate(t, zone);
  return d ? *d : "?";
}

std::string Num(std::int64_t n) { return std::to_string(n); }

std::string Percent(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return "-";
  return Num((200 * part + whole) / (2 * whole));
}

std::string Hosts(const std::vector<std::string>& hosts) {
  std::string out;
  for (std::size_t i = 0; i < hosts.size() && i < kListedHosts; ++i) {
    out += (i ? ", " : "") + hosts[i];
  }
  if (hosts.size() > kListedHosts) {
    out += " and " +
           Num(static_cast<std::int64_t>(hosts.size() - kListedHosts)) +
           " more";
  }
  return out;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

Block Paragraph(std::string text) {
  Block b;
  b.text = std::move(text);
  return b;
}

Block Link(const DocumentOptions& o, const std::string& label,
           const std::string& path) {
  Block b;
  b.kind = Block::Kind::kLink;
  b.text = label;
  b.href = o.server_url.empty() ? "" : o.server_url + path;
  return b;
}

// Adds "and N more" under a table cut at kRows.
void More(Section& s, std::size_t total, const DocumentOptions& o,
          const std::string& what, const std::string& path) {
  if (total <= kRows) return;
  s.blocks.push_back(
      Link(o,
           "… and " + Num(static_cast<std::int64_t>(total - kRows)) + " more " +
               what + (o.server_url.empty() ? " (see " + path + ")" : ""),
           path));
}

Block TableBlock(Table t) {
  Block b;
  b.kind = Block::Kind::kTable;
  b.table = std::move(t);
  return b;
}

std::string ScoreText(const std::optional<int>& s) {
  return s ? Num(*s) + "/100 (" + std::string(ScoreBand(*s)) + ")" : "no hosts";
}

std::string FindingsPath(const Digest& d) {
  return "/v1/tenants/" + d.tenant + "/findings";
}

Table FindingsTable(const std::vector<FindingLine>& list, bool resolved,
                    const std::string& zone) {
  Table t{{"Severity", "Finding", "Hosts", resolved ? "Resolved" : "Since"},
          {},
          -1};
  for (std::size_t i = 0; i < list.size() && i < kRows; ++i) {
    const auto& f = list[i];
    t.rows.push_back({f.severity, f.title, Hosts(f.hosts),
                      Date(resolved ? f.resolved_at : f.first_seen, zone)});
  }
  return t;
}

void Headline(const Digest& d, Document& doc) {
  std::string trend_note;
  if (d.trend.size() >= 2 && d.score && d.trend[d.trend.size() - 2].score) {
    trend_note = SignedDelta(*d.score - *d.trend[d.trend.size() - 2].score) +
                 " on last week";
  }
  doc.headline.push_back({"Health score", ScoreText(d.score), trend_note});
  doc.headline.push_back(
      {"Hosts reporting",
       Num(d.hosts.reporting) + " of " + Num(d.hosts.in_service),
       Num(d.hosts.silent) + " silent, " + Num(d.hosts.added) + " new, " +
           Num(d.hosts.retired) + " retired"});
  std::int64_t open = 0, before = 0;
  std::string by;
  for (const auto& s : d.severities) {
    open += s.open;
    before += s.open_before;
    by += (by.empty() ? "" : ", ") + Num(s.open) + " " + s.severity;
  }
  doc.headline.push_back(
      {"Open findings", Num(open),
       by + "; " + SignedDelta(open - before) + " this week"});
  if (d.saas_connected) {
    std::int64_t cents = 0;
    std::string currency;
    for (const auto& s : d.saas.subscriptions) {
      if (auto c = s.waste_cents_month()) {
        cents += *c;
        if (currency.empty()) currency = s.terms.currency;
      }
    }
    doc.headline.push_back({"SaaS waste a month",
                            service::FormatAmount(cents) +
                                (currency.empty() ? "" : " " + currency),
                            Num(static_cast<std::int64_t>(d.saas.gaps.size())) +
                                " offboarding gaps"});
  }
}

void ScoreSection(const Digest& d, Document& doc) {
  Section s{"Health score, last 12 weeks", {}};
  Block chart;
  chart.kind = Block::Kind::kChart;
  std::string caption;
  for (const auto& p : d.trend) {
    caption += (caption.empty() ? "" : " · ") +
               FormatIsoWeek(p.week).substr(5) + " " +
               (p.score ? Num(*p.score) : "-");
  }
  chart.text = caption;
  s.blocks.push_back(std::move(chart));
  s.blocks.push_back(Paragraph(
      "Score: the share of (host, required control) checks passing at the "
      "week's end. 95-100 Excellent, 90-94 Good, 80-89 Fair, 50-79 Poor, "
      "below 50 Failing."));
  Table t{{"Severity", "Open now", "A week ago", "Change"}, {}, -1};
  for (const auto& l : d.severities) {
    t.rows.push_back({l.severity, Num(l.open), Num(l.open_before),
                      SignedDelta(l.open - l.open_before)});
  }
  s.blocks.push_back(TableBlock(std::move(t)));
  doc.sections.push_back(std::move(s));
}

void BaselineSection(const Digest& d, Document& doc) {
  const auto& b = d.baseline;
  Section s{"Since the baseline", {}};
  if (b.is_baseline) {
    s.blocks.push_back(Paragraph(
        "This is the tenant's first digest: its baseline. Later digests say "
        "what moved since this week."));
  } else {
    Table t{{"", "Baseline " + FormatIsoWeek(b.week), "Now", "Change"}, {}, -1};
    t.rows.push_back({"Hosts in service", Num(b.hosts_then), Num(b.hosts_now),
                      SignedDelta(b.hosts_now - b.hosts_then)});
    t.rows.push_back({"Open findings", Num(b.open_then), Num(b.open_now),
                      SignedDelta(b.open_now - b.open_then)});
    t.rows.push_back({"Health score", b.score_then ? Num(*b.score_then) : "-",
                      b.score_now ? Num(*b.score_now) : "-",
                      b.score_then && b.score_now
                          ? SignedDelta(*b.score_now - *b.score_then)
                          : "-"});
    s.blocks.push_back(TableBlock(std::move(t)));
  }
  doc.sections.push_back(std::move(s));
}

void ChangesSection(const Digest& d, const DocumentOptions& o, Document& doc) {
  const std::string changes_path = "/v1/tenants/" + d.tenant +
                                   "/changes?since=" + Num(d.window.start) +
                                   "&until=" + Num(d.window.end);
  if (!d.new_software.empty()) {
    Section s{"New to the tenant this week", {}};
    s.blocks.push_back(Paragraph(
        "Installed this week where no host had it when the week began."));
    Table t{{"Software", "Package", "Hosts"}, {}, -1};
    for (std::size_t i = 0; i < d.new_software.size() && i < kRows; ++i) {
      const auto& n = d.new_software[i];
      t.rows.push_back(
          {n.product.empty() ? n.name : n.product + " (" + n.category + ")",
           n.source + " " + n.name, Hosts(n.hosts)});
    }
    s.blocks.push_back(TableBlock(std::move(t)));
    More(s, d.new_software.size(), o, "packages", changes_path);
    doc.sections.push_back(std::move(s));
  }
  Section s{"What changed", {}};
  if (d.product_changes.empty() && d.uncatalogued.packages == 0) {
    s.blocks.push_back(
        Paragraph("No software was installed, removed or "
                  "upgraded on an existing host this week."));
  }
  if (!d.product_changes.empty()) {
    Table t{{"Product", "Installed", "Removed", "Upgraded", "Now at"}, {}, -1};
    for (std::size_t i = 0; i < d.product_changes.size() && i < kRows; ++i) {
      const auto& p = d.product_changes[i];
      t.rows.push_back({p.product, Num(p.installed), Num(p.removed),
                        Num(p.upgraded), Join(p.to_versions)});
    }
    s.blocks.push_back(TableBlock(std::move(t)));
    More(s, d.product_changes.size(), o, "products", changes_path);
  }
  if (d.uncatalogued.packages > 0) {
    const auto& u = d.uncatalogued;
    s.blocks.push_back(Paragraph(
        "Other packages: " + Num(u.packages) + " packages on " + Num(u.hosts) +
        " hosts (" + Num(u.installed) + " installs, " + Num(u.removed) +
        " removals, " + Num(u.upgraded) + " upgrades)."));
    s.blocks.push_back(Link(o, "Every change of the week", changes_path));
  }
  doc.sections.push_back(std::move(s));
}

void HostsSection(const Digest& d, const DocumentOptions& o, Document& doc) {
  if (d.new_hosts.empty() && d.silent_hosts.empty()) return;
  Section s{"New and silent hosts", {}};
  Table t{{"Host", "OS", "State", "Since"}, {}, -1};
  for (std::size_t i = 0; i < d.new_hosts.size() && i < kRows; ++i) {
    const auto& h = d.new_hosts[i];
    t.rows.push_back({h.hostname, h.os, "new", Date(h.at, d.time_zone)});
  }
  for (std::size_t i = 0; i < d.silent_hosts.size() && i < kRows; ++i) {
    const auto& h = d.silent_hosts[i];
    t.rows.push_back({h.hostname, h.os, "silent", Date(h.at, d.time_zone)});
  }
  s.blocks.push_back(TableBlock(std::move(t)));
  More(s, std::max(d.new_hosts.size(), d.silent_hosts.size()), o, "hosts",
       "/v1/tenants/" + d.tenant + "/hosts");
  doc.sections.push_back(std::move(s));
}

void FindingsSections(const Digest& d, const DocumentOptions& o,
                      Document& doc) {
  Section risks{"Top risks", {}};
  if (d.top_risks.empty()) {
    risks.blocks.push_back(Paragraph("No open findings at the week's end."));
  } else {
    Block list;
    list.kind = Block::Kind::kBullets;
    for (const auto& f : d.top_risks) {
      list.items.push_back(
          "[" + f.severity + "] " + f.title +
          (f.evidence.empty() ? "" : " — " + f.evidence) +
          (f.hosts.empty() ? "" : " (" + Hosts(f.hosts) + ")"));
    }
    risks.blocks.push_back(std::move(list));
  }
  doc.sections.push_back(std::move(risks));

  Section week{"Findings this week", {}};
  week.blocks.push_back(Paragraph(
      Num(static_cast<std::int64_t>(d.opened.size())) + " opened, " +
      Num(static_cast<std::int64_t>(d.resolved.size())) + " resolved."));
  if (!d.opened.empty()) {
    week.blocks.push_back(
        TableBlock(FindingsTable(d.opened, false, d.time_zone)));
    More(week, d.opened.size(), o, "opened", FindingsPath(d));
  }
  if (!d.resolved.empty()) {
    week.blocks.push_back(
        TableBlock(FindingsTable(d.resolved, true, d.time_zone)));
    More(week, d.resolved.size(), o, "resolved", FindingsPath(d));
  }
  doc.sections.push_back(std::move(week));

  Section cov{"Control coverage", {}};
  cov.blocks.push_back(Paragraph(
      "Share of the hosts in service passing each control at the week's end "
      "(a host fails a control while a gap finding mapped to it is open)."));
  Table t{{"Framework", "Control", "Passing", "%"}, {}, 3};
  for (const auto& c : d.coverage) {
    t.rows.push_back({c.framework, c.id + " " + c.title,
                      Num(c.passing) + " of " + Num(c.population),
                      Percent(c.passing, c.population)});
  }
  cov.blocks.push_back(TableBlock(std::move(t)));
  doc.sections.push_back(std::move(cov));

  Section ov{"Tool overlap and shadow IT", {}};
  if (d.overlap_and_shadow_it.empty()) {
    ov.blocks.push_back(Paragraph("None open."));
  } else {
    ov.blocks.push_back(
        TableBlock(FindingsTable(d.overlap_and_shadow_it, false, d.time_zone)));
    More(ov, d.overlap_and_shadow_it.size(), o, "findings", FindingsPath(d));
  }
  doc.sections.push_back(std::move(ov));
}

void BackupsSection(const Digest& d, const DocumentOptions& o, Document& doc) {
  Section s{"Backups", {}};
  if (d.backups.empty()) {
    s.blocks.push_back(Paragraph("No backup job reported by any host."));
  } else {
    Table t{{"Host", "Product", "Job", "Last success", "State"}, {}, -1};
    for (std::size_t i = 0; i < d.backups.size() && i < kRows; ++i) {
      const auto& b = d.backups[i];
      t.rows.push_back({b.hostname, b.product, b.job,
                        Date(b.last_success, d.time_zone),
                        b.stale ? "STALE" : "ok"});
    }
    s.blocks.push_back(TableBlock(std::move(t)));
    More(s, d.backups.size(), o, "jobs", "/v1/tenants/" + d.tenant + "/hosts");
  }
  doc.sections.push_back(std::move(s));
}

void SaasSection(const Digest& d, const DocumentOptions& o, Document& doc) {
  Section s{"SaaS seats", {}};
  if (!d.saas_connected) {
    s.blocks.push_back(Paragraph("No SaaS connector configured."));
    doc.sections.push_back(std::move(s));
    return;
  }
  Table t{{"Vendor", "Plan", "Bought", "Assigned", "Wasted", "Waste a month"},
          {},
          -1};
  for (const auto& sub : d.saas.subscriptions) {
    auto cost = sub.waste_cents_month();
    t.rows.push_back(
        {sub.vendor, sub.sku_name.empty() ? sub.sku_id : sub.sku_name,
         sub.purchased ? Num(sub.purchased) : "?", Num(sub.assigned),
         Num(sub.wasted()),
         cost ? service::FormatAmount(*cost) + " " + sub.terms.currency : "-"});
  }
  s.blocks.push_back(TableBlock(std::move(t)));
  if (!d.saas.gaps.empty()) {
    Block gaps;
    gaps.kind = Block::Kind::kBullets;
    for (std::size_t i = 0; i < d.saas.gaps.size() && i < kRows; ++i) {
      const auto& g = d.saas.gaps[i];
      gaps.items.push_back(g.email + ": disabled in " + g.disabled_in +
                           ", still active in " + Join(g.still_active));
    }
    s.blocks.push_back(Paragraph("Offboarding gaps:"));
    s.blocks.push_back(std::move(gaps));
  }
  std::vector<std::string> renewals;
  for (const auto& sub : d.saas.subscriptions) {
    if (sub.renewal_due) {
      renewals.push_back(sub.vendor + " " + sub.sku_name + " renews " +
                         sub.terms.renewal_date);
    }
  }
  if (!renewals.empty()) {
    Block b;
    b.kind = Block::Kind::kBullets;
    b.items = renewals;
    s.blocks.push_back(Paragraph("Renewals coming (notice period begun):"));
    s.blocks.push_back(std::move(b));
  }
  s.blocks.push_back(Link(o, "Seats and people per vendor",
                          "/v1/tenants/" + d.tenant + "/saas"));
  doc.sections.push_back(std::move(s));
}

}  // namespace

std::string SignedDelta(std::int64_t delta) {
  if (delta == 0) return "no change";
  return (delta > 0 ? "+" : "") + std::to_string(delta);
}

Document Layout(const Digest& d, const DocumentOptions& o) {
  Document doc;
  doc.title = "Weekly digest: " + d.tenant;
  doc.subtitle = FormatIsoWeek(d.week) + ", " + d.first_day + " to " +
                 d.last_day + " (" + d.time_zone + ")";
  Headline(d, doc);
  ScoreSection(d, doc);
  BaselineSection(d, doc);
  FindingsSections(d, o, doc);
  ChangesSection(d, o, doc);
  HostsSection(d, o, doc);
  BackupsSection(d, o, doc);
  SaasSection(d, o, doc);
  return doc;
}

}  // namespace surveyor::digest
