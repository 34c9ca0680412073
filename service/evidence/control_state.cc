#include "service/evidence/control_state.h"

namespace surveyor::evidence {

v1::ControlState ControlStateOf(const std::optional<v1::Section>& protection,
                                const std::optional<v1::Section>& backup,
                                bool software_reported) {
  v1::ControlState out;
  out.set_software_reported(software_reported);
  if (protection && protection->has_protection()) {
    const auto& p = protection->protection();
    out.set_protection_reported(true);
    for (const auto& product : p.products()) {
      if (!product.present()) continue;
      auto* am = out.add_anti_malware();
      am->set_product(product.vendor().empty()
                          ? product.product()
                          : product.vendor() + " " + product.product());
      am->set_active(product.running() != v1::TRI_STATE_NO &&
                     product.realtime_protection() != v1::TRI_STATE_NO);
      if (product.has_signature_time()) {
        *am->mutable_signature_time() = product.signature_time();
      }
      for (const auto& issue : product.issues()) {
        if (issue != "passive mode") am->add_issues(issue);
      }
    }
    if (p.has_disk_encryption()) {
      out.set_disk_encrypted(p.disk_encryption().encrypted());
    }
    if (p.has_firewall()) out.set_firewall_enabled(p.firewall().enabled());
    if (p.has_auto_updates()) out.set_auto_updates(p.auto_updates().enabled());
  }
  if (backup && backup->has_backup()) {
    out.set_backup_reported(true);
    out.set_backup_jobs(
        static_cast<std::uint32_t>(backup->backup().jobs_size()));
    for (const auto& job : backup->backup().jobs()) {
      if (!job.has_last_success()) continue;
      if (!out.has_backup_last_success() ||
          job.last_success().seconds() > out.backup_last_success().seconds()) {
        *out.mutable_backup_last_success() = job.last_success();
      }
    }
  }
  return out;
}

}  // namespace surveyor::evidence
