// The compliance evidence use cases, shared by `evidence export|verify`
// (CLI) and GET /v1/tenants/{t}/evidence (API): read what a period needs
// from the store, assess it (service/evidence/assessment.h), write the
// bundle — index.html, CSVs, OSCAL results, MANIFEST.sha256 signed with the
// evidence key — as one zip; and check such a bundle.
//
// Errors: kInvalidArgument for a bad request (unknown framework, reversed
// or future period, a day outside it, no day that can be evaluated);
// kUnsupported without a catalog; storage and file errors pass through.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/identity_key.h"
#include "service/app/application.h"
#include "service/evidence/bundle_model.h"
#include "service/evidence/timestamp.h"
#include "service/evidence/tsa_client.h"

namespace surveyor::service {

struct EvidenceRequest {
  evidence::Framework framework = evidence::Framework::kCisV8;
  std::int64_t from = 0, to = 0;   // days, inclusive
  std::vector<std::int64_t> days;  // explicit sample; empty: spread
  std::int64_t sample_days = 12;
};

// Parses the request's text form (CLI options, query parameters); empty
// `days` and `sample_days` take the defaults.
std::expected<EvidenceRequest, common::Error> ParseEvidenceRequest(
    const std::string& framework, const std::string& from,
    const std::string& to, const std::string& days,
    const std::string& sample_days);

std::expected<evidence::BundleModel, common::Error> BuildEvidence(
    Application& app, const Tenant& tenant, const EvidenceRequest& request);

struct BundleSummary {
  evidence::BundleModel model;
  std::vector<std::string> files;  // in the zip, in order
  std::int64_t bytes = 0;          // of the zip
};

// Writes the signed bundle to `out_path` (replaced). With `tsa`, the
// manifest is also time-stamped (RFC 3161) into MANIFEST.sha256.tsr; the
// bundle is then no longer byte-identical on re-export. `progress` (may be
// empty) hears each step.
std::expected<BundleSummary, common::Error> WriteEvidenceBundle(
    Application& app, const Tenant& tenant, const EvidenceRequest& request,
    const common::IdentityKey& key, const std::string& out_path,
    evidence::TimestampAuthority* tsa = nullptr,
    const std::function<void(const std::string&)>& progress = {});

struct VerifyReport {
  bool ok = false;
  std::string key_source;   // "--pubkey FILE" or "the bundle's own key"
  std::string fingerprint;  // of the key checked against
  std::int64_t files = 0;   // files whose digest matched
  // The RFC 3161 token over the manifest, when the bundle has one.
  std::optional<evidence::TimestampInfo> timestamp;
  std::vector<std::string> problems;
};

// Checks the signature over MANIFEST.sha256, every listed file's digest
// and that nothing unlisted is in the bundle. `public_raw`: the key to
// trust; nullopt uses the one inside the bundle (and says so).
std::expected<VerifyReport, common::Error> VerifyEvidenceBundle(
    const std::string& path, const std::optional<std::string>& public_raw);

}  // namespace surveyor::service
