#include "service/domain/snapshot_check.h"

#include <cstdint>
#include <set>

namespace surveyor::service {
namespace {

// 0001-01-01 .. 9999-12-31, as google.protobuf.Timestamp documents.
constexpr std::int64_t kMinSeconds = -62'135'596'800;
constexpr std::int64_t kMaxSeconds = 253'402'300'799;

bool ValidName(const std::string& s) {
  if (s.empty() || s.size() > 64 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-';
    if (!ok) return false;
  }
  return true;
}

// Which collector a payload belongs to, and the payload's field name.
struct PayloadOwner {
  const char* collector;  // Null: no payload.
  const char* field;
};

PayloadOwner OwnerOf(const v1::Section& s) {
  switch (s.payload_case()) {
    case v1::Section::kHost:
      return {"host", "host"};
    case v1::Section::kSoftware:
      return {"software", "software"};
    case v1::Section::kSoftwareDelta:
      return {"software", "software_delta"};
    case v1::Section::kProtection:
      return {"protection", "protection"};
    case v1::Section::kBackup:
      return {"backup", "backup"};
    case v1::Section::kSaas:
      return {"saas", "saas"};
    case v1::Section::PAYLOAD_NOT_SET:
      break;
  }
  return {nullptr, "no"};
}

class Checker {
 public:
  explicit Checker(const SnapshotLimits& limits) : limits_(limits) {}

  std::optional<std::string> Time(const std::string& field,
                                  const google::protobuf::Timestamp& t) {
    if (t.seconds() < kMinSeconds || t.seconds() > kMaxSeconds ||
        t.nanos() < 0 || t.nanos() > 999'999'999) {
      return field + ": time out of range (" + std::to_string(t.seconds()) +
             " s)";
    }
    return std::nullopt;
  }

  std::optional<std::string> Length(const std::string& field,
                                    const std::string& value, std::size_t max) {
    if (value.size() > max) {
      return field + ": " + std::to_string(value.size()) + " bytes, at most " +
             std::to_string(max);
    }
    return std::nullopt;
  }

  template <typename Packages>
  std::optional<std::string> PackageList(const std::string& field,
                                         const Packages& packages) {
    if (static_cast<std::size_t>(packages.size()) > limits_.max_packages) {
      return field + ": " + std::to_string(packages.size()) +
             " packages, at most " + std::to_string(limits_.max_packages);
    }
    for (int i = 0; i < packages.size(); ++i) {
      const auto& p = packages[i];
      std::string at = field + "[" + std::to_string(i) + "]";
      if (auto e = Length(at + ".name", p.name(), limits_.max_name_bytes)) {
        return e;
      }
      if (auto e =
              Length(at + ".version", p.version(), limits_.max_version_bytes)) {
        return e;
      }
      if (auto e = Length(at + ".architecture", p.architecture(), 64)) {
        return e;
      }
    }
    return std::nullopt;
  }

  std::optional<std::string> Section(const std::string& at,
                                     const v1::Section& s) {
    if (s.has_collected_at()) {
      if (auto e = Time(at + ".collected_at", s.collected_at())) return e;
    }
    if (s.has_host()) {
      const auto& id = s.host().identity();
      if (auto e = Length(at + ".host.identity.hostname", id.hostname(),
                          limits_.max_hostname_bytes)) {
        return e;
      }
      if (auto e = Length(at + ".host.identity.machine_id", id.machine_id(),
                          limits_.max_machine_id_bytes)) {
        return e;
      }
    }
    if (s.has_software()) {
      return PackageList(at + ".software.packages", s.software().packages());
    }
    if (s.has_software_delta()) {
      if (auto e = PackageList(at + ".software_delta.added",
                               s.software_delta().added())) {
        return e;
      }
      return PackageList(at + ".software_delta.removed",
                         s.software_delta().removed());
    }
    if (s.has_protection()) {
      const auto& products = s.protection().products();
      for (int i = 0; i < products.size(); ++i) {
        std::string p = at + ".protection.products[" + std::to_string(i) + "]";
        if (auto e = Length(p + ".product", products[i].product(),
                            limits_.max_name_bytes)) {
          return e;
        }
        if (products[i].has_signature_time()) {
          if (auto e =
                  Time(p + ".signature_time", products[i].signature_time())) {
            return e;
          }
        }
      }
    }
    if (s.has_backup()) {
      const auto& jobs = s.backup().jobs();
      for (int i = 0; i < jobs.size(); ++i) {
        std::string j = at + ".backup.jobs[" + std::to_string(i) + "]";
        if (jobs[i].has_last_success()) {
          if (auto e = Time(j + ".last_success", jobs[i].last_success())) {
            return e;
          }
        }
        if (jobs[i].has_last_attempt()) {
          if (auto e = Time(j + ".last_attempt", jobs[i].last_attempt())) {
            return e;
          }
        }
      }
    }
    return std::nullopt;
  }

 private:
  const SnapshotLimits& limits_;
};

}  // namespace

std::optional<std::string> CheckSnapshot(const v1::Snapshot& snapshot,
                                         const SnapshotLimits& limits) {
  if (snapshot.sequence() == 0 ||
      snapshot.sequence() > static_cast<std::uint64_t>(INT64_MAX)) {
    return "sequence: " + std::to_string(snapshot.sequence()) +
           " is not in 1..2^63-1";
  }
  Checker check(limits);
  if (auto e = check.Length("host.hostname", snapshot.host().hostname(),
                            limits.max_hostname_bytes)) {
    return e;
  }
  if (auto e = check.Length("host.machine_id", snapshot.host().machine_id(),
                            limits.max_machine_id_bytes)) {
    return e;
  }
  if (static_cast<std::size_t>(snapshot.sections_size()) >
      limits.max_sections) {
    return "sections: " + std::to_string(snapshot.sections_size()) +
           " sections, at most " + std::to_string(limits.max_sections);
  }
  std::set<std::string> seen;
  for (int i = 0; i < snapshot.sections_size(); ++i) {
    const v1::Section& s = snapshot.sections(i);
    const std::string at = "sections[" + std::to_string(i) + "]";
    if (!ValidName(s.collector())) {
      return at +
             ".collector: not a collector name (1 to 64 of a-z, 0-9, '_', "
             "'-', starting with a letter)";
    }
    if (!seen.insert(s.collector()).second) {
      return at + ".collector '" + s.collector() +
             "' appears twice in one snapshot";
    }
    const PayloadOwner owner = OwnerOf(s);
    if (owner.collector != nullptr && s.collector() != owner.collector) {
      return at + ".collector '" + s.collector() + "' carries a " +
             owner.field + " payload";
    }
    if (auto e = check.Section(at, s)) return e;
  }
  return std::nullopt;
}

}  // namespace surveyor::service
