#include "collectors/host/windows_host.h"

#include <string>
#include <string_view>

#include "collectors/text_util.h"

namespace surveyor::collectors::host {
namespace {

const RegistryKey* KeyAt(const std::vector<RegistryKey>& keys,
                         std::string_view path) {
  for (const auto& k : keys) {
    if (EqualsIgnoreCase(k.path, path)) return &k;
  }
  return nullptr;
}

// uname-style names for PROCESSOR_ARCHITECTURE.
std::string Architecture(std::string_view windows) {
  std::string a = AsciiLower(Trim(windows));
  if (a == "amd64") return "x86_64";
  if (a == "arm64") return "aarch64";
  if (a == "x86") return "i686";
  return a;
}

}  // namespace

v1::HostFacts WindowsHostFacts(const std::vector<RegistryKey>& keys) {
  v1::HostFacts facts;
  if (const auto* k = KeyAt(keys,
                            "hkey_local_machine\\software\\microsoft\\"
                            "cryptography")) {
    facts.mutable_identity()->set_machine_id(
        AsciiLower(Trim(k->String("MachineGuid"))));
  }
  if (const auto* k = KeyAt(keys,
                            "hkey_local_machine\\system\\currentcontrolset\\"
                            "control\\computername\\computername")) {
    facts.mutable_identity()->set_hostname(
        std::string(Trim(k->String("ComputerName"))));
  }
  if (const auto* k = KeyAt(keys,
                            "hkey_local_machine\\system\\currentcontrolset\\"
                            "control\\session manager\\environment")) {
    facts.set_architecture(Architecture(k->String("PROCESSOR_ARCHITECTURE")));
  }

  if (const auto* cv = KeyAt(keys,
                             "hkey_local_machine\\software\\microsoft\\"
                             "windows nt\\currentversion")) {
    std::string build(Trim(cv->String("CurrentBuild")));
    if (build.empty()) build = Trim(cv->String("CurrentBuildNumber"));
    std::string version;  // major.minor
    if (cv->Find("CurrentMajorVersionNumber") != nullptr) {
      version = std::to_string(cv->Number("CurrentMajorVersionNumber", 0)) +
                "." +
                std::to_string(cv->Number("CurrentMinorVersionNumber", 0));
    } else {
      version = Trim(cv->String("CurrentVersion"));
    }
    // The build with its update revision, e.g. "22631.3007".
    std::string build_ubr = build;
    if (cv->Find("UBR") != nullptr) {
      build_ubr += "." + std::to_string(cv->Number("UBR", 0));
    }
    std::string full = version;
    if (!build_ubr.empty()) full += (full.empty() ? "" : ".") + build_ubr;
    std::string name(Trim(cv->String("ProductName")));
    auto build_number = ParseUint(build);
    if (version == "10.0" && build_number && *build_number >= 22000) {
      if (auto at = name.find("Windows 10"); at != std::string::npos) {
        name.replace(at, 10, "Windows 11");
      }
    }
    // The feature update: DisplayVersion ("23H2"), before 20H2 ReleaseId.
    std::string release(Trim(cv->String("DisplayVersion")));
    if (release.empty()) release = Trim(cv->String("ReleaseId"));
    std::string service_pack(Trim(cv->String("CSDVersion")));

    auto* os = facts.mutable_os();
    os->set_id("windows");
    os->set_name(name);
    os->set_version_id(full);
    os->set_version_codename(release);
    std::string pretty = name;
    if (!release.empty()) pretty += " " + release;
    if (!service_pack.empty()) pretty += " " + service_pack;
    if (!build.empty()) pretty += " (build " + build_ubr + ")";
    os->set_pretty_name(pretty);
    facts.set_kernel_release(full);
  }

  // One CentralProcessor\N subkey per logical processor.
  constexpr std::string_view kCpu =
      "hkey_local_machine\\hardware\\description\\system\\centralprocessor\\";
  std::uint32_t cpus = 0;
  for (const auto& k : keys) {
    std::string path = AsciiLower(k.path);
    if (!path.starts_with(kCpu)) continue;
    if (!ParseUint(std::string_view(path).substr(kCpu.size()))) continue;
    ++cpus;
    if (facts.cpu_model().empty()) {
      facts.set_cpu_model(std::string(Trim(k.String("ProcessorNameString"))));
    }
  }
  facts.set_cpu_count(cpus);
  return facts;
}

}  // namespace surveyor::collectors::host
