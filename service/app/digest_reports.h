// The weekly digest use case, shared by `digest preview` (CLI) and
// GET /v1/tenants/{t}/digests/{week} (API): reads what a week needs from the
// store, builds the digest (service/digest/digest_builder.h) and renders it
// as HTML, plain text, an RFC 5322 message or JSON.
//
// Errors: kInvalidArgument for an unknown format; kUnsupported without a
// catalog (no findings engine); storage errors pass through.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "service/app/application.h"
#include "service/digest/digest.h"

namespace surveyor::service {

enum class DigestFormat { kHtml, kText, kEml, kJson };
std::expected<DigestFormat, common::Error> ParseDigestFormat(
    std::string_view name);  // "html", "text", "eml", "json"

struct DigestRenderOptions {
  std::string server_url;  // links to full listings; empty: none
  std::string from = "Surveyor <surveyor@localhost>";
  std::vector<std::string> to;  // eml: defaults to the tenant's recipients
  std::string message_id;       // eml: without <>; empty: derived
};

// `week` nullopt: the last complete week in the tenant's time zone.
std::expected<digest::Digest, common::Error> BuildTenantDigest(
    Application& app, const Tenant& tenant,
    std::optional<digest::IsoWeek> week);

std::expected<std::string, common::Error> RenderDigest(
    const digest::Digest& digest, DigestFormat format,
    const DigestRenderOptions& options);

// The tenant policy's digest settings, defaults filled in (UTC, Monday,
// 08:00).
v1::DigestSettings DigestSettingsOf(const v1::TenantPolicy& policy);
std::expected<v1::DigestSettings, common::Error> DigestSettingsOf(
    Application& app, const Tenant& tenant);

}  // namespace surveyor::service
