#include "agent/curl_library.h"

#include <dlfcn.h>

#include <string>

namespace surveyor::agent {
namespace {

constexpr const char* kLibrary = "libcurl.so.4";

std::expected<const CurlApi*, common::Error> Load() {
  void* lib = ::dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* why = ::dlerror();
    return common::Fail(common::ErrorCode::kUnsupported,
                        std::string("cannot load ") + kLibrary + ": " +
                            (why ? why : "unknown error") +
                            " (install libcurl4)");
  }
  static CurlApi api;
  std::string missing;
  auto bind = [&](auto& fn, const char* name) {
    void* sym = ::dlsym(lib, name);
    if (sym == nullptr)
      missing += std::string(missing.empty() ? "" : ", ") + name;
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(sym);
  };
  bind(api.global_init, "curl_global_init");
  bind(api.easy_init, "curl_easy_init");
  bind(api.easy_cleanup, "curl_easy_cleanup");
  bind(api.easy_reset, "curl_easy_reset");
  bind(api.easy_setopt, "curl_easy_setopt");
  bind(api.easy_perform, "curl_easy_perform");
  bind(api.easy_getinfo, "curl_easy_getinfo");
  bind(api.easy_strerror, "curl_easy_strerror");
  bind(api.slist_append, "curl_slist_append");
  bind(api.slist_free_all, "curl_slist_free_all");
  bind(api.getdate, "curl_getdate");
  if (!missing.empty()) {
    return common::Fail(common::ErrorCode::kUnsupported,
                        std::string(kLibrary) + " lacks " + missing);
  }
  if (CURLcode rc = api.global_init(CURL_GLOBAL_DEFAULT); rc != CURLE_OK) {
    return common::Fail(
        common::ErrorCode::kInternal,
        std::string("curl_global_init: ") + api.easy_strerror(rc));
  }
  // Never unloaded: libcurl's TLS backend does not support it.
  return &api;
}

}  // namespace

std::expected<const CurlApi*, common::Error> LoadCurl() {
  static const std::expected<const CurlApi*, common::Error> loaded = Load();
  return loaded;
}

}  // namespace surveyor::agent
