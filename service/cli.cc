#include "service/cli.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "common/logging.h"
#include "service/store/store_factory.h"

namespace surveyor::service {

void AddStoreOptions(cli::po::options_description& o) {
  o.add_options()("store", cli::po::value<std::string>()->value_name("URL"),
                  "The store: sqlite:DIR (default sqlite:/var/lib/"
                  "surveyor-server, or $SURVEYOR_STORE_URL), or "
                  "postgresql://USER@HOST:PORT/DB?sslmode=... (no password "
                  "in the URL).")(
      "data-dir", cli::po::value<std::string>()->value_name("DIR"),
      "Shorthand for --store sqlite:DIR (or $SURVEYOR_DATA_DIR).")(
      "store-password-file", cli::po::value<std::string>()->value_name("FILE"),
      "PostgreSQL: a file whose first line is the password (libpq's "
      "PGPASSFILE works too).");
}

void CatalogOption(cli::po::options_description& o) {
  o.add_options()("catalog", cli::po::value<std::string>()->value_name("FILE"),
                  "A catalog replacing the built-in one.");
}

std::string StoreUrl(const cli::Invocation& in,
                     const std::string& fallback_dir) {
  if (in.Has("store")) return in.Get("store");
  if (in.Has("data-dir")) return SqliteUrl(in.Get("data-dir"));
  if (const char* env = std::getenv("SURVEYOR_STORE_URL"); env && *env) {
    return env;
  }
  if (const char* env = std::getenv("SURVEYOR_DATA_DIR"); env && *env) {
    return SqliteUrl(env);
  }
  return SqliteUrl(fallback_dir.empty() ? "/var/lib/surveyor-server"
                                        : fallback_dir);
}

void EvidenceKeyOption(cli::po::options_description& o) {
  o.add_options()("evidence-key",
                  cli::po::value<std::string>()->value_name("FILE"),
                  "The Ed25519 evidence signing key (made on first use, mode "
                  "0600; default evidence.key in the data directory, or "
                  "$SURVEYOR_EVIDENCE_KEY).");
}

std::string EvidenceKeyPath(const cli::Invocation& in,
                            const std::string& store_url,
                            const std::string& configured) {
  if (in.Has("evidence-key")) return in.Get("evidence-key");
  if (!configured.empty()) return configured;
  if (const char* env = std::getenv("SURVEYOR_EVIDENCE_KEY"); env && *env) {
    return env;
  }
  constexpr std::string_view kSqlite = "sqlite:";
  if (store_url.starts_with(kSqlite)) {
    return store_url.substr(kSqlite.size()) + "/evidence.key";
  }
  return "/var/lib/surveyor-server/evidence.key";
}

void TsaOptions(cli::po::options_description& o) {
  o.add_options()("tsa-url", cli::po::value<std::string>()->value_name("URL"),
                  "An RFC 3161 time-stamping authority: evidence manifests "
                  "are time-stamped there (MANIFEST.sha256.tsr).")(
      "tsa-ca-file", cli::po::value<std::string>()->value_name("FILE"),
      "CA to verify an https:// authority with (default: the system's).");
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "surveyor-server: %s\n",
               common::Printable(message, 2000).c_str());
  return 2;
}

std::int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void FormatOption(cli::po::options_description& o) {
  o.add_options()("format",
                  cli::po::value<std::string>()->default_value("table"),
                  "table or json.");
}

std::optional<std::string> BadFormat(const cli::Invocation& in) {
  std::string format = in.Get("format", "table");
  if (format == "table" || format == "json") return std::nullopt;
  return "--format must be table or json, not '" + common::Printable(format) +
         "'";
}

std::string UtcMinute(std::int64_t seconds) {
  char out[32];
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  std::strftime(out, sizeof(out), "%Y-%m-%d %H:%M", &tm);
  return out;
}

std::expected<Session, std::string> OpenSession(const cli::Invocation& in,
                                                bool with_catalog) {
  Session s;
  if (with_catalog) {
    auto catalog = findings::Catalog::Load(in.Get("catalog"));
    if (!catalog) return std::unexpected(catalog.error().message);
    s.catalog = std::make_unique<findings::Catalog>(std::move(*catalog));
  }
  StoreOptions options;
  options.password_file = in.Get("store-password-file");
  auto store = OpenStore(StoreUrl(in), options);
  if (!store) return std::unexpected(store.error().message);
  s.store = std::move(*store);
  s.app = std::make_unique<Application>(*s.store, s.catalog.get(), Now);
  return s;
}

void TenantOptions(cli::po::options_description& o) {
  o.add_options()("tenant",
                  cli::po::value<std::string>()->value_name("NAME")->required(),
                  "The tenant.");
  AddStoreOptions(o);
  CatalogOption(o);
}

std::expected<TenantSession, std::string> OpenTenant(const cli::Invocation& in,
                                                     bool check_format) {
  common::InitLogging(in.Flag("verbose"));
  if (auto bad = BadFormat(in); bad && check_format) {
    return std::unexpected(*bad);
  }
  auto s = OpenSession(in, /*with_catalog=*/true);
  if (!s) return std::unexpected(s.error());
  auto tenant = s->app->RequireTenant(in.Get("tenant"));
  if (!tenant) return std::unexpected(tenant.error().message);
  if (auto r = s->app->Refresh(); !r) {
    return std::unexpected(r.error().message);
  }
  return TenantSession{std::move(*s), std::move(*tenant)};
}

}  // namespace surveyor::service
