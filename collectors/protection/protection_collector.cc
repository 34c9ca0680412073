#include "collectors/protection/protection_collector.h"

#include <algorithm>
#include <map>

#include "collectors/protection/clamav_db.h"
#include "collectors/protection/edr_status.h"
#include "collectors/protection/linux_posture.h"

namespace surveyor::collectors::protection {
namespace {

// What one collection needs from the outside, with the plumbing for commands
// and the errors they cause in one place.
class Probe {
 public:
  Probe(const CollectContext& ctx, v1::Section& section)
      : ctx_(ctx), section_(section) {}

  const HostView& host() const { return ctx_.host; }
  bool Exists(std::string_view path) const {
    return static_cast<bool>(ctx_.host.Stat(path));
  }

  // Runs a command; nullopt when commands are unavailable, the program is
  // not installed, or it failed (the failure is recorded as a section error).
  std::optional<CommandResult> Run(const std::vector<std::string>& argv) {
    if (ctx_.commands == nullptr) return std::nullopt;
    CommandOptions options;
    if (ctx_.config.command_timeout_seconds() > 0) {
      options.timeout =
          std::chrono::seconds(ctx_.config.command_timeout_seconds());
    }
    auto r = ctx_.commands->Run(argv, options);
    if (!r) {
      if (r.error().code != common::ErrorCode::kNotFound) {
        AddSectionError(section_, Joined(argv), r.error().message);
      }
      return std::nullopt;
    }
    return *r;
  }

  // systemd unit state: YES active, NO inactive/failed, UNKNOWN when systemd
  // cannot be asked (offline root, no systemd) or the unit does not exist.
  v1::TriState UnitActive(const std::string& unit) {
    auto state = UnitProperties(unit);
    auto load = state.find("LoadState");
    if (load == state.end() || load->second != "loaded") {
      return v1::TRI_STATE_UNKNOWN;
    }
    return state["ActiveState"] == "active" ? v1::TRI_STATE_YES
                                            : v1::TRI_STATE_NO;
  }

  std::map<std::string, std::string> UnitProperties(const std::string& unit) {
    auto it = units_.find(unit);
    if (it != units_.end()) return it->second;
    std::map<std::string, std::string> props;
    if (systemd_available_) {
      for (const char* systemctl : {"/usr/bin/systemctl", "/bin/systemctl"}) {
        if (!Exists(systemctl)) continue;
        auto r = Run({systemctl, "show",
                      "--property=LoadState,ActiveState,SubState,UnitFileState",
                      unit});
        if (r && r->exit_code == 0) {
          props = ParseKeyValueLines(r->out);
        } else {
          systemd_available_ = false;  // Not booted with systemd: ask once.
        }
        break;
      }
    }
    units_[unit] = props;
    return props;
  }

  void Error(std::string_view source, std::string_view reason,
             std::uint64_t offset = 0) {
    AddSectionError(section_, source, reason, 0, offset);
  }

  std::chrono::system_clock::time_point now() const { return ctx_.now; }

 private:
  static std::string Joined(const std::vector<std::string>& argv) {
    std::string s;
    for (const auto& a : argv) s += (s.empty() ? "" : " ") + a;
    return s;
  }

  const CollectContext& ctx_;
  v1::Section& section_;
  std::map<std::string, std::map<std::string, std::string>> units_;
  bool systemd_available_ = true;
};

void ProbeClamAv(Probe& p, v1::ProtectionState& out) {
  bool installed = false;
  for (const char* bin :
       {"/usr/bin/clamscan", "/usr/sbin/clamd", "/usr/bin/freshclam"}) {
    installed |= p.Exists(bin);
  }
  if (!installed) return;
  v1::ProtectionProduct* prod = out.add_products();
  prod->set_vendor("Cisco Talos");
  prod->set_product("ClamAV");
  prod->set_present(true);
  std::string detection = "clamav binaries";
  std::int64_t newest = 0;
  std::uint64_t daily_version = 0, main_version = 0;
  std::vector<std::string> databases;
  for (const char* db : {"main", "daily", "bytecode"}) {
    for (const char* ext : {".cld", ".cvd"}) {
      std::string path = std::string("/var/lib/clamav/") + db + ext;
      auto head = p.host().ReadPrefix(path, 512);
      if (!head) continue;
      auto h = ParseCvdHeader(*head);
      if (!h) {
        p.Error(path, h.error().reason, h.error().offset);
        break;
      }
      databases.push_back(std::string(db) + ext);
      newest = std::max(newest, h->build_time);
      if (std::string_view(db) == "daily") daily_version = h->version;
      if (std::string_view(db) == "main") main_version = h->version;
      break;  // A .cld supersedes the .cvd of the same name.
    }
  }
  if (databases.empty()) {
    prod->add_issues("no signature databases in /var/lib/clamav");
  } else {
    std::uint64_t version = daily_version ? daily_version : main_version;
    if (version) prod->set_signature_version(std::to_string(version));
    if (newest > 0) prod->mutable_signature_time()->set_seconds(newest);
    detection += " + /var/lib/clamav/";
    for (std::size_t i = 0; i < databases.size(); ++i) {
      detection += (i ? "," : "") + databases[i];
    }
  }
  prod->set_detection(detection);
  if (p.Exists("/usr/bin/clamscan")) {
    if (auto r = p.Run({"/usr/bin/clamscan", "--version"})) {
      prod->set_version(ParseClamscanVersion(r->out));
    }
  }
  prod->set_running(p.UnitActive("clamav-daemon.service"));
  v1::TriState onaccess = p.UnitActive("clamav-clamonacc.service");
  prod->set_realtime_protection(onaccess == v1::TRI_STATE_UNKNOWN &&
                                        prod->running() != v1::TRI_STATE_UNKNOWN
                                    ? v1::TRI_STATE_NO
                                    : onaccess);
  if (p.UnitActive("clamav-freshclam.service") == v1::TRI_STATE_NO) {
    prod->add_issues("freshclam (signature updates) not running");
  }
  prod->set_managed(v1::TRI_STATE_NO);
}

void ProbeDefender(Probe& p, v1::ProtectionState& out) {
  if (!p.Exists("/usr/bin/mdatp") && !p.Exists("/opt/microsoft/mdatp")) return;
  v1::ProtectionProduct* prod = out.add_products();
  prod->set_vendor("Microsoft");
  prod->set_product("Defender for Endpoint");
  prod->set_present(true);
  prod->set_detection("/opt/microsoft/mdatp");
  prod->set_running(p.UnitActive("mdatp.service"));
  auto r = p.Run({"/usr/bin/mdatp", "health", "--output", "json"});
  if (!r) return;
  auto parsed = ParseMdatpHealth(r->out, *prod);
  if (!parsed) {
    p.Error("/usr/bin/mdatp health --output json", parsed.error().reason);
    return;
  }
  prod->set_detection("mdatp health");
}

void ProbeFalcon(Probe& p, v1::ProtectionState& out) {
  const std::string falconctl = "/opt/CrowdStrike/falconctl";
  if (!p.Exists(falconctl)) return;
  v1::ProtectionProduct* prod = out.add_products();
  prod->set_vendor("CrowdStrike");
  prod->set_product("Falcon");
  prod->set_present(true);
  prod->set_detection(falconctl);
  prod->set_running(p.UnitActive("falcon-sensor.service"));
  // Only non-secret options; never --provisioning-token.
  auto r = p.Run({falconctl, "-g", "--rfm-state", "--version"});
  if (!r) return;
  auto opts = ParseFalconctlOptions(r->out);
  prod->set_version(opts["version"]);
  if (opts["rfm-state"] == "true") {
    prod->add_issues("reduced functionality mode");
    prod->set_realtime_protection(v1::TRI_STATE_NO);
  } else if (opts["rfm-state"] == "false") {
    prod->set_realtime_protection(v1::TRI_STATE_YES);
  }
}

void ProbeSentinelOne(Probe& p, v1::ProtectionState& out) {
  const std::string ctl = "/opt/sentinelone/bin/sentinelctl";
  if (!p.Exists(ctl)) return;
  v1::ProtectionProduct* prod = out.add_products();
  prod->set_vendor("SentinelOne");
  prod->set_product("Singularity");
  prod->set_present(true);
  prod->set_detection(ctl);
  prod->set_running(p.UnitActive("sentinelone.service"));
  if (auto r = p.Run({ctl, "version"})) {
    prod->set_version(ParseStatusFields(r->out)["agent version"]);
  }
  if (auto r = p.Run({ctl, "control", "status"})) {
    auto f = ParseStatusFields(r->out);
    std::string state = f.count("agent state") ? f["agent state"] : "";
    if (!state.empty()) {
      prod->set_realtime_protection(state == "Enabled" ? v1::TRI_STATE_YES
                                                       : v1::TRI_STATE_NO);
      if (state != "Enabled") prod->add_issues("agent state " + state);
    }
  }
  if (auto r = p.Run({ctl, "management", "status"})) {
    auto f = ParseStatusFields(r->out);
    if (f.count("connectivity")) {
      prod->set_managed(f["connectivity"] == "On" ? v1::TRI_STATE_YES
                                                  : v1::TRI_STATE_NO);
    }
  }
}

// Products whose presence we detect but whose status CLI is not verified.
void ProbePresenceOnly(Probe& p, v1::ProtectionState& out) {
  struct Known {
    const char* path;
    const char* vendor;
    const char* product;
    const char* unit;
  };
  static constexpr Known kKnown[] = {
      {"/opt/eset/eea/sbin/startd", "ESET", "Endpoint Antivirus for Linux",
       "eea.service"},
      {"/opt/sophos-spl", "Sophos", "Protection for Linux",
       "sophos-spl.service"},
  };
  for (const Known& k : kKnown) {
    if (!p.Exists(k.path)) continue;
    v1::ProtectionProduct* prod = out.add_products();
    prod->set_vendor(k.vendor);
    prod->set_product(k.product);
    prod->set_present(true);
    prod->set_detection(k.path);
    prod->set_running(p.UnitActive(k.unit));
  }
}

void ProbeFirewall(Probe& p, v1::FirewallState& fw) {
  auto set = [&](v1::TriState s, const char* mech, std::string detail) {
    if (fw.enabled() == v1::TRI_STATE_YES) return;  // First "on" wins.
    if (s == v1::TRI_STATE_UNKNOWN && fw.enabled() != v1::TRI_STATE_UNKNOWN) {
      return;
    }
    fw.set_enabled(s);
    fw.set_mechanism(mech);
    fw.set_detail(std::move(detail));
  };
  if (auto conf = p.host().ReadFile("/etc/ufw/ufw.conf", 1 << 20)) {
    auto kv = ParseShellAssignments(*conf);
    std::string policy;
    if (auto def = p.host().ReadFile("/etc/default/ufw", 1 << 20)) {
      policy = ParseShellAssignments(*def)["DEFAULT_INPUT_POLICY"];
    }
    bool on = kv["ENABLED"] == "yes";
    set(on ? v1::TRI_STATE_YES : v1::TRI_STATE_NO, "ufw",
        std::string("ufw ENABLED=") + (on ? "yes" : "no") +
            (policy.empty() ? "" : ", default input policy " + policy));
  }
  if (p.Exists("/usr/sbin/nft")) {
    if (auto r = p.Run({"/usr/sbin/nft", "-j", "list", "ruleset"})) {
      if (r->exit_code == 0) {
        auto s = ParseNftRuleset(r->out);
        if (!s) {
          p.Error("/usr/sbin/nft -j list ruleset", s.error().reason);
        } else {
          bool on = s->rules > 0 || s->input_drop_policy > 0;
          set(on ? v1::TRI_STATE_YES : v1::TRI_STATE_NO, "nftables",
              std::to_string(s->rules) + " rules, " +
                  std::to_string(s->input_drop_policy) + " of " +
                  std::to_string(s->input_chains) +
                  " input chains drop by default");
        }
      }
    }
  }
  v1::TriState firewalld = p.UnitActive("firewalld.service");
  if (firewalld != v1::TRI_STATE_UNKNOWN) {
    set(firewalld, "firewalld",
        firewalld == v1::TRI_STATE_YES ? "firewalld running"
                                       : "firewalld not running");
  }
}

void ProbeDiskEncryption(Probe& p, v1::DiskEncryption& disk) {
  disk.set_volume("/");
  if (!p.host().is_live()) return;  // sysfs describes this machine only.
  auto mountinfo = p.host().ReadFile("/proc/self/mountinfo", 4 << 20);
  if (!mountinfo) return;
  auto devnum = RootDeviceNumber(*mountinfo);
  if (!devnum) return;
  if (devnum->starts_with("0:")) {
    disk.set_volume("/ (virtual filesystem, no block device)");
    return;
  }
  // Walk the device and everything below it (LVM on LUKS, LUKS on RAID...).
  std::vector<std::string> todo = {"/sys/dev/block/" + *devnum};
  std::string crypt;
  for (std::size_t i = 0; i < todo.size() && i < 64 && crypt.empty(); ++i) {
    if (auto uuid = p.host().ReadFile(todo[i] + "/dm/uuid", 4096)) {
      crypt = CryptTypeFromDmUuid(*uuid);
    }
    if (auto slaves = p.host().ListDir(todo[i] + "/slaves")) {
      for (const auto& s : *slaves)
        todo.push_back("/sys/class/block/" + s.name);
    }
  }
  if (auto name =
          p.host().ReadFile("/sys/dev/block/" + *devnum + "/dm/name", 4096)) {
    disk.set_volume("/dev/mapper/" +
                    std::string(name->substr(0, name->find('\n'))));
  } else {
    disk.set_volume("block device " + *devnum);
  }
  disk.set_encrypted(crypt.empty() ? v1::TRI_STATE_NO : v1::TRI_STATE_YES);
  disk.set_mechanism(crypt);
}

void ProbeAutoUpdates(Probe& p, v1::AutoUpdates& upd) {
  if (p.Exists("/etc/apt")) {
    upd.set_mechanism("unattended-upgrades");
    std::vector<std::string> texts;
    if (auto parts = p.host().ListDir("/etc/apt/apt.conf.d")) {
      std::vector<std::string> names;
      for (const auto& e : *parts) {
        if (!e.is_dir && e.name.find('.') == std::string::npos) {
          names.push_back(e.name);  // apt ignores names with dots.
        } else if (!e.is_dir && e.name.ends_with(".conf")) {
          names.push_back(e.name);
        }
      }
      std::sort(names.begin(), names.end());
      for (const auto& n : names) {
        if (auto t = p.host().ReadFile("/etc/apt/apt.conf.d/" + n, 1 << 20)) {
          texts.push_back(std::move(*t));
        }
      }
    }
    if (auto t = p.host().ReadFile("/etc/apt/apt.conf", 1 << 20)) {
      texts.push_back(std::move(*t));
    }
    std::vector<std::string_view> views(texts.begin(), texts.end());
    auto value = AptConfigValue(views, "APT::Periodic::Unattended-Upgrade");
    auto master = AptConfigValue(views, "APT::Periodic::Enable");
    bool installed = p.Exists("/usr/bin/unattended-upgrade");
    bool on = installed && value && *value != "0" && *value != "" &&
              (!master || *master != "0");
    upd.set_enabled(on ? v1::TRI_STATE_YES : v1::TRI_STATE_NO);
    if (auto st =
            p.host().Stat("/var/lib/apt/periodic/unattended-upgrades-stamp")) {
      upd.mutable_last_run()->set_seconds(st->mtime);
    }
    return;
  }
  if (auto conf = p.host().ReadFile("/etc/dnf/automatic.conf", 1 << 20)) {
    upd.set_mechanism("dnf-automatic");
    auto apply = IniValue(*conf, "commands", "apply_updates");
    bool applies = apply && (*apply == "yes" || *apply == "True" ||
                             *apply == "true" || *apply == "1");
    v1::TriState timer = v1::TRI_STATE_UNKNOWN;
    for (const char* unit :
         {"dnf-automatic.timer", "dnf-automatic-install.timer"}) {
      auto props = p.UnitProperties(unit);
      if (props.count("UnitFileState")) {
        if (props["UnitFileState"] == "enabled") {
          timer = v1::TRI_STATE_YES;
        } else if (timer == v1::TRI_STATE_UNKNOWN) {
          timer = v1::TRI_STATE_NO;
        }
      }
    }
    if (!applies || timer == v1::TRI_STATE_NO) {
      upd.set_enabled(v1::TRI_STATE_NO);
    } else {
      upd.set_enabled(timer);
    }
  }
}

}  // namespace

void ProtectionCollector::Collect(const CollectContext& ctx,
                                  v1::Section& section) {
  v1::ProtectionState* out = section.mutable_protection();
  Probe probe(ctx, section);
  ProbeClamAv(probe, *out);
  ProbeDefender(probe, *out);
  ProbeFalcon(probe, *out);
  ProbeSentinelOne(probe, *out);
  ProbePresenceOnly(probe, *out);
  ProbeFirewall(probe, *out->mutable_firewall());
  ProbeDiskEncryption(probe, *out->mutable_disk_encryption());
  ProbeAutoUpdates(probe, *out->mutable_auto_updates());
  auto* products = out->mutable_products();
  std::sort(products->pointer_begin(), products->pointer_end(),
            [](const auto* a, const auto* b) {
              return std::tie(a->vendor(), a->product()) <
                     std::tie(b->vendor(), b->product());
            });
}

}  // namespace surveyor::collectors::protection
