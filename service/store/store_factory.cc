#include "service/store/store_factory.h"

#include <fstream>
#include <map>
#include <mutex>

#include "common/secret_file.h"
#include "service/store/postgres_store.h"
#include "service/store/sqlite_store.h"

namespace surveyor::service {

using common::Error;
using common::ErrorCode;

namespace {

// Refuses a URL carrying a password, in its user part or as a parameter.
std::expected<void, Error> CheckNoPassword(const std::string& url) {
  const auto scheme_end = url.find("://") + 3;
  const auto authority_end = url.find_first_of("/?", scheme_end);
  const std::string authority =
      url.substr(scheme_end, authority_end == std::string::npos
                                 ? std::string::npos
                                 : authority_end - scheme_end);
  const auto at = authority.rfind('@');
  const bool in_user = at != std::string::npos &&
                       authority.substr(0, at).find(':') != std::string::npos;
  const auto query = url.find('?');
  const bool in_query = query != std::string::npos &&
                        (url.find("?password=", query) != std::string::npos ||
                         url.find("&password=", query) != std::string::npos);
  if (in_user || in_query) {
    return common::Fail(
        ErrorCode::kInvalidArgument,
        "the PostgreSQL store URL holds a password; put it in a password "
        "file (--store-password-file, or libpq's PGPASSFILE / ?passfile=) "
        "instead of the command line");
  }
  return {};
}

}  // namespace

std::expected<std::string, Error> ReadStorePassword(const std::string& path) {
  if (path.empty()) return std::string();
  return common::ReadSecretLine(path, "store password file",
                                /*private_only=*/false);
}

namespace {

// One pool per URL in the process; the first open of a URL migrates.
std::expected<std::unique_ptr<Store>, Error> OpenPostgres(
    const std::string& url, const StoreOptions& options) {
  SURVEYOR_TRY(CheckNoPassword(url));
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<common::PgPool>> pools;
  std::shared_ptr<common::PgPool> pool;
  bool fresh = false;
  {
    std::lock_guard lock(mu);
    const std::string key = url + '\n' + options.password_file;
    pool = pools[key].lock();
    if (!pool) {
      SURVEYOR_ASSIGN_OR_RETURN(auto password,
                                ReadStorePassword(options.password_file));
      pool = common::PgPool::Create(
          url, std::move(password),
          common::PgPool::Options{options.max_connections,
                                  std::chrono::milliseconds(10000)});
      pools[key] = pool;
      fresh = true;
    }
  }
  auto store = PostgresStore::Open(pool, /*migrate=*/fresh);
  if (!store) return std::unexpected(store.error());
  return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace

std::string SqliteUrl(const std::string& dir) { return "sqlite:" + dir; }

bool IsPostgresUrl(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::expected<std::unique_ptr<Store>, Error> OpenStore(
    const std::string& url, const StoreOptions& options) {
  if (IsPostgresUrl(url)) return OpenPostgres(url, options);
  std::string dir = url;
  if (url.starts_with("sqlite:")) {
    dir = url.substr(7);
    if (dir.starts_with("//")) dir = dir.substr(2);  // sqlite:///var/lib/...
  } else if (url.find("://") != std::string::npos) {
    // Not a URL we know: it may hold credentials, so it is not repeated.
    return common::Fail(ErrorCode::kInvalidArgument,
                        "store URL: unknown scheme (expected sqlite:DIR or "
                        "postgresql://...)");
  }
  if (dir.empty()) {
    return common::Fail(ErrorCode::kInvalidArgument,
                        "store URL '" + url + "' names no directory");
  }
  auto store = SqliteStore::Open(dir);
  if (!store) return std::unexpected(store.error());
  return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace surveyor::service
