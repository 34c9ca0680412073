// surveyor-server catalog check|match, findings, products, saas, policy
// show|set.
// Every use case is the Application's; this only prints.
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/logging.h"
#include "common/time_util.h"
#include "service/app/json_views.h"
#include "service/cli.h"
#include "service/findings/report.h"

namespace surveyor::service {
namespace {

void PrintJson(const boost::json::value& v) {
  std::printf("%s\n", boost::json::serialize(v).c_str());
}

int Findings(const cli::Invocation& in) {
  if (in.Flag("open") && in.Flag("all")) {
    return Fail("give --open or --all, not both");
  }
  auto o = OpenTenant(in);
  if (!o) return Fail(o.error());
  auto list = o->session.app->Findings(o->tenant.id, !in.Flag("all"));
  if (!list) return Fail(list.error().message);
  if (in.Get("format") == "json") {
    PrintJson(findings::FindingsJson(o->tenant.name, *list));
  } else {
    std::fputs(findings::FindingsTable(*list).c_str(), stdout);
  }
  return 0;
}

int Products(const cli::Invocation& in) {
  auto o = OpenTenant(in);
  if (!o) return Fail(o.error());
  auto view = o->session.app->Products(o->tenant.id);
  if (!view) return Fail(view.error().message);
  if (in.Get("format") == "json") {
    if (in.Flag("uncatalogued")) view->catalogued.clear();
    PrintJson(ProductsJson(o->tenant.name, *view));
    return 0;
  }
  if (in.Flag("uncatalogued")) {
    std::printf("%-8s %-48s %6s\n", "SOURCE", "UNCATALOGUED ENTRY", "HOSTS");
    for (const auto& r : view->uncatalogued) {
      std::printf("%-8s %-48s %6lld\n", r.source.c_str(),
                  common::Printable(r.name).c_str(),
                  static_cast<long long>(r.hosts));
    }
    return 0;
  }
  std::printf("%-18s %-40s %6s\n", "CATEGORY", "PRODUCT", "HOSTS");
  for (const auto& r : view->catalogued) {
    std::printf("%-18s %-40s %6lld\n", r.category.c_str(), r.name.c_str(),
                static_cast<long long>(r.hosts));
  }
  return 0;
}

int Saas(const cli::Invocation& in) {
  auto o = OpenTenant(in);
  if (!o) return Fail(o.error());
  std::optional<std::int64_t> asked;
  if (in.Has("inactive-days")) {
    asked = static_cast<std::int64_t>(in.GetUint("inactive-days", 60));
    if (*asked < 1 || *asked > 3650) {
      return Fail("--inactive-days must be 1 to 3650");
    }
  }
  auto view = o->session.app->Saas(o->tenant.id, asked);
  if (!view) return Fail(view.error().message);
  if (in.Get("format") == "json") {
    PrintJson(SaasJson(o->tenant.name, *view));
    return 0;
  }
  if (view->connectors.empty()) {
    std::printf("No SaaS connector configured for %s.\n",
                o->tenant.name.c_str());
    return 0;
  }
  std::printf("%-14s %-26s %9s %8s %6s %6s %16s\n", "VENDOR", "SUBSCRIPTION",
              "PURCHASED", "ASSIGNED", "ACTIVE", "WASTE", "WASTE/MONTH");
  auto count = [](std::optional<std::uint32_t> n) {
    return n ? std::to_string(*n) : std::string("?");
  };
  for (const auto& s : view->subscriptions) {
    const auto cost = s.waste_cents_month();
    std::printf(
        "%-14s %-26s %9s %8u %6s %6u %16s\n",
        common::Printable(s.vendor, 14).c_str(),
        common::Printable(s.sku_name.empty() ? s.sku_id : s.sku_name, 26)
            .c_str(),
        s.purchased ? std::to_string(s.purchased).c_str() : "?", s.assigned,
        count(s.active).c_str(), s.wasted(),
        cost ? (FormatAmount(*cost) + " " + s.terms.currency).c_str() : "-");
    if (s.renewal_due) {
      std::printf("    renews %s: the %u-day notice period has begun\n",
                  s.terms.renewal_date.c_str(), s.terms.notice_days);
    }
    if (s.unassigned) std::printf("    %u unassigned\n", s.unassigned);
    for (const auto& h : s.disabled) {
      std::printf("    disabled, still holds a seat: %s\n",
                  common::Printable(h.email).c_str());
    }
    for (const auto& h : s.inactive) {
      std::printf("    no sign-in for over %lld days: %s (last %s UTC)\n",
                  static_cast<long long>(view->inactive_days),
                  common::Printable(h.email).c_str(),
                  UtcMinute(*h.last_active).c_str());
    }
  }
  for (const auto& g : view->gaps) {
    std::string where;
    for (const auto& v : g.still_active)
      where += (where.empty() ? "" : ", ") + v;
    std::printf("offboarding gap: %s is disabled in %s, still active in %s\n",
                common::Printable(g.email).c_str(), g.disabled_in.c_str(),
                common::Printable(where).c_str());
  }
  for (const auto& overlap : view->overlaps) {
    std::string vendors;
    for (const auto& [vendor, seats] : overlap.vendors) {
      vendors += (vendors.empty() ? "" : ", ") + vendor + " (" +
                 std::to_string(seats) + " seats)";
    }
    std::printf("paid overlap in %s: %s\n", overlap.category.c_str(),
                vendors.c_str());
  }
  for (const auto& u : view->unconnected) {
    for (const auto& c : u.clients) {
      std::printf("no connector for %s: %s installed on %lld %s\n",
                  u.vendor.c_str(), common::Printable(c.product_name).c_str(),
                  static_cast<long long>(c.hosts),
                  c.hosts == 1 ? "host" : "hosts");
    }
  }
  for (const auto& c : view->connectors) {
    if (c.partial()) {
      std::printf(
          "connector %s (%s) was PARTIAL at its last run: the counts "
          "above may be short\n",
          common::Printable(c.name()).c_str(),
          common::Printable(c.vendor()).c_str());
    }
  }
  return 0;
}

int PolicyShow(const cli::Invocation& in) {
  auto o = OpenTenant(in);
  if (!o) return Fail(o.error());
  auto view = o->session.app->ShowPolicy(o->tenant.id);
  if (!view) return Fail(view.error().message);
  if (in.Get("format") == "json") {
    PrintJson(PolicyJson(o->tenant.name, *view));
    return 0;
  }
  std::printf("# policy of %s%s\n%s", o->tenant.name.c_str(),
              view->is_default ? " (defaults: none set)" : "",
              PolicyText(view->policy).c_str());
  return 0;
}

// Reads the FILE argument and hands it to `set` (a use case that parses
// it, stores it and re-evaluates the tenant); prints `done` with the
// evaluation's figures.
using SetFromFile = std::expected<findings::EvaluationStats, common::Error> (
    Application::*)(std::int64_t, const std::string&, const std::string&);
int SetFromFileArg(const cli::Invocation& in, SetFromFile set,
                   void (*done)(const std::string& tenant,
                                const findings::EvaluationStats&)) {
  const std::string& file = in.args[0];
  std::ifstream f(file);
  if (!f) return Fail(file + ": cannot open");
  std::stringstream text;
  text << f.rdbuf();
  auto o = OpenTenant(in);
  if (!o) return Fail(o.error());
  auto stats = ((*o->session.app).*set)(o->tenant.id, text.str(), file);
  if (!stats) return Fail(stats.error().message);
  done(o->tenant.name, *stats);
  return 0;
}

int PolicySet(const cli::Invocation& in) {
  return SetFromFileArg(
      in, &Application::SetPolicy,
      [](const std::string& tenant, const findings::EvaluationStats& stats) {
        std::printf(
            "policy of %s set; re-evaluated %d hosts and %d categories: %d "
            "opened, %d reopened, %d resolved\n",
            tenant.c_str(), stats.hosts, stats.categories, stats.changes.opened,
            stats.changes.reopened, stats.changes.resolved);
      });
}

int SaasHistory(const cli::Invocation& in) {
  auto o = OpenTenant(in);
  if (!o) return Fail(o.error());
  const auto days = static_cast<std::int64_t>(in.GetUint("days", 30));
  if (days < 1 || days > 3650) return Fail("--days must be 1 to 3650");
  const std::int64_t until = o->session.app->Now();
  const std::int64_t since = until - (days - 1) * 86400;
  auto rows = o->session.app->SaasHistory(o->tenant.id, since, until);
  if (!rows) return Fail(rows.error().message);
  if (in.Get("format") == "json") {
    PrintJson(SaasHistoryJson(o->tenant.name, *rows, since, until));
    return 0;
  }
  if (rows->empty()) {
    std::printf("No SaaS seat counts for %s in the last %lld days.\n",
                o->tenant.name.c_str(), static_cast<long long>(days));
    return 0;
  }
  std::printf("%-10s %-14s %-26s %9s %8s %6s %6s\n", "DAY", "VENDOR",
              "SUBSCRIPTION", "PURCHASED", "ASSIGNED", "ACTIVE", "WASTE");
  for (const auto& d : *rows) {
    std::printf(
        "%-10s %-14s %-26s %9s %8lld %6s %6lld\n",
        common::FormatRfc3339(d.day).substr(0, 10).c_str(),
        common::Printable(d.vendor, 14).c_str(),
        common::Printable(d.sku_name.empty() ? d.sku_id : d.sku_name, 26)
            .c_str(),
        d.purchased ? std::to_string(d.purchased).c_str() : "?",
        static_cast<long long>(d.assigned),
        d.active ? std::to_string(*d.active).c_str() : "?",
        static_cast<long long>(d.wasted));
  }
  return 0;
}

int ContractShow(const cli::Invocation& in) {
  auto o = OpenTenant(in);
  if (!o) return Fail(o.error());
  auto view = o->session.app->ShowContracts(o->tenant.id);
  if (!view) return Fail(view.error().message);
  if (in.Get("format") == "json") {
    PrintJson(ContractsJson(o->tenant.name, *view));
    return 0;
  }
  std::printf("# SaaS contracts of %s%s\n%s", o->tenant.name.c_str(),
              view->contracts.contracts().empty() ? " (none set)" : "",
              ContractsText(view->contracts).c_str());
  std::printf("# list prices (as of %s) used where a contract has none:\n",
              view->prices->as_of().c_str());
  for (const auto& p : view->prices->prices()) {
    std::printf("#   %-12s %-20s %8s %s/seat/month  %s\n", p.vendor().c_str(),
                p.sku_id().c_str(), p.price_per_seat_month().c_str(),
                p.currency().c_str(), p.name().c_str());
  }
  return 0;
}

int ContractSet(const cli::Invocation& in) {
  return SetFromFileArg(
      in, &Application::SetContracts,
      [](const std::string& tenant, const findings::EvaluationStats& stats) {
        std::printf(
            "contracts of %s set; findings re-evaluated: %d opened, %d "
            "reopened, %d resolved\n",
            tenant.c_str(), stats.changes.opened, stats.changes.reopened,
            stats.changes.resolved);
      });
}

int CatalogCheck(const cli::Invocation& in) {
  auto catalog = findings::Catalog::Load(in.Get("catalog"));
  if (!catalog) return Fail(catalog.error().message);
  std::printf("catalog OK: %d products in %d categories (fingerprint %s)\n",
              catalog->proto().products_size(),
              catalog->proto().categories_size(),
              catalog->fingerprint().substr(0, 16).c_str());
  return 0;
}

int CatalogMatch(const cli::Invocation& in) {
  auto catalog = findings::Catalog::Load(in.Get("catalog"));
  if (!catalog) return Fail(catalog.error().message);
  std::string source_name = in.Get("source");
  auto source = findings::ParseMatchSource(source_name);
  if (!source) {
    return Fail(
        "--source must be deb, rpm, flatpak, snap, windows, macos "
        "or browser-extension, not '" +
        source_name + "'");
  }
  int uncatalogued = 0;
  for (const auto& name : in.args) {
    const auto* product = catalog->Match(*source, name, in.Get("publisher"));
    if (product == nullptr) {
      ++uncatalogued;
      std::printf("%s %s -> uncatalogued\n", source_name.c_str(),
                  common::Printable(name).c_str());
      continue;
    }
    std::printf("%s %s -> %s (%s, %s; %s%s%s)\n", source_name.c_str(),
                common::Printable(name).c_str(), product->id().c_str(),
                product->name().c_str(), product->vendor().c_str(),
                product->category().c_str(),
                product->subcategory().empty() ? "" : "/",
                product->subcategory().c_str());
  }
  return uncatalogued == 0 ? 0 : 1;
}

}  // namespace

void AddFindingsCommands(cli::Program& p) {
  p.Add({"findings",
         "--tenant NAME [--open|--all] [--format table|json]",
         "The tenant's findings: tool overlap, shadow IT, control gaps.",
         "Default: open findings. Brings findings up to date with the catalog "
         "and the clock (silent agents) first.\n",
         [](cli::po::options_description& o) {
           TenantOptions(o);
           o.add_options()("open", "Open findings only (the default).")(
               "all", "Resolved findings too.");
           FormatOption(o);
         },
         {},
         0,
         0,
         Findings});
  p.Add({"products",
         "--tenant NAME [--uncatalogued] [--format table|json]",
         "Catalogued products with host counts, or uncatalogued entries.",
         "",
         [](cli::po::options_description& o) {
           TenantOptions(o);
           o.add_options()("uncatalogued",
                           "The inventory entries no catalog product claims.");
           FormatOption(o);
         },
         {},
         0,
         0,
         Products});
  p.Add({"saas",
         "--tenant NAME [--inactive-days N] [--format table|json]",
         "SaaS seats per subscription and their waste; offboarding gaps.",
         "From the SaaS sections the tenant's agents report (the agent's "
         "saas_connectors). Waste = unassigned seats + seats of disabled "
         "people + seats of people without a sign-in for --inactive-days "
         "(default 60; unknown activity is never counted). An offboarding "
         "gap is a person disabled in an identity provider (Microsoft 365, "
         "Google Workspace, Okta) who is still enabled at another vendor. "
         "Desktop clients of a SaaS vendor that no connector reads are "
         "listed as without connector.\n",
         [](cli::po::options_description& o) {
           TenantOptions(o);
           o.add_options()(
               "inactive-days", cli::po::value<cli::Uint>()->value_name("N"),
               "Days without a sign-in that make a seat waste "
               "(default: the tenant policy's saas_inactive_days, 60).");
           FormatOption(o);
         },
         {},
         0,
         0,
         Saas});
  p.Add({"saas history",
         "--tenant NAME [--days N] [--format table|json]",
         "SaaS seat counts per subscription and day.",
         "Each day keeps the figures of its last evaluation: purchased, "
         "assigned, active (\"?\" when no activity is known) and wasted, "
         "for the last --days days (default 30). Kept as long as "
         "--history-retention-days.\n",
         [](cli::po::options_description& o) {
           TenantOptions(o);
           o.add_options()("days", cli::po::value<cli::Uint>()->value_name("N"),
                           "Days back from today (1 to 3650).");
           FormatOption(o);
         },
         {},
         0,
         0,
         SaasHistory});
  p.Add({"policy show",
         "--tenant NAME [--format table|json]",
         "The tenant's policy (or the defaults).",
         "",
         [](cli::po::options_description& o) {
           TenantOptions(o);
           FormatOption(o);
         },
         {},
         0,
         0,
         PolicyShow});
  p.Add({"policy set",
         "--tenant NAME FILE",
         "Set the tenant's policy from a TenantPolicy textproto and "
         "re-evaluate.",
         "See install/policy.example.textproto.\n",
         TenantOptions,
         {"FILE"},
         1,
         1,
         PolicySet});
  p.Add({"contract show",
         "--tenant NAME [--format table|json]",
         "The tenant's SaaS contracts and the list prices used without one.",
         "",
         [](cli::po::options_description& o) {
           TenantOptions(o);
           FormatOption(o);
         },
         {},
         0,
         0,
         ContractShow});
  p.Add({"contract set",
         "--tenant NAME FILE",
         "Set the tenant's SaaS contracts from a SaasContracts textproto and "
         "re-evaluate.",
         "Per vendor and subscription (sku_id as `saas` lists it): seats "
         "bought where the vendor's API does not tell, price per seat per "
         "month or year with its currency (the monthly cost of waste), and "
         "the renewal date with its notice period (default 30 days; a "
         "saas-renewal finding opens when it begins). Replaces the "
         "previous contracts. See install/contracts.example.textproto.\n",
         TenantOptions,
         {"FILE"},
         1,
         1,
         ContractSet});
  p.Add({"catalog check",
         "[--catalog FILE]",
         "Validate the catalog (the built-in one by default).",
         "",
         CatalogOption,
         {},
         0,
         0,
         CatalogCheck});
  p.Add({"catalog match",
         "[--source S] [--publisher P] NAME...",
         "How names resolve to catalog products.",
         "Exit status 1 when a name is uncatalogued.\n",
         [](cli::po::options_description& o) {
           CatalogOption(o);
           o.add_options()(
               "source", cli::po::value<std::string>()->default_value("deb"),
               "deb, rpm, flatpak, snap, windows, macos or browser-extension.")(
               "publisher", cli::po::value<std::string>()->default_value(""),
               "Windows publisher, for patterns that need it.");
         },
         {"NAME"},
         1,
         -1,
         CatalogMatch});
}

}  // namespace surveyor::service
