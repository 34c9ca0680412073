#include "agent/table_output.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <map>
#include <vector>

#include "common/logging.h"
#include "common/snapshot_delta.h"

namespace surveyor::agent {
namespace {

// The whole table, line breaks kept, with any other control character a
// collected value carried (a program's display name, a user's File History
// configuration) shown as \xNN: nothing collected reaches the terminal raw.
std::string TerminalSafe(const std::string& table) {
  std::string out;
  out.reserve(table.size());
  for (std::size_t start = 0; start < table.size();) {
    auto end = table.find('\n', start);
    if (end == std::string::npos) end = table.size();
    out += common::Printable(std::string_view(table).substr(start, end - start),
                             end - start);
    if (end < table.size()) out += '\n';
    start = end + 1;
  }
  return out;
}

constexpr std::int64_t kSignatureStaleAfter = 72 * 3600;
constexpr const char* kUnknownLegend =
    "  ? = not known: the tool did not tell\n";

bool AnyUnknown(const std::vector<std::vector<std::string>>& rows) {
  for (const auto& r : rows) {
    if (std::find(r.begin(), r.end(), "?") != r.end()) return true;
  }
  return false;
}

std::string Details(const v1::Package& p) {
  switch (p.details_case()) {
    case v1::Package::kDpkg:
      if (p.installed()) return p.dpkg().want() == "hold" ? "held" : "";
      return fmt::format("{} ({})", p.dpkg().state(), p.dpkg().want());
    case v1::Package::kRpm:
      return p.rpm().vendor();
    case v1::Package::kFlatpak: {
      const auto& f = p.flatpak();
      std::string d = fmt::format("{} {}, {}", f.kind(), f.branch(),
                                  f.origin().empty() ? "?" : f.origin());
      if (!f.user().empty()) d += ", user " + f.user();
      return d;
    }
    case v1::Package::kSnap: {
      const auto& s = p.snap();
      std::string d = fmt::format("rev {}", s.revision());
      if (!s.channel().empty()) d += ", " + s.channel();
      if (!s.publisher().empty()) d += ", " + s.publisher();
      if (!s.active()) d += ", disabled";
      return d;
    }
    default:
      return {};
  }
}

std::string WithCommas(std::uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) {
    s.insert(static_cast<std::size_t>(i), ",");
  }
  return s;
}

std::string HumanBytes(std::uint64_t bytes) {
  if (bytes == 0) return "?";
  return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1ull << 30));
}

void RenderHost(const v1::HostFacts& h, std::string& out) {
  const auto& os = h.os();
  out += fmt::format(
      "Host      {}  (machine-id {})\n",
      h.identity().hostname().empty() ? "?" : h.identity().hostname(),
      h.identity().machine_id().empty() ? "none" : h.identity().machine_id());
  std::string os_line = os.pretty_name().empty() ? os.name() : os.pretty_name();
  if (!h.kernel_release().empty()) os_line += "  kernel " + h.kernel_release();
  if (!h.architecture().empty()) os_line += "  " + h.architecture();
  if (!os_line.empty()) out += "OS        " + os_line + "\n";
  if (h.cpu_count() > 0) {
    out += fmt::format("CPU       {} x {}  memory {}\n", h.cpu_count(),
                       h.cpu_model().empty() ? "?" : h.cpu_model(),
                       HumanBytes(h.memory_bytes()));
  }
  const auto& hw = h.hardware();
  if (!hw.vendor().empty() || !hw.model().empty()) {
    out += fmt::format("Hardware  {} {}{}\n", hw.vendor(), hw.model(),
                       hw.serial().empty() ? "" : "  serial " + hw.serial());
  }
}

// Columns padded to their widest cell (capped, so one long value does not
// push every row), trailing spaces trimmed.
void RenderAligned(const std::vector<std::string>& headers,
                   std::vector<std::vector<std::string>> rows,
                   std::string_view indent, std::string& out) {
  // A cell is one line: a line break or control character in a collected
  // value is shown escaped, not obeyed.
  for (auto& r : rows) {
    for (auto& cell : r) cell = common::Printable(cell, cell.size());
  }
  constexpr std::size_t kCap = 48;
  std::vector<std::size_t> width(headers.size());
  for (std::size_t i = 0; i < headers.size(); ++i) width[i] = headers[i].size();
  for (const auto& r : rows) {
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
      width[i] = std::max(width[i], std::min(r[i].size(), kCap));
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string l(indent);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      l += cells[i];
      if (i + 1 < cells.size()) {
        if (cells[i].size() < width[i])
          l.append(width[i] - cells[i].size(), ' ');
        l += "  ";
      }
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l;
    out += '\n';
  };
  line(headers);
  for (const auto& r : rows) line(r);
}

void RenderPackages(const v1::SoftwareInventory& inv, std::string& out) {
  std::vector<std::vector<std::string>> rows;
  rows.reserve(static_cast<std::size_t>(inv.packages_size()));
  for (const auto& p : inv.packages()) {
    if (p.has_browser()) continue;  // their own table
    rows.push_back({std::string(common::PackageSourceName(p.source())),
                    p.name(), p.version(), p.architecture(), Details(p)});
  }
  if (rows.empty() && inv.packages_size() > 0) return;  // extensions only
  RenderAligned({"SOURCE", "NAME", "VERSION", "ARCH", "DETAILS"}, rows, "",
                out);
}

// What an extension may touch: "ALL SITES", the number of site patterns, or
// "-".
std::string SiteAccess(const v1::BrowserExtensionDetails& d) {
  if (d.all_sites()) return "ALL SITES";
  if (d.host_permissions_size() == 0) return "-";
  return fmt::format("{} site pattern{}", d.host_permissions_size(),
                     d.host_permissions_size() == 1 ? "" : "s");
}

void RenderExtensions(const v1::SoftwareInventory& inv, std::string& out) {
  std::vector<std::vector<std::string>> rows;
  bool all_sites = false;
  for (const auto& p : inv.packages()) {
    if (!p.has_browser()) continue;
    const auto& d = p.browser();
    all_sites |= d.all_sites();
    std::string from = d.install_type();
    if (!d.signed_state().empty() && d.signed_state() != "signed") {
      from += ", " + d.signed_state();
    }
    rows.push_back(
        {d.browser(), common::Printable(d.user(), 32),
         common::Printable(d.profile(), 40),
         d.display_name().empty() ? "?"
                                  : common::Printable(d.display_name(), 48),
         common::Printable(p.name(), 64), common::Printable(p.version(), 32),
         d.enabled() ? "on" : "off", from, SiteAccess(d)});
  }
  if (rows.empty()) return;
  std::sort(rows.begin(), rows.end());  // browser, user, profile, name
  out += "\nBrowser extensions\n";
  RenderAligned({"BROWSER", "USER", "PROFILE", "NAME", "ID", "VERSION", "STATE",
                 "FROM", "SITES"},
                rows, "  ", out);
  if (all_sites) out += "  ALL SITES = can read and change every web page\n";
  if (AnyUnknown(rows)) out += kUnknownLegend;
}

std::string Tri(v1::TriState t) {
  switch (t) {
    case v1::TRI_STATE_YES:
      return "yes";
    case v1::TRI_STATE_NO:
      return "no";
    default:
      return "?";
  }
}

// "2026-11-20 07:24 UTC (3 days ago)"; "never" for an unset time.
std::string When(const google::protobuf::Timestamp& t, std::int64_t now) {
  if (t.seconds() <= 0) return "never";
  std::time_t secs = static_cast<std::time_t>(t.seconds());
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M UTC", &tm);
  std::int64_t age = now - t.seconds();
  std::string rel;
  if (age < 0) {
    rel = "in the future";
  } else if (age < 3600) {
    rel = fmt::format("{} min ago", age / 60);
  } else if (age < 2 * 86400) {
    rel = fmt::format("{} h ago", age / 3600);
  } else {
    rel = fmt::format("{} days ago", age / 86400);
  }
  return fmt::format("{} ({})", buf, rel);
}

void RenderProtection(const v1::ProtectionState& p, std::int64_t now,
                      std::string& out) {
  out += "Endpoint protection\n";
  if (p.products().empty()) {
    out += "  no anti-malware or EDR product found\n";
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& prod : p.products()) {
      std::string sig = prod.signature_version();
      if (prod.has_signature_time()) {
        sig += (sig.empty() ? "" : ", ") + When(prod.signature_time(), now);
        // The server's default limit (policy signature_max_age_hours).
        if (now - prod.signature_time().seconds() > kSignatureStaleAfter) {
          sig += " STALE";
        }
      }
      std::string issues;
      for (const auto& i : prod.issues())
        issues += (issues.empty() ? "" : "; ") + i;
      rows.push_back({prod.vendor() + " " + prod.product(), prod.version(),
                      Tri(prod.running()), Tri(prod.realtime_protection()),
                      Tri(prod.managed()), sig.empty() ? "-" : sig, issues});
    }
    RenderAligned({"PRODUCT", "VERSION", "RUNNING", "REAL-TIME", "MANAGED",
                   "SIGNATURES", "ISSUES"},
                  rows, "  ", out);
    if (AnyUnknown(rows)) out += kUnknownLegend;
  }
  auto state = [](v1::TriState t, const char* yes, const char* no) {
    return std::string(t == v1::TRI_STATE_YES  ? yes
                       : t == v1::TRI_STATE_NO ? no
                                               : "unknown");
  };
  const auto& fw = p.firewall();
  out += "  Firewall        " + state(fw.enabled(), "on", "off");
  if (!fw.detail().empty()) out += " (" + fw.detail() + ")";
  out += "\n";
  const auto& disk = p.disk_encryption();
  out += "  Disk encryption " +
         state(disk.encrypted(), "encrypted", "not encrypted");
  if (!disk.mechanism().empty()) out += " " + disk.mechanism();
  if (!disk.volume().empty()) out += " (" + disk.volume() + ")";
  out += "\n";
  const auto& upd = p.auto_updates();
  out += "  Auto updates    " + state(upd.enabled(), "on", "off");
  if (!upd.mechanism().empty()) out += " (" + upd.mechanism();
  if (upd.has_last_run()) out += ", last run " + When(upd.last_run(), now);
  if (!upd.mechanism().empty()) out += ")";
  out += "\n";
}

std::string_view StatusName(v1::BackupStatus s) {
  switch (s) {
    case v1::BACKUP_STATUS_CURRENT:
      return "current";
    case v1::BACKUP_STATUS_STALE:
      return "STALE";
    case v1::BACKUP_STATUS_NEVER_SUCCEEDED:
      return "NEVER SUCCEEDED";
    default:
      return "unknown";
  }
}

std::string_view TargetKindName(v1::BackupTargetKind k) {
  switch (k) {
    case v1::BACKUP_TARGET_KIND_LOCAL:
      return "local";
    case v1::BACKUP_TARGET_KIND_NETWORK:
      return "network";
    case v1::BACKUP_TARGET_KIND_CLOUD:
      return "cloud";
    default:
      return "?";
  }
}

// A job's error also listed among the section's errors is printed there
// once, not in the table too.
void RenderBackup(
    const v1::BackupState& b,
    const google::protobuf::RepeatedPtrField<v1::SectionError>& errors,
    std::int64_t now, std::string& out) {
  out += "Backups\n";
  if (b.jobs().empty()) {
    out +=
        "  no backup found (on Linux, restic and borg repositories are read "
        "when the agent configuration lists them)\n";
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& j : b.jobs()) {
    rows.push_back(
        {j.product(), j.job_id(),
         j.target() + " (" + std::string(TargetKindName(j.target_kind())) + ")",
         When(j.last_success(), now), std::string(StatusName(j.status())),
         std::to_string(j.restore_points()), Tri(j.encrypted()),
         std::any_of(errors.begin(), errors.end(),
                     [&](const auto& e) {
                       return !j.error().empty() && e.reason() == j.error();
                     })
             ? std::string("see errors below")
             : j.error()});
  }
  RenderAligned({"PRODUCT", "JOB", "TARGET", "LAST SUCCESS", "STATUS", "POINTS",
                 "ENCRYPTED", "ERROR"},
                rows, "  ", out);
  if (AnyUnknown(rows)) out += kUnknownLegend;
}

// Seats per subscription, people per vendor, and how each connector went.
// Vendor text (SKU names, statuses, e-mails) is escaped.
void RenderSaas(const v1::SaasLicenses& s, std::string& out) {
  out += "SaaS licences\n";
  if (s.connectors().empty()) {
    out +=
        "  no SaaS connector configured (saas_connectors in the agent "
        "configuration)\n";
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& sub : s.subscriptions()) {
    rows.push_back(
        {common::Printable(sub.vendor(), 40),
         common::Printable(
             sub.sku_name().empty() ? sub.sku_id() : sub.sku_name(), 48),
         sub.purchased() ? WithCommas(sub.purchased()) : "?",
         WithCommas(sub.assigned()), common::Printable(sub.status(), 24)});
  }
  RenderAligned({"VENDOR", "SUBSCRIPTION", "PURCHASED", "ASSIGNED", "STATUS"},
                rows, "  ", out);
  std::map<std::string, std::array<std::uint64_t, 3>> people;  // all, off, seen
  for (const auto& u : s.users()) {
    auto& n = people[u.vendor()];
    ++n[0];
    if (!u.enabled()) ++n[1];
    if (u.has_last_active()) ++n[2];
  }
  for (const auto& [vendor, n] : people) {
    out += fmt::format(
        "  {}: {} people, {} disabled, last activity known for {}\n",
        common::Printable(vendor, 40), WithCommas(n[0]), WithCommas(n[1]),
        WithCommas(n[2]));
  }
  for (const auto& c : s.connectors()) {
    out += fmt::format(
        "  connector {} ({}): {}\n", common::Printable(c.name(), 64),
        common::Printable(c.vendor(), 40),
        c.partial() ? "PARTIAL, see the errors below" : "complete");
    for (const auto& note : c.notes()) {
      out += "    note: " + common::Printable(note, 400) + "\n";
    }
  }
}

}  // namespace

std::string SoftwareSummary(const v1::SoftwareInventory& inv) {
  std::array<std::uint64_t, 6> installed{}, other{};
  std::uint64_t total = 0;
  for (const auto& p : inv.packages()) {
    auto s = static_cast<std::size_t>(p.source());
    if (s >= installed.size()) continue;
    if (p.installed()) {
      ++installed[s];
      ++total;
    } else {
      ++other[s];
    }
  }
  std::string out = WithCommas(total) + " installed packages";
  std::string parts;
  for (std::size_t s = 1; s < installed.size(); ++s) {
    if (installed[s] == 0) continue;
    parts += (parts.empty() ? "" : ", ") + WithCommas(installed[s]) + " " +
             std::string(
                 common::PackageSourceName(static_cast<v1::PackageSource>(s)));
  }
  if (!parts.empty()) out += ": " + parts;
  for (std::size_t s = 1; s < other.size(); ++s) {
    if (other[s] == 0) continue;
    out += fmt::format(
        " (+{} {} not fully installed)", WithCommas(other[s]),
        common::PackageSourceName(static_cast<v1::PackageSource>(s)));
  }
  return out;
}

std::string RenderTable(const v1::Snapshot& snapshot) {
  std::string out;
  std::vector<const v1::SectionError*> errors;
  for (const auto& section : snapshot.sections()) {
    if (section.has_host()) {
      RenderHost(section.host(), out);
      out += '\n';
    }
    if (section.has_software()) {
      RenderPackages(section.software(), out);
      RenderExtensions(section.software(), out);
      out += '\n' + SoftwareSummary(section.software()) + '\n';
    }
    std::int64_t now = snapshot.collected_at().seconds();
    if (section.has_protection()) {
      out += '\n';
      RenderProtection(section.protection(), now, out);
    }
    if (section.has_backup()) {
      out += '\n';
      RenderBackup(section.backup(), section.errors(), now, out);
    }
    if (section.has_saas()) {
      out += '\n';
      RenderSaas(section.saas(), out);
    }
    for (const auto& e : section.errors()) errors.push_back(&e);
  }
  if (!errors.empty()) {
    out += fmt::format("\n{} collector error{}:\n", errors.size(),
                       errors.size() == 1 ? "" : "s");
    for (const auto* e : errors) {
      std::string where = e->source();
      if (e->line())
        where += fmt::format(":{}", e->line());
      else if (e->offset())
        where += fmt::format(" at offset {}", e->offset());
      out += fmt::format("  {}: {}: {}\n", e->collector(),
                         common::Printable(where),
                         common::Printable(e->reason(), 1000));
    }
  }
  return TerminalSafe(out);
}

}  // namespace surveyor::agent
