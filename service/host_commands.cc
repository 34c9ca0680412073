// surveyor-server host list|accept|reject|retire: the hosts of a tenant and
// the admin's decisions about them (Application's host lifecycle).
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <functional>

#include "common/logging.h"
#include "service/app/json_views.h"
#include "service/cli.h"

namespace surveyor::service {
namespace {

void TenantOption(cli::po::options_description& o) {
  AddStoreOptions(o);
  o.add_options()("tenant",
                  cli::po::value<std::string>()->value_name("NAME")->required(),
                  "The tenant the host belongs to.");
}

// Runs `body` with a session (catalog loaded: decisions re-evaluate
// findings) and the --tenant it names.
int WithTenant(const cli::Invocation& in,
               const std::function<int(Session&, const Tenant&)>& body) {
  common::InitLogging(in.Flag("verbose"));
  auto s = OpenSession(in, /*with_catalog=*/true);
  if (!s) return Fail(s.error());
  auto tenant = s->app->RequireTenant(in.Get("tenant"));
  if (!tenant) return Fail(tenant.error().message);
  return body(*s, *tenant);
}

std::string Day(std::int64_t t) { return t > 0 ? UtcMinute(t) : "-"; }

std::string State(const Host& h) {
  if (h.retired_at > 0) return "retired";
  if (!h.conflicts_with.empty()) return "conflict:" + h.conflicts_with;
  return "active";
}

}  // namespace

void AddHostCommands(cli::Program& p) {
  p.Add({"host list",
         "--tenant NAME",
         "List a tenant's hosts with their state.",
         "State is active, retired, or conflict:AGENT when the host enrolled\n"
         "with the machine id of AGENT without AGENT's identity key (a cloned\n"
         "or reinstalled machine, or someone holding the enrollment secret):\n"
         "decide with `host accept` or `host reject`.\n",
         [](cli::po::options_description& o) {
           TenantOption(o);
           FormatOption(o);
         },
         {},
         0,
         0,
         [](const cli::Invocation& in) {
           if (auto bad = BadFormat(in)) return Fail(*bad);
           const std::string format = in.Get("format");
           return WithTenant(in, [&](Session& s, const Tenant& t) {
             auto hosts = s.store->Hosts(t.id);
             if (!hosts) return Fail(hosts.error().message);
             if (format == "json") {
               std::printf(
                   "%s\n",
                   boost::json::serialize(HostsJson(*hosts, Now())).c_str());
               return 0;
             }
             std::printf("%-26s %-24s %-17s %-17s %s\n", "AGENT", "HOSTNAME",
                         "ENROLLED (UTC)", "LAST SEEN (UTC)", "STATE");
             for (const auto& h : *hosts) {
               std::printf("%-26s %-24s %-17s %-17s %s\n", h.agent_id.c_str(),
                           common::Printable(h.hostname, 24).c_str(),
                           Day(h.enrolled_at).c_str(), Day(h.last_seen).c_str(),
                           State(h).c_str());
             }
             return 0;
           });
         }});
  p.Add(
      {"host accept",
       "--tenant NAME AGENT",
       "Accept a host that enrolled with another host's machine id.",
       "Both hosts stay, as distinct machines (cloned from one image), and\n"
       "the duplicate-identity finding resolves. With --retire-previous the\n"
       "host it conflicted with is retired instead (the machine was\n"
       "reinstalled): its history stays, it raises no silent-agent finding.\n",
       [](cli::po::options_description& o) {
         TenantOption(o);
         o.add_options()("retire-previous",
                         "Retire the host whose machine id it took.");
       },
       {"AGENT"},
       1,
       1,
       [](const cli::Invocation& in) {
         return WithTenant(in, [&](Session& s, const Tenant& t) {
           auto h =
               s.app->AcceptHost(t, in.args[0], in.Flag("retire-previous"));
           if (!h) return Fail(h.error().message);
           common::Logger("admin")->info("tenant {}: accepted agent {}",
                                         common::Printable(t.name),
                                         h->agent_id);
           std::printf("accepted %s (%s)%s\n", h->agent_id.c_str(),
                       common::Printable(h->hostname).c_str(),
                       in.Flag("retire-previous")
                           ? "; the host it conflicted with is retired"
                           : "");
           return 0;
         });
       }});
  p.Add({"host reject",
         "--tenant NAME AGENT",
         "Reject a host: remove it and refuse its identity key.",
         "Its node key stops working, its data goes, its findings resolve,\n"
         "and enrollments with its identity key are refused (and logged).\n",
         TenantOption,
         {"AGENT"},
         1,
         1,
         [](const cli::Invocation& in) {
           return WithTenant(in, [&](Session& s, const Tenant& t) {
             auto h = s.app->RejectHost(t, in.args[0]);
             if (!h) return Fail(h.error().message);
             common::Logger("admin")->info("tenant {}: rejected agent {}",
                                           common::Printable(t.name),
                                           h->agent_id);
             std::printf("rejected %s (%s): removed, its key is refused\n",
                         h->agent_id.c_str(),
                         common::Printable(h->hostname).c_str());
             return 0;
           });
         }});
  p.Add({"host retire",
         "--tenant NAME AGENT",
         "Retire a decommissioned host (history kept, no silent finding).",
         "--undo puts it back in service. A retired host that enrolls again\n"
         "with its own identity key is back in service by itself.\n",
         [](cli::po::options_description& o) {
           TenantOption(o);
           o.add_options()("undo", "Put the host back in service.");
         },
         {"AGENT"},
         1,
         1,
         [](const cli::Invocation& in) {
           return WithTenant(in, [&](Session& s, const Tenant& t) {
             auto h = s.app->RetireHost(t, in.args[0], !in.Flag("undo"));
             if (!h) return Fail(h.error().message);
             std::printf("%s %s (%s)\n",
                         in.Flag("undo") ? "back in service:" : "retired",
                         h->agent_id.c_str(),
                         common::Printable(h->hostname).c_str());
             return 0;
           });
         }});
}

}  // namespace surveyor::service
