#include "collectors/collector.h"
#include "collectors/software/probes.h"
#include "collectors/software/snap_meta.h"

namespace surveyor::collectors::software {
namespace {

constexpr std::string_view kStatePath = "/var/lib/snapd/state.json";
constexpr std::string_view kAssertions = "/var/lib/snapd/assertions/asserts-v0";
// /snap on Debian and Ubuntu; /var/lib/snapd/snap on Fedora and Arch.
constexpr std::string_view kMountDirs[] = {"/snap", "/var/lib/snapd/snap"};

SnapYaml ReadSnapYaml(const HostView& host, const std::string& name,
                      const std::string& revision) {
  for (std::string_view mount : kMountDirs) {
    auto yaml = host.ReadFile(
        std::string(mount) + "/" + name + "/" + revision + "/meta/snap.yaml",
        4 << 20);
    if (yaml) return ParseSnapYaml(*yaml);
  }
  return {};
}

// Publisher user name: snap-declaration names the publisher-id, the account
// assertion of that id names the user.
std::string Publisher(const HostView& host, const std::string& snap_id) {
  if (snap_id.empty()) return {};
  auto decl = host.ReadFile(
      std::string(kAssertions) + "/snap-declaration/16/" + snap_id + "/active",
      1 << 20);
  if (!decl) return {};
  auto headers = ParseAssertionHeaders(*decl);
  auto it = headers.find("publisher-id");
  if (it == headers.end()) return {};
  auto account = host.ReadFile(
      std::string(kAssertions) + "/account/" + it->second + "/active", 1 << 20);
  if (!account) return {};
  auto account_headers = ParseAssertionHeaders(*account);
  auto user = account_headers.find("username");
  return user == account_headers.end() ? std::string() : user->second;
}

void AddSnap(const HostView& host, const SnapStateEntry& e,
             v1::SoftwareInventory& out) {
  SnapYaml yaml = ReadSnapYaml(host, e.name, e.revision);
  v1::Package* p = out.add_packages();
  p->set_source(v1::PACKAGE_SOURCE_SNAP);
  p->set_name(e.name);
  p->set_version(yaml.version);
  p->set_installed(true);
  v1::SnapDetails* d = p->mutable_snap();
  d->set_revision(e.revision);
  d->set_channel(e.channel);
  d->set_snap_id(e.snap_id);
  d->set_type(e.type);
  d->set_active(e.active);
  d->set_publisher(Publisher(host, e.snap_id));
}

// Without state.json (an image whose snapd state is gone): the mounted snaps'
// `current` links and their meta.
bool ScanMounts(const HostView& host, v1::SoftwareInventory& out) {
  bool found = false;
  for (std::string_view mount : kMountDirs) {
    auto names = host.ListDir(mount);
    if (!names) continue;
    for (const auto& dir : *names) {
      std::string base = std::string(mount) + "/" + dir.name;
      auto current = host.ReadLink(base + "/current");
      if (!current) continue;
      found = true;
      SnapStateEntry e;
      e.name = dir.name;
      e.revision = *current;
      e.active = true;
      AddSnap(host, e, out);
    }
    if (found) break;
  }
  return found;
}

}  // namespace

bool ProbeSnap(const HostView& host, v1::Section& section,
               v1::SoftwareInventory& out) {
  auto state = host.ReadFile(kStatePath);
  if (!state) {
    if (state.error().code != common::ErrorCode::kNotFound) {
      AddSectionError(section, kStatePath, state.error().message);
      return true;
    }
    return ScanMounts(host, out);
  }
  auto snaps = ParseSnapState(*state);
  if (!snaps) {
    AddSectionError(section, kStatePath, snaps.error().reason, 0,
                    snaps.error().offset);
    return true;
  }
  for (const SnapStateEntry& e : *snaps) AddSnap(host, e, out);
  return true;
}

}  // namespace surveyor::collectors::software
