#include "collectors/collector.h"
#include "collectors/software/dpkg_status.h"
#include "collectors/software/probes.h"

namespace surveyor::collectors::software {

bool ProbeDpkg(const HostView& host, v1::Section& section,
               v1::SoftwareInventory& out) {
  constexpr std::string_view kPath = "/var/lib/dpkg/status";
  auto text = host.ReadFile(kPath);
  if (!text) {
    if (text.error().code == common::ErrorCode::kNotFound) return false;
    AddSectionError(section, kPath, text.error().message);
    return true;
  }
  DpkgStatus status = ParseDpkgStatus(*text);
  for (const auto& problem : status.problems) {
    AddSectionError(section, kPath, problem.reason, problem.line,
                    problem.offset);
  }
  if (status.problem_count > status.problems.size()) {
    AddSectionError(
        section, kPath,
        std::to_string(status.problem_count - status.problems.size()) +
            " more problems not listed");
  }
  out.mutable_packages()->Reserve(out.packages_size() +
                                  static_cast<int>(status.entries.size()));
  for (const DpkgEntry& e : status.entries) {
    v1::Package* p = out.add_packages();
    p->set_source(v1::PACKAGE_SOURCE_DPKG);
    p->set_name(std::string(e.package));
    p->set_version(std::string(e.version));
    p->set_architecture(std::string(e.architecture));
    p->set_installed(e.IsInstalled());
    v1::DpkgDetails* d = p->mutable_dpkg();
    d->set_want(std::string(e.want));
    d->set_state(std::string(e.state));
    d->set_source_name(std::string(e.source_name));
    d->set_source_version(std::string(e.source_version));
    d->set_maintainer(std::string(e.maintainer));
    d->set_section(std::string(e.section));
    d->set_installed_size_kib(e.installed_size_kib);
    d->set_multi_arch(std::string(e.multi_arch));
  }
  return true;
}

}  // namespace surveyor::collectors::software
