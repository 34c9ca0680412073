#include "service/domain/ingest_plan.h"

#include "common/snapshot_delta.h"

namespace surveyor::service {
namespace {

// The section without its payload: what is kept of a software section.
v1::Section Envelope(const v1::Section& in) {
  v1::Section out;
  out.set_collector(in.collector());
  out.set_content_hash(in.content_hash());
  *out.mutable_errors() = in.errors();
  if (in.has_collected_at()) *out.mutable_collected_at() = in.collected_at();
  out.set_duration_us(in.duration_us());
  return out;
}

}  // namespace

std::optional<PlanError> CheckSection(const v1::Section& in) {
  if (in.collector().empty() || in.collector().size() > 64) {
    return PlanError{"section without a collector name"};
  }
  return std::nullopt;
}

SectionPlan PlanSection(const std::optional<StoredSection>& stored,
                        const v1::Section& in) {
  SectionPlan plan;
  plan.initial = !stored.has_value();
  const std::string stored_hash =
      stored ? stored->section.content_hash() : std::string();
  v1::Section& full = plan.next.section;
  auto& digest = plan.next.digest;

  if (in.unchanged()) {
    if (!stored || stored_hash != in.content_hash()) {
      plan.resend_full = true;
      return plan;
    }
    // Same payload; errors and times are the new ones.
    full = stored->section;
    digest = stored->digest;
    *full.mutable_errors() = in.errors();
    *full.mutable_collected_at() = in.collected_at();
    full.set_duration_us(in.duration_us());
  } else if (in.has_software_delta()) {
    const auto& delta = in.software_delta();
    if (!stored || !stored->digest || stored_hash != delta.base_hash()) {
      plan.resend_full = true;
      return plan;
    }
    digest = stored->digest;
    common::ApplySoftwareDeltaToDigest(delta, *digest);
    if (common::SoftwareContentHash(*digest, delta.sources_present()) !=
        in.content_hash()) {
      plan.resend_full = true;
      return plan;
    }
    full = Envelope(in);  // content_hash verified just above.
    *full.mutable_software()->mutable_sources_present() =
        delta.sources_present();
    plan.delta_changes =
        DiffKeys(InstalledKeys(delta.removed()), InstalledKeys(delta.added()));
    plan.delta_changes->details = DetailsOf(delta.added());
  } else if (in.has_software()) {
    full = Envelope(in);
    digest = common::SoftwarePackagesDigest(in.software());
    full.set_content_hash(
        common::SoftwareContentHash(*digest, in.software().sources_present()));
    *full.mutable_software()->mutable_sources_present() =
        in.software().sources_present();
    if (!stored || !stored->digest || full.content_hash() != stored_hash) {
      plan.full_keys = InstalledKeys(in.software().packages());
      plan.full_details = DetailsOf(in.software().packages());
    }
  } else {
    full = in;
    full.set_unchanged(false);
    full.set_content_hash(common::SectionPayloadHash(full));
  }
  const std::int64_t before_streak = stored ? stored->error_streak : 0;
  plan.next.error_streak = in.errors().empty() ? 0 : before_streak + 1;
  plan.error_related = plan.next.error_streak > 0 || before_streak > 0;
  plan.touched = full.content_hash() != stored_hash || plan.error_related;
  return plan;
}

}  // namespace surveyor::service
