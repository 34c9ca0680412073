#include "collectors/collector.h"
#include "collectors/passwd.h"
#include "collectors/software/flatpak_meta.h"
#include "collectors/software/probes.h"

namespace surveyor::collectors::software {
namespace {

struct Installation {
  std::string path;  // e.g. /var/lib/flatpak or /home/ann/.local/share/flatpak
  std::string kind;  // "system" or "user"
  std::string user;
};

std::vector<std::string> SubDirs(const HostView& host, const std::string& dir) {
  std::vector<std::string> out;
  auto entries = host.ListDir(dir);
  if (!entries) return out;
  for (auto& e : *entries) {
    if (e.is_dir) out.push_back(std::move(e.name));
  }
  return out;
}

std::string MetainfoVersion(const HostView& host, const std::string& files,
                            const std::string& id) {
  for (const char* rel : {"/share/metainfo/", "/share/appdata/"}) {
    for (const char* ext : {".metainfo.xml", ".appdata.xml"}) {
      auto xml = host.ReadFile(files + rel + id + ext, 16 << 20);
      if (xml) return ParseMetainfoVersion(*xml);
    }
  }
  return {};
}

void ReadInstallation(const HostView& host, const Installation& inst,
                      v1::Section& section, v1::SoftwareInventory& out) {
  for (const char* kind : {"app", "runtime"}) {
    std::string kind_dir = inst.path + "/" + kind;
    for (const std::string& id : SubDirs(host, kind_dir)) {
      for (const std::string& arch : SubDirs(host, kind_dir + "/" + id)) {
        std::string arch_dir = kind_dir + "/" + id + "/" + arch;
        for (const std::string& branch : SubDirs(host, arch_dir)) {
          std::string ref_dir = arch_dir + "/" + branch;
          auto commit = host.ReadLink(ref_dir + "/active");
          if (!commit) continue;  // Not deployed.
          std::string deploy_dir = ref_dir + "/active";
          v1::Package* p = out.add_packages();
          p->set_source(v1::PACKAGE_SOURCE_FLATPAK);
          p->set_name(id);
          p->set_architecture(arch);
          p->set_installed(true);
          p->set_version(MetainfoVersion(host, deploy_dir + "/files", id));
          v1::FlatpakDetails* d = p->mutable_flatpak();
          d->set_kind(kind);
          d->set_branch(branch);
          d->set_installation(inst.kind);
          d->set_user(inst.user);
          d->set_commit(*commit);
          std::string deploy_file = deploy_dir + "/deploy";
          auto deploy = host.ReadFile(deploy_file, 16 << 20);
          if (!deploy) {
            AddSectionError(section, deploy_file, deploy.error().message);
            continue;
          }
          auto origin = ParseFlatpakDeployOrigin(*deploy);
          if (!origin) {
            AddSectionError(section, deploy_file, origin.error().reason, 0,
                            origin.error().offset);
            continue;
          }
          d->set_origin(*origin);
        }
      }
    }
  }
}

}  // namespace

bool ProbeFlatpak(const HostView& host, v1::Section& section,
                  v1::SoftwareInventory& out) {
  std::vector<Installation> installs;
  if (auto st = host.Stat("/var/lib/flatpak"); st && st->is_dir) {
    installs.push_back({"/var/lib/flatpak", "system", ""});
  }
  // Per-user installations, in every user's home.
  for (const PasswdEntry& u : UserHomes(host)) {
    std::string path = u.home + "/.local/share/flatpak";
    if (auto st = host.Stat(path); st && st->is_dir) {
      installs.push_back({path, "user", u.name});
    }
  }
  for (const Installation& inst : installs) {
    ReadInstallation(host, inst, section, out);
  }
  return !installs.empty();
}

}  // namespace surveyor::collectors::software
