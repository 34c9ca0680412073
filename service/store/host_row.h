// How SqliteStore reads a host row: the column list (tables aliased h and t)
// and the conversion. Internal to service/store.
#pragma once

#include "common/sqlite.h"
#include "service/store/store.h"

namespace surveyor::service {

inline constexpr const char* kHostColumns =
    "h.id, h.tenant_id, t.name, h.agent_id, h.machine_id, h.hostname, h.os, "
    "h.enrolled_at, h.last_seen, h.last_sequence";

inline Host ReadHost(const common::Statement& s) {
  return Host{s.ColumnInt(0),
              s.ColumnInt(1),
              std::string(s.ColumnText(2)),
              std::string(s.ColumnText(3)),
              std::string(s.ColumnText(4)),
              std::string(s.ColumnText(5)),
              std::string(s.ColumnText(6)),
              s.ColumnInt(7),
              s.ColumnInt(8),
              static_cast<std::uint64_t>(s.ColumnInt(9))};
}

}  // namespace surveyor::service
