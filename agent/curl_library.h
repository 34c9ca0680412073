// libcurl, loaded with dlopen on first use instead of linked.
//
// Debian's libcurl pulls in some thirty libraries (GnuTLS, Kerberos, LDAP,
// SSH, RTMP, IDN...); loading them costs about 10 MiB of resident memory
// before a single request. The agent daemon's long-lived process therefore
// never loads libcurl: only the short-lived worker that sends a cycle's
// snapshots does (agent/run_command.cc), and `run --once` does.
//
// Thread-safe: loading happens once.
#pragma once

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

#include <expected>

#include "common/error.h"

namespace surveyor::agent {

// The libcurl functions the transport uses.
struct CurlApi {
  decltype(&::curl_global_init) global_init;
  decltype(&::curl_easy_init) easy_init;
  decltype(&::curl_easy_cleanup) easy_cleanup;
  decltype(&::curl_easy_reset) easy_reset;
  decltype(&::curl_easy_setopt) easy_setopt;
  decltype(&::curl_easy_perform) easy_perform;
  decltype(&::curl_easy_getinfo) easy_getinfo;
  decltype(&::curl_easy_strerror) easy_strerror;
  decltype(&::curl_slist_append) slist_append;
  decltype(&::curl_slist_free_all) slist_free_all;
  decltype(&::curl_getdate) getdate;
};

// Loads libcurl.so.4 (once) and runs curl_global_init. kUnsupported, naming
// the library and dlerror(), when it or a symbol is missing.
std::expected<const CurlApi*, common::Error> LoadCurl();

}  // namespace surveyor::agent
