#include "service/findings_commands.h"

#include <google/protobuf/text_format.h>

#include <boost/json/serialize.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "service/findings/catalog.h"
#include "service/findings/engine.h"
#include "service/findings/policy.h"
#include "service/findings/report.h"
#include "service/store/sqlite_store.h"

namespace surveyor::service {
namespace {

struct Context {
  std::unique_ptr<SqliteStore> store;
  findings::Catalog catalog;
  Tenant tenant;
};

// Opens the store and the catalog, finds --tenant, and brings the findings
// up to date with the catalog and the clock (silent agents).
std::expected<Context, std::string> Open(const Args& a) {
  std::string name = a.Option("--tenant");
  if (name.empty()) return std::unexpected("--tenant NAME is required");
  auto catalog = findings::Catalog::Load(a.Option("--catalog"));
  if (!catalog) return std::unexpected(catalog.error().message);
  auto store = SqliteStore::Open(DataDir(a));
  if (!store) return std::unexpected(store.error().message);
  auto tenant = (*store)->FindTenant(name);
  if (!tenant) return std::unexpected(tenant.error().message);
  if (!*tenant) return std::unexpected("no tenant '" + name + "'");
  Context c{std::move(*store), std::move(*catalog), **tenant};
  findings::Engine engine(*c.store, c.catalog);
  if (auto s = engine.SyncCatalog(Now()); !s) {
    return std::unexpected(s.error().message);
  }
  if (auto s = engine.Sweep(Now()); !s) {
    return std::unexpected(s.error().message);
  }
  return c;
}

std::string Format(const Args& a) { return a.Option("--format", "table"); }

}  // namespace

int CatalogCommand(const Args& a) {
  const auto& p = a.positional;
  auto catalog = findings::Catalog::Load(a.Option("--catalog"));
  if (!catalog) return Fail(catalog.error().message);
  if (p.size() == 2 && p[1] == "check") {
    std::printf("catalog OK: %d products in %d categories (fingerprint %s)\n",
                catalog->proto().products_size(),
                catalog->proto().categories_size(),
                catalog->fingerprint().substr(0, 16).c_str());
    return 0;
  }
  if (p.size() >= 3 && p[1] == "match") {
    std::string source_name = a.Option("--source", "deb");
    auto source = findings::ParseMatchSource(source_name);
    if (!source) {
      return Fail(
          "--source must be deb, rpm, flatpak, snap, windows, macos "
          "or browser-extension");
    }
    int uncatalogued = 0;
    for (std::size_t i = 2; i < p.size(); ++i) {
      const auto* product =
          catalog->Match(*source, p[i], a.Option("--publisher"));
      if (product == nullptr) {
        ++uncatalogued;
        std::printf("%s %s -> uncatalogued\n", source_name.c_str(),
                    p[i].c_str());
        continue;
      }
      std::printf("%s %s -> %s (%s, %s; %s%s%s)\n", source_name.c_str(),
                  p[i].c_str(), product->id().c_str(), product->name().c_str(),
                  product->vendor().c_str(), product->category().c_str(),
                  product->subcategory().empty() ? "" : "/",
                  product->subcategory().c_str());
    }
    return uncatalogued == 0 ? 0 : 1;
  }
  return Fail("usage: catalog check | catalog match [--source S] NAME...");
}

int FindingsCommand(const Args& a) {
  if (a.Flag("--open") && a.Flag("--all")) {
    return Fail("give --open or --all, not both");
  }
  auto c = Open(a);
  if (!c) return Fail(c.error());
  auto list = c->store->ListFindings(c->tenant.id, !a.Flag("--all"));
  if (!list) return Fail(list.error().message);
  findings::SortFindings(*list);
  std::string format = Format(a);
  if (format == "json") {
    std::printf("%s\n", boost::json::serialize(
                            findings::FindingsJson(c->tenant.name, *list))
                            .c_str());
  } else if (format == "table") {
    std::fputs(findings::FindingsTable(*list).c_str(), stdout);
  } else {
    return Fail("--format must be table or json");
  }
  return 0;
}

int ProductsCommand(const Args& a) {
  auto c = Open(a);
  if (!c) return Fail(c.error());
  if (a.Flag("--uncatalogued")) {
    auto rows = c->store->Uncatalogued(c->tenant.id);
    if (!rows) return Fail(rows.error().message);
    std::printf("%-8s %-48s %6s\n", "SOURCE", "UNCATALOGUED ENTRY", "HOSTS");
    for (const auto& r : *rows) {
      std::printf("%-8s %-48s %6lld\n", r.source.c_str(), r.name.c_str(),
                  static_cast<long long>(r.hosts));
    }
    return 0;
  }
  auto rows = c->store->TenantProducts(c->tenant.id);
  if (!rows) return Fail(rows.error().message);
  std::printf("%-18s %-40s %6s\n", "CATEGORY", "PRODUCT", "HOSTS");
  for (const auto& r : *rows) {
    const auto* p = c->catalog.Product(r.product);
    std::printf("%-18s %-40s %6lld\n", r.category.c_str(),
                p ? p->name().c_str() : r.product.c_str(),
                static_cast<long long>(r.hosts));
  }
  return 0;
}

int PolicyCommand(const Args& a) {
  const auto& p = a.positional;
  auto c = Open(a);
  if (!c) return Fail(c.error());
  findings::Engine engine(*c->store, c->catalog);
  if (p.size() == 3 && p[1] == "set") {
    std::ifstream in(p[2]);
    if (!in) return Fail(p[2] + ": cannot open");
    std::stringstream ss;
    ss << in.rdbuf();
    auto policy = findings::ParsePolicy(ss.str(), p[2], c->catalog);
    if (!policy) return Fail(policy.error().message);
    if (auto s = c->store->SetPolicy(c->tenant.id, *policy, Now()); !s) {
      return Fail(s.error().message);
    }
    auto stats = engine.EvaluateTenant(c->tenant.id, Now());
    if (!stats) return Fail(stats.error().message);
    std::printf(
        "policy of %s set; re-evaluated %d hosts and %d categories: %d "
        "opened, %d reopened, %d resolved\n",
        c->tenant.name.c_str(), stats->hosts, stats->categories,
        stats->changes.opened, stats->changes.reopened,
        stats->changes.resolved);
    return 0;
  }
  if (p.size() == 2 && p[1] == "show") {
    auto stored = c->store->Policy(c->tenant.id);
    if (!stored) return Fail(stored.error().message);
    auto policy = engine.TenantPolicy(c->tenant.id);
    if (!policy) return Fail(policy.error().message);
    std::string text;
    google::protobuf::TextFormat::PrintToString(*policy, &text);
    std::printf("# policy of %s%s\n%s", c->tenant.name.c_str(),
                *stored ? "" : " (defaults: none set)", text.c_str());
    return 0;
  }
  return Fail(
      "usage: policy show --tenant NAME | policy set --tenant NAME FILE");
}

}  // namespace surveyor::service
