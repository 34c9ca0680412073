// WMI as the Windows collectors query it: WQL in a namespace, each object as
// its properties' names and values in text. The live WMI through COM
// (wmi_win32.cc, Windows only); tests/fakes/fake_wmi.h in tests, fed
// captured outputs, since Wine lacks Security Center, Defender and
// BitLocker's namespaces.
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"

namespace surveyor::collectors::windows {

struct WmiObject {
  // Name and value in text: numbers in decimal, booleans "true"/"false",
  // strings as UTF-8; null values and arrays are left out.
  std::vector<std::pair<std::string, std::string>> properties;

  // The value of `name` (compared case-insensitively, as WMI does), or ""
  // when absent.
  std::string_view Get(std::string_view name) const;
  bool Has(std::string_view name) const;
};

class Wmi {
 public:
  virtual ~Wmi() = default;

  // Runs `wql` in `wmi_namespace` (e.g. "ROOT\\CIMV2"). kNotFound when the
  // namespace or the class does not exist (Security Center on Windows
  // Server, BitLocker not installed): an absent source, not a failure.
  // kPermissionDenied when refused, kIo otherwise; messages name both.
  virtual std::expected<std::vector<WmiObject>, common::Error> Query(
      std::string_view wmi_namespace, std::string_view wql) = 0;
};

// wmi.Query, with an absent namespace or class (kNotFound) as no objects:
// what the probes want from optional sources.
std::expected<std::vector<WmiObject>, common::Error> QueryIfPresent(
    Wmi& wmi, std::string_view wmi_namespace, std::string_view wql);

// This machine's WMI (Windows builds only). COM is initialised for the
// calling thread on first use.
std::unique_ptr<Wmi> NewSystemWmi();

}  // namespace surveyor::collectors::windows
