#include "collectors/saas/saas_collector.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>

#include "collectors/saas/connector.h"
#include "collectors/saas/pseudonyms.h"
#include "collectors/saas/vendors.h"

namespace surveyor::collectors::saas {
namespace {

// The secret's first line (or, for a document, the whole file, at most
// 64 KiB); an error text when it cannot be used.
std::expected<std::string, std::string> ReadSecret(const std::string& path,
                                                   bool document = false) {
  if (path.empty()) return std::unexpected("secret_file is not set");
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return std::unexpected(path + ": cannot read the secret");
  }
  if ((st.st_mode & 077) != 0) {
    return std::unexpected(path +
                           ": readable by group or others; chmod 600 it");
  }
  std::ifstream in(path);
  std::string secret;
  if (document) {
    secret.resize(64 * 1024);
    in.read(secret.data(), static_cast<std::streamsize>(secret.size()));
    secret.resize(static_cast<std::size_t>(in.gcount()));
  } else {
    std::getline(in, secret);
  }
  while (!secret.empty() && (secret.back() == '\r' || secret.back() == ' ')) {
    secret.pop_back();
  }
  if (secret.empty()) return std::unexpected(path + ": empty secret");
  return secret;
}

// `key` not empty: people go out as pseudonyms (pseudonyms.h).
void Append(ConnectorResult& r, const std::string& key, v1::SaasLicenses& out) {
  if (!key.empty()) {
    for (auto& p : r.people) Pseudonymize(key, p);
  }
  for (const auto& s : r.seats) {
    auto* sub = out.add_subscriptions();
    sub->set_vendor(s.vendor);
    sub->set_sku_id(s.sku_id);
    sub->set_sku_name(s.sku_name);
    sub->set_status(s.status);
    sub->set_purchased(s.purchased);
    sub->set_assigned(s.assigned);
  }
  for (const auto& p : r.people) {
    auto* user = out.add_users();
    user->set_vendor(p.vendor);
    user->set_user_id(p.user_id);
    user->set_email(p.email);
    user->set_enabled(p.enabled);
    for (const auto& sku : p.sku_ids) user->add_sku_ids(sku);
    if (p.last_active) user->mutable_last_active()->set_seconds(*p.last_active);
    for (const auto& sku : p.activity_sku_ids) user->add_activity_sku_ids(sku);
    if (p.created) user->mutable_created_at()->set_seconds(*p.created);
  }
}

// The previous complete run of `c` when it is not due again, from the last
// section the agent holds: only for a connector with an interval that is
// the only one of its vendor (records are keyed by vendor).
const v1::SaasConnectorRun* NotDue(const CollectContext& ctx,
                                   const v1::SaasConnector& c,
                                   const std::optional<v1::Section>& last) {
  if (c.interval_seconds() == 0 || !last || !last->has_saas()) return nullptr;
  int same_vendor = 0;
  for (const auto& other : ctx.config.saas_connectors()) {
    same_vendor += other.vendor() == c.vendor();
  }
  if (same_vendor != 1) return nullptr;
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               ctx.now.time_since_epoch())
                               .count();
  for (const auto& run : last->saas().connectors()) {
    if (run.name() != c.name() || run.vendor() != c.vendor()) continue;
    if (run.partial() || !run.has_ran_at()) return nullptr;
    const std::int64_t age = now - run.ran_at().seconds();
    return age >= 0 && age < c.interval_seconds() ? &run : nullptr;
  }
  return nullptr;
}

// Copies `run` and its vendor's subscriptions and people from `last`.
void CarryOver(const v1::SaasConnectorRun& run, const v1::Section& last,
               v1::SaasLicenses& out) {
  *out.add_connectors() = run;
  for (const auto& s : last.saas().subscriptions()) {
    if (s.vendor() == run.vendor()) *out.add_subscriptions() = s;
  }
  for (const auto& u : last.saas().users()) {
    if (u.vendor() == run.vendor()) *out.add_users() = u;
  }
}

}  // namespace

void SaasCollector::Collect(const CollectContext& ctx, v1::Section& section) {
  v1::SaasLicenses& out = *section.mutable_saas();
  // Pseudonyms asked for but no usable key: nobody is sent at all, rather
  // than sent by name.
  std::string key;
  if (const auto& file = ctx.config.saas_pseudonym_key_file(); !file.empty()) {
    auto read = ReadSecret(file);
    if (read && read->size() < 16) {
      read = std::unexpected(file + ": a pseudonym key needs 16 bytes or more");
    }
    if (!read) {
      AddSectionError(
          section, "saas",
          "pseudonym key: " + read.error() + "; no connector was run");
      for (const auto& c : ctx.config.saas_connectors()) {
        auto* run = out.add_connectors();
        run->set_name(c.name());
        run->set_vendor(c.vendor());
        run->set_partial(true);
      }
      return;
    }
    key = std::move(*read);
  }
  std::optional<v1::Section> last;
  if (ctx.last_section) last = ctx.last_section(name());
  for (const auto& c : ctx.config.saas_connectors()) {
    const std::string source = "saas/" + c.name();
    if (const auto* previous = NotDue(ctx, c, last)) {
      CarryOver(*previous, *last, out);
      continue;
    }
    auto* run = out.add_connectors();
    run->set_name(c.name());
    run->set_vendor(c.vendor());
    auto fail = [&](const std::string& why) {
      run->set_partial(true);
      AddSectionError(section, source, why);
    };
    if (ctx.saas == nullptr) {
      fail("no HTTP client for SaaS connectors in this collection");
      continue;
    }
    const VendorSpec* vendor = FindVendor(c.vendor());
    if (vendor == nullptr) {
      fail("unknown vendor '" + c.vendor() + "'");
      continue;
    }
    auto secret = ReadSecret(c.secret_file(), vendor->secret_is_document);
    if (!secret) {
      fail(secret.error());
      continue;
    }
    ConnectorSettings settings;
    settings.name = c.name();
    settings.tenant_id = c.tenant_id();
    settings.client_id = c.client_id();
    settings.account = c.account();
    settings.subject = c.subject();
    settings.reseller_subject = c.reseller_subject();
    settings.secret = std::move(*secret);
    settings.base_url = c.base_url();
    settings.token_url = c.token_url();
    if (auto missing = MissingParameters(*vendor, settings); !missing.empty()) {
      fail(c.vendor() + " " + missing);
      continue;
    }
    auto client = ctx.saas->For(c);
    ConnectorResult result = vendor->run(settings, *client, ctx.saas->waiter());
    Append(result, key, out);
    run->set_partial(result.partial);
    run->mutable_ran_at()->set_seconds(
        std::chrono::duration_cast<std::chrono::seconds>(
            ctx.now.time_since_epoch())
            .count());
    for (const auto& note : result.notes) run->add_notes(note);
    for (const auto& error : result.errors) {
      AddSectionError(section, source, error);
    }
  }
  auto* subs = out.mutable_subscriptions();
  std::sort(subs->begin(), subs->end(), [](const auto& a, const auto& b) {
    return std::tie(a.vendor(), a.sku_id()) < std::tie(b.vendor(), b.sku_id());
  });
  auto* users = out.mutable_users();
  std::sort(users->begin(), users->end(), [](const auto& a, const auto& b) {
    return std::tie(a.vendor(), a.user_id()) <
           std::tie(b.vendor(), b.user_id());
  });
}

}  // namespace surveyor::collectors::saas
