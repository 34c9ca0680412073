#include "agent/table_output.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

namespace surveyor::agent {
namespace {

std::string_view SourceName(v1::PackageSource s) {
  switch (s) {
    case v1::PACKAGE_SOURCE_DPKG:
      return "dpkg";
    case v1::PACKAGE_SOURCE_RPM:
      return "rpm";
    case v1::PACKAGE_SOURCE_FLATPAK:
      return "flatpak";
    case v1::PACKAGE_SOURCE_SNAP:
      return "snap";
    default:
      return "?";
  }
}

std::string Details(const v1::Package& p) {
  switch (p.details_case()) {
    case v1::Package::kDpkg:
      return p.installed()
                 ? std::string()
                 : fmt::format("{} ({})", p.dpkg().state(), p.dpkg().want());
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

void RenderPackages(const v1::SoftwareInventory& inv, std::string& out) {
  constexpr std::size_t kCap = 48;
  const std::array<std::string_view, 5> headers = {"SOURCE", "NAME", "VERSION",
                                                   "ARCH", "DETAILS"};
  std::vector<std::array<std::string, 5>> rows;
  rows.reserve(static_cast<std::size_t>(inv.packages_size()));
  std::array<std::size_t, 5> width{};
  for (std::size_t i = 0; i < headers.size(); ++i) width[i] = headers[i].size();
  for (const auto& p : inv.packages()) {
    rows.push_back({std::string(SourceName(p.source())), p.name(), p.version(),
                    p.architecture(), Details(p)});
    for (std::size_t i = 0; i < 4; ++i) {
      width[i] = std::max(width[i], std::min(rows.back()[i].size(), kCap));
    }
  }
  auto line = [&](auto&& cells) {
    std::string l;
    for (std::size_t i = 0; i < 5; ++i) {
      l += cells[i];
      if (i + 1 < 5 && cells[i].size() < width[i]) {
        l.append(width[i] - cells[i].size(), ' ');
      }
      if (i + 1 < 5) l += "  ";
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l;
    out += '\n';
  };
  line(headers);
  for (const auto& r : rows) line(r);
}

}  // namespace

std::string SoftwareSummary(const v1::SoftwareInventory& inv) {
  std::array<std::uint64_t, 5> installed{}, other{};
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
             std::string(SourceName(static_cast<v1::PackageSource>(s)));
  }
  if (!parts.empty()) out += ": " + parts;
  for (std::size_t s = 1; s < other.size(); ++s) {
    if (other[s] == 0) continue;
    out += fmt::format(" (+{} {} not fully installed)", WithCommas(other[s]),
                       SourceName(static_cast<v1::PackageSource>(s)));
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
      out += '\n' + SoftwareSummary(section.software()) + '\n';
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
      out += fmt::format("  {}: {}: {}\n", e->collector(), where, e->reason());
    }
  }
  return out;
}

}  // namespace surveyor::agent
