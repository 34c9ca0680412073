// What surveyor-server's commands share: the options that locate the store
// and the catalog, opening an Application on them, and the conventions every
// command follows (errors on stderr naming what failed, exit 2). Arguments
// are parsed by common/cli.h.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>

#include "common/cli.h"
#include "service/app/application.h"
#include "service/findings/catalog.h"
#include "service/store/store.h"

namespace surveyor::service {

namespace cli = common::cli;

// --store URL and --data-dir DIR.
void AddStoreOptions(cli::po::options_description& o);
// --catalog FILE.
void CatalogOption(cli::po::options_description& o);

// --store, else --data-dir (sqlite:DIR), else $SURVEYOR_STORE_URL, else
// $SURVEYOR_DATA_DIR, else `fallback_dir` or /var/lib/surveyor-server.
std::string StoreUrl(const cli::Invocation& in,
                     const std::string& fallback_dir = "");

// --evidence-key FILE.
void EvidenceKeyOption(cli::po::options_description& o);
// --evidence-key, else `configured` (server config evidence_key_file), else
// $SURVEYOR_EVIDENCE_KEY, else evidence.key in the SQLite store's directory,
// else /var/lib/surveyor-server/evidence.key.
std::string EvidenceKeyPath(const cli::Invocation& in,
                            const std::string& store_url,
                            const std::string& configured = "");

// --tsa-url URL and --tsa-ca-file FILE (RFC 3161 time-stamping).
void TsaOptions(cli::po::options_description& o);

// Prints "surveyor-server: MESSAGE" on stderr; returns 2.
int Fail(const std::string& message);

// Seconds since the epoch.
std::int64_t Now();

// --format table|json (default table), and its check: the message for a
// value that is neither, or nullopt.
void FormatOption(cli::po::options_description& o);
std::optional<std::string> BadFormat(const cli::Invocation& in);

// "YYYY-MM-DD HH:MM" in UTC, for tables.
std::string UtcMinute(std::int64_t seconds);

// A store, the catalog (when `with_catalog`) and an Application over them.
struct Session {
  std::unique_ptr<Store> store;
  std::unique_ptr<findings::Catalog> catalog;  // Stable address.
  std::unique_ptr<Application> app;
};
std::expected<Session, std::string> OpenSession(const cli::Invocation& in,
                                                bool with_catalog);

// --tenant NAME (required), the store options and --catalog.
void TenantOptions(cli::po::options_description& o);
struct TenantSession {
  Session session;
  Tenant tenant;
};
// Checks --format, opens store and catalog, finds --tenant, and brings the
// findings up to date with the catalog and the clock (silent agents): what
// every command that reads a tenant's findings does first.
// `check_format`: whether --format is table|json (commands with formats of
// their own check them).
std::expected<TenantSession, std::string> OpenTenant(const cli::Invocation& in,
                                                     bool check_format = true);

// Registers each group of commands.
void AddServeCommand(cli::Program& p);
void AddAdminCommands(cli::Program& p);
void AddFindingsCommands(cli::Program& p);
void AddStoreCommands(cli::Program& p);
void AddHostCommands(cli::Program& p);
void AddDigestCommands(cli::Program& p);
void AddEvidenceCommands(cli::Program& p);

}  // namespace surveyor::service
