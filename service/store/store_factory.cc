#include "service/store/store_factory.h"

#include "service/store/sqlite_store.h"

namespace surveyor::service {

std::string SqliteUrl(const std::string& dir) { return "sqlite:" + dir; }

std::expected<std::unique_ptr<Store>, common::Error> OpenStore(
    const std::string& url) {
  using common::ErrorCode;
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    // The URL may hold credentials: it is not repeated.
    return common::Fail(ErrorCode::kUnsupported,
                        "PostgreSQL store URLs are not supported by this "
                        "build yet; use sqlite:DIR");
  }
  std::string dir = url;
  if (url.starts_with("sqlite:")) {
    dir = url.substr(7);
    if (dir.starts_with("//")) dir = dir.substr(2);  // sqlite:///var/lib/...
  } else if (url.find("://") != std::string::npos) {
    return common::Fail(
        ErrorCode::kInvalidArgument,
        "store URL '" + url + "': unknown scheme (expected sqlite:DIR)");
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
