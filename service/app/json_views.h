// The JSON shapes of the read API, shared by the HTTP API and the CLI's
// --format json so both print the same thing. Pure; thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "service/app/application.h"
#include "service/digest/digest.h"

namespace surveyor::service {

boost::json::value TenantsJson(const std::vector<Tenant>& tenants);
boost::json::object HostJson(const Host& h, std::int64_t now);
boost::json::value HostsJson(const std::vector<Host>& hosts, std::int64_t now);
boost::json::value SoftwareJson(const std::vector<SoftwareRow>& rows,
                                bool counts);
boost::json::value ChangesJson(const std::vector<Change>& changes,
                               std::int64_t since, std::int64_t until);
boost::json::value ProductsJson(const std::string& tenant,
                                const ProductsView& view);
boost::json::value SaasJson(const std::string& tenant,
                            const SaasAnalysis& analysis);
// A host's stored section (protection, backup, host, saas, ...) in the
// protobuf JSON mapping with the .proto field names, plus its error streak.
std::expected<boost::json::value, common::Error> SectionJson(
    const StoredSection& stored);
// The data behind a weekly digest (service/digest/digest.h).
boost::json::value DigestJson(const digest::Digest& digest);
boost::json::value PolicyJson(const std::string& tenant,
                              const PolicyView& view);
// The policy as protobuf text format.
std::string PolicyText(const v1::TenantPolicy& policy);
boost::json::value SaasHistoryJson(const std::string& tenant,
                                   const std::vector<SaasDayRow>& days,
                                   std::int64_t since, std::int64_t until);
boost::json::value ContractsJson(const std::string& tenant,
                                 const ContractsView& view);
std::string ContractsText(const v1::SaasContracts& contracts);

}  // namespace surveyor::service
