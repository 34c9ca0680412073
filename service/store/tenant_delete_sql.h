// What deleting a tenant deletes, in dependency order, for both backends
// ($1 is the tenant id; SQLite reads "$1" as its first parameter too).
// A table added to the schema with rows of a tenant belongs here.
#pragma once

namespace surveyor::service {

inline constexpr const char* kDeleteTenantSql[] = {
    "DELETE FROM snapshots WHERE host_id IN "
    "(SELECT id FROM hosts WHERE tenant_id = $1)",
    "DELETE FROM sections WHERE host_id IN "
    "(SELECT id FROM hosts WHERE tenant_id = $1)",
    "DELETE FROM software WHERE host_id IN "
    "(SELECT id FROM hosts WHERE tenant_id = $1)",
    "DELETE FROM control_states WHERE host_id IN "
    "(SELECT id FROM hosts WHERE tenant_id = $1)",
    "DELETE FROM report_days WHERE host_id IN "
    "(SELECT id FROM hosts WHERE tenant_id = $1)",
    "DELETE FROM host_products WHERE tenant_id = $1",
    "DELETE FROM tenant_products WHERE tenant_id = $1",
    "DELETE FROM findings WHERE tenant_id = $1",
    "DELETE FROM policies WHERE tenant_id = $1",
    "DELETE FROM saas_contracts WHERE tenant_id = $1",
    "DELETE FROM saas_days WHERE tenant_id = $1",
    "DELETE FROM digest_sends WHERE tenant_id = $1",
    "DELETE FROM rejected_keys WHERE tenant_id = $1",
    "DELETE FROM hosts WHERE tenant_id = $1",
    "DELETE FROM tokens WHERE tenant_id = $1",
    "DELETE FROM enroll_secrets WHERE tenant_id = $1",
    "DELETE FROM tenants WHERE id = $1",
};

}  // namespace surveyor::service
