// surveyor-server tenant add|list|rename|delete|rotate-secret and token
// add|list|revoke.
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cstdio>
#include <functional>

#include "common/logging.h"
#include "service/app/json_views.h"
#include "service/cli.h"

namespace surveyor::service {
namespace {

// Runs `body` with an opened session (no catalog needed).
int WithSession(const cli::Invocation& in,
                const std::function<int(Session&)>& body) {
  common::InitLogging(in.Flag("verbose"));
  auto s = OpenSession(in, /*with_catalog=*/false);
  if (!s) return Fail(s.error());
  return body(*s);
}

}  // namespace

void AddAdminCommands(cli::Program& p) {
  p.Add({"tenant add",
         "NAME",
         "Create a tenant; prints its enrollment secret.",
         "The secret is shown once; agents of the tenant enroll with it.\n",
         AddStoreOptions,
         {"NAME"},
         1,
         1,
         [](const cli::Invocation& in) {
           return WithSession(in, [&](Session& s) {
             auto secret = s.app->accounts().AddTenant(in.args[0], Now());
             if (!secret) return Fail(secret.error().message);
             std::printf(
                 "tenant %s created\nenrollment secret (shown once): %s\n",
                 in.args[0].c_str(), secret->c_str());
             return 0;
           });
         }});
  p.Add({"tenant list",
         "",
         "List tenants with their host counts.",
         "",
         [](cli::po::options_description& o) {
           AddStoreOptions(o);
           FormatOption(o);
         },
         {},
         0,
         0,
         [](const cli::Invocation& in) {
           if (auto bad = BadFormat(in)) return Fail(*bad);
           const std::string format = in.Get("format");
           return WithSession(in, [&](Session& s) {
             auto tenants = s.store->Tenants();
             if (!tenants) return Fail(tenants.error().message);
             if (format == "json") {
               std::printf(
                   "%s\n",
                   boost::json::serialize(TenantsJson(*tenants)).c_str());
               return 0;
             }
             std::printf("%-32s %6s  %s\n", "TENANT", "HOSTS", "CREATED");
             for (const auto& t : *tenants) {
               std::printf("%-32s %6lld  %s UTC\n",
                           common::Printable(t.name).c_str(),
                           static_cast<long long>(t.hosts),
                           UtcMinute(t.created_at).c_str());
             }
             return 0;
           });
         }});
  p.Add({"tenant rotate-secret",
         "NAME",
         "Replace a tenant's enrollment secret.",
         "Enrolled hosts keep working; only new enrollments need the new "
         "secret.\n",
         AddStoreOptions,
         {"NAME"},
         1,
         1,
         [](const cli::Invocation& in) {
           return WithSession(in, [&](Session& s) {
             auto secret = s.app->accounts().RotateSecret(in.args[0], Now());
             if (!secret) return Fail(secret.error().message);
             std::printf(
                 "new enrollment secret for %s (shown once; the old one no "
                 "longer enrolls): %s\n",
                 in.args[0].c_str(), secret->c_str());
             return 0;
           });
         }});
  p.Add({"tenant rename",
         "OLD NEW",
         "Rename a tenant.",
         "Hosts, history, findings and tokens stay with it; API paths use the "
         "new name from now on.\n",
         AddStoreOptions,
         {"OLD", "NEW"},
         2,
         2,
         [](const cli::Invocation& in) {
           return WithSession(in, [&](Session& s) {
             auto r = s.app->accounts().RenameTenant(in.args[0], in.args[1]);
             if (!r) return Fail(r.error().message);
             std::printf("tenant %s renamed to %s\n",
                         common::Printable(in.args[0]).c_str(),
                         in.args[1].c_str());
             return 0;
           });
         }});
  p.Add({"tenant delete",
         "NAME --confirm NAME",
         "Delete a tenant and everything of it.",
         "Removes its hosts with their whole history, findings, products, "
         "policy, API tokens and enrollment secret; its agents are refused "
         "from then on. There is no undo: back up the store first. Without "
         "--confirm it only says what would go.\n",
         [](cli::po::options_description& o) {
           AddStoreOptions(o);
           o.add_options()("confirm",
                           cli::po::value<std::string>()->value_name("NAME"),
                           "The tenant's name again, to confirm.");
         },
         {"NAME"},
         1,
         1,
         [](const cli::Invocation& in) {
           const std::string& name = in.args[0];
           return WithSession(in, [&](Session& s) {
             auto tenant = s.store->TenantByName(name);
             if (!tenant) return Fail(tenant.error().message);
             if (!*tenant) {
               return Fail("no tenant '" + common::Printable(name) + "'");
             }
             if (in.Get("confirm") != name) {
               auto tenants = s.store->Tenants();
               long long hosts = 0;
               for (const auto& t :
                    tenants ? *tenants : std::vector<Tenant>{}) {
                 if (t.id == (*tenant)->id) hosts = t.hosts;
               }
               return Fail("deleting tenant " + name + " removes its " +
                           std::to_string(hosts) +
                           " hosts with their history, its findings, tokens "
                           "and enrollment secret, with no undo; run again "
                           "with --confirm " +
                           name);
             }
             auto r = s.app->accounts().DeleteTenant(name);
             if (!r) return Fail(r.error().message);
             std::printf("tenant %s deleted\n", name.c_str());
             return 0;
           });
         }});
  p.Add({"token add",
         "--tenant NAME | --admin",
         "An API token: read-only for one tenant, or across all tenants.",
         "",
         [](cli::po::options_description& o) {
           AddStoreOptions(o);
           o.add_options()("tenant",
                           cli::po::value<std::string>()->value_name("NAME"),
                           "A read-only token for this tenant.")(
               "admin", "A token across all tenants (may change policies).")(
               "expires-days", cli::po::value<cli::Uint>()->value_name("N"),
               "The token stops working after N days (default: never).")(
               "label", cli::po::value<std::string>()->value_name("TEXT"),
               "What the token is for, shown by `token list`.");
         },
         {},
         0,
         0,
         [](const cli::Invocation& in) {
           if (in.Flag("admin") == in.Has("tenant")) {
             return Fail(
                 "token add needs exactly one of --tenant NAME or --admin");
           }
           return WithSession(in, [&](Session& s) {
             std::string tenant = in.Get("tenant");
             std::int64_t expires = 0;
             if (in.Has("expires-days")) {
               std::uint64_t days = in.GetUint("expires-days", 0);
               if (days == 0 || days > 3650) {
                 return Fail("--expires-days must be 1 to 3650");
               }
               expires = Now() + static_cast<std::int64_t>(days) * 86400;
             }
             auto token = s.app->accounts().AddToken(tenant, Now(), expires,
                                                     in.Get("label"));
             if (!token) return Fail(token.error().message);
             std::printf(
                 "%s token (shown once): %s\n",
                 tenant.empty() ? "admin" : ("read-only " + tenant).c_str(),
                 token->c_str());
             return 0;
           });
         }});
  p.Add({"token list",
         "",
         "List API tokens: id, tenant (or admin), created, expires, label.",
         "Tokens are stored as hashes: the list never shows one. Revoke with\n"
         "`token revoke ID`.\n",
         [](cli::po::options_description& o) {
           AddStoreOptions(o);
           FormatOption(o);
         },
         {},
         0,
         0,
         [](const cli::Invocation& in) {
           if (auto bad = BadFormat(in)) return Fail(*bad);
           const std::string format = in.Get("format");
           return WithSession(in, [&](Session& s) {
             auto tokens = s.store->Tokens();
             if (!tokens) return Fail(tokens.error().message);
             const std::int64_t now = Now();
             if (format == "json") {
               boost::json::array out;
               for (const auto& t : *tokens) {
                 out.push_back(boost::json::object{
                     {"id", t.id},
                     {"tenant", t.tenant},
                     {"admin", t.tenant.empty()},
                     {"created_at", t.created_at},
                     {"expires_at", t.expires_at},
                     {"expired", t.expires_at > 0 && now >= t.expires_at},
                     {"label", t.label}});
               }
               std::printf("%s\n", boost::json::serialize(out).c_str());
               return 0;
             }
             std::printf("%6s  %-24s %-17s %-17s %s\n", "ID", "TENANT",
                         "CREATED (UTC)", "EXPIRES (UTC)", "LABEL");
             for (const auto& t : *tokens) {
               std::string expires =
                   t.expires_at == 0 ? "never" : UtcMinute(t.expires_at);
               if (t.expires_at > 0 && now >= t.expires_at)
                 expires += " (expired)";
               std::printf("%6lld  %-24s %-17s %-17s %s\n",
                           static_cast<long long>(t.id),
                           t.tenant.empty()
                               ? "(admin)"
                               : common::Printable(t.tenant, 24).c_str(),
                           UtcMinute(t.created_at).c_str(), expires.c_str(),
                           common::Printable(t.label).c_str());
             }
             return 0;
           });
         }});
  p.Add({"token revoke",
         "ID",
         "Revoke an API token at once (its id from `token list`).",
         "",
         AddStoreOptions,
         {"ID"},
         1,
         1,
         [](const cli::Invocation& in) {
           std::int64_t id = 0;
           auto [end, ec] = std::from_chars(
               in.args[0].data(), in.args[0].data() + in.args[0].size(), id);
           if (ec != std::errc() ||
               end != in.args[0].data() + in.args[0].size() || id <= 0) {
             return Fail("token id '" + common::Printable(in.args[0]) +
                         "' is not a positive number (see `token list`)");
           }
           return WithSession(in, [&](Session& s) {
             auto deleted = s.store->DeleteToken(id);
             if (!deleted) return Fail(deleted.error().message);
             if (!*deleted) {
               return Fail("no token " + std::to_string(id) +
                           " (see `token list`)");
             }
             common::Logger("admin")->info("revoked API token {}", id);
             std::printf("token %lld revoked\n", static_cast<long long>(id));
             return 0;
           });
         }});
}

}  // namespace surveyor::service
