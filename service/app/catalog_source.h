// CatalogSource: the catalog a running server matches with, replaceable
// while it runs (SIGHUP reloads it). Each worker keeps the catalog its
// Application was built with and rebuilds when the generation moved on, so
// a job never sees the catalog change under it. Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>

#include "service/findings/catalog.h"

namespace surveyor::service {

class CatalogSource {
 public:
  using Ptr = std::shared_ptr<const findings::Catalog>;
  explicit CatalogSource(Ptr catalog) : catalog_(std::move(catalog)) {}

  // The current catalog and its generation (1, then one more per Set).
  std::pair<Ptr, std::uint64_t> Current() const {
    std::lock_guard lock(mu_);
    return {catalog_, generation_};
  }
  void Set(Ptr catalog) {
    std::lock_guard lock(mu_);
    catalog_ = std::move(catalog);
    ++generation_;
  }

 private:
  mutable std::mutex mu_;
  Ptr catalog_;
  std::uint64_t generation_ = 1;
};

}  // namespace surveyor::service
