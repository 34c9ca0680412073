// WMI through COM (wbemprox): IWbemLocator, IWbemServices::ExecQuery,
// forward-only enumeration, each property's VARIANT turned into text.
#include <windows.h>
// windows.h first: the COM headers need its types.
#include <oleauto.h>
#include <wbemidl.h>

#include <cstdio>
#include <optional>
#include <string>

#include "collectors/registry_export.h"
#include "collectors/windows/wmi.h"

namespace surveyor::collectors::windows {
namespace {

using common::ErrorCode;
using common::Fail;

// Releases a COM interface when it goes.
template <typename T>
class Com {
 public:
  Com() = default;
  ~Com() {
    if (p_ != nullptr) p_->Release();
  }
  Com(const Com&) = delete;
  Com& operator=(const Com&) = delete;
  T* operator->() const { return p_; }
  T* get() const { return p_; }
  T** out() { return &p_; }

 private:
  T* p_ = nullptr;
};

class Bstr {
 public:
  explicit Bstr(std::string_view utf8) {
    const int n = MultiByteToWideChar(
        CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
    b_ = SysAllocStringLen(nullptr, static_cast<UINT>(n));
    MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()),
                        b_, n);
  }
  ~Bstr() { SysFreeString(b_); }
  Bstr(const Bstr&) = delete;
  Bstr& operator=(const Bstr&) = delete;
  BSTR get() const { return b_; }

 private:
  BSTR b_ = nullptr;
};

std::string Utf8(const wchar_t* text, std::size_t length) {
  return Utf16LeToUtf8(
      std::string_view(reinterpret_cast<const char*>(text), length * 2));
}

std::unexpected<common::Error> ComError(HRESULT hr, std::string_view what,
                                        std::string_view wmi_namespace) {
  // The WBEMSTATUS values are unsigned in the enum, HRESULTs signed.
  const auto is = [hr](WBEMSTATUS status) {
    return static_cast<unsigned long>(hr) == static_cast<unsigned long>(status);
  };
  ErrorCode code = ErrorCode::kIo;
  if (is(WBEM_E_INVALID_NAMESPACE) || is(WBEM_E_INVALID_CLASS) ||
      is(WBEM_E_NOT_FOUND)) {
    code = ErrorCode::kNotFound;
  } else if (is(WBEM_E_ACCESS_DENIED) || hr == E_ACCESSDENIED) {
    code = ErrorCode::kPermissionDenied;
  }
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08lx", static_cast<unsigned long>(hr));
  return Fail(code, "WMI " + std::string(wmi_namespace) + ": " +
                        std::string(what) + " failed (" + hex + ")");
}

// A property's value in text, or nullopt for null values and arrays.
std::optional<std::string> Text(VARIANT& value) {
  if (value.vt == VT_BOOL) {
    return value.boolVal == VARIANT_TRUE ? "true" : "false";
  }
  if (value.vt == VT_NULL || value.vt == VT_EMPTY ||
      (value.vt & VT_ARRAY) != 0) {
    return std::nullopt;
  }
  VARIANT text;
  VariantInit(&text);
  if (FAILED(VariantChangeType(&text, &value, 0, VT_BSTR))) {
    return std::nullopt;
  }
  std::string out = Utf8(text.bstrVal, SysStringLen(text.bstrVal));
  VariantClear(&text);
  return out;
}

class SystemWmi : public Wmi {
 public:
  std::expected<std::vector<WmiObject>, common::Error> Query(
      std::string_view wmi_namespace, std::string_view wql) override {
    // S_FALSE: this thread had COM already; RPC_E_CHANGED_MODE: in another
    // apartment, which serves as well.
    const HRESULT init = CoInitializeEx(nullptr, COINIT_MULTITHREADED);
    if (FAILED(init) && init != RPC_E_CHANGED_MODE) {
      return ComError(init, "CoInitializeEx", wmi_namespace);
    }
    // Once per process; RPC_E_TOO_LATE when the program has set it.
    CoInitializeSecurity(nullptr, -1, nullptr, nullptr,
                         RPC_C_AUTHN_LEVEL_DEFAULT, RPC_C_IMP_LEVEL_IMPERSONATE,
                         nullptr, EOAC_NONE, nullptr);
    Com<IWbemLocator> locator;
    HRESULT hr = CoCreateInstance(CLSID_WbemLocator, nullptr,
                                  CLSCTX_INPROC_SERVER, IID_IWbemLocator,
                                  reinterpret_cast<void**>(locator.out()));
    if (FAILED(hr)) return ComError(hr, "CoCreateInstance", wmi_namespace);
    Com<IWbemServices> services;
    Bstr ns(wmi_namespace);
    hr = locator->ConnectServer(ns.get(), nullptr, nullptr, nullptr, 0, nullptr,
                                nullptr, services.out());
    if (FAILED(hr)) return ComError(hr, "connecting", wmi_namespace);
    CoSetProxyBlanket(services.get(), RPC_C_AUTHN_WINNT, RPC_C_AUTHZ_NONE,
                      nullptr, RPC_C_AUTHN_LEVEL_CALL,
                      RPC_C_IMP_LEVEL_IMPERSONATE, nullptr, EOAC_NONE);
    Com<IEnumWbemClassObject> results;
    Bstr language("WQL");
    Bstr query(wql);
    hr = services->ExecQuery(
        language.get(), query.get(),
        WBEM_FLAG_FORWARD_ONLY | WBEM_FLAG_RETURN_IMMEDIATELY, nullptr,
        results.out());
    if (FAILED(hr)) return ComError(hr, std::string(wql), wmi_namespace);
    std::vector<WmiObject> objects;
    for (;;) {
      Com<IWbemClassObject> object;
      ULONG returned = 0;
      // 30 s for each object: a provider that hangs does not hold the agent.
      hr = results->Next(30000, 1, object.out(), &returned);
      if (hr == WBEM_S_TIMEDOUT) {
        return ComError(hr, std::string(wql) + " (timed out)", wmi_namespace);
      }
      if (FAILED(hr)) return ComError(hr, std::string(wql), wmi_namespace);
      if (returned == 0) break;
      WmiObject out;
      object->BeginEnumeration(WBEM_FLAG_NONSYSTEM_ONLY);
      BSTR name = nullptr;
      VARIANT value;
      VariantInit(&value);
      while (object->Next(0, &name, &value, nullptr, nullptr) ==
             WBEM_S_NO_ERROR) {
        if (auto text = Text(value)) {
          out.properties.emplace_back(Utf8(name, SysStringLen(name)),
                                      std::move(*text));
        }
        SysFreeString(name);
        VariantClear(&value);
      }
      object->EndEnumeration();
      objects.push_back(std::move(out));
    }
    return objects;
  }
};

}  // namespace

std::unique_ptr<Wmi> NewSystemWmi() { return std::make_unique<SystemWmi>(); }

}  // namespace surveyor::collectors::windows
