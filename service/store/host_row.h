// How SqliteStore turns a host row (columns in SURVEYOR_HOST_SELECT's order,
// sqlite_hosts.cc and sqlite_findings.cc) into a Host. Internal to
// service/store.
#pragma once

#include "common/sqlite.h"
#include "service/store/store.h"

namespace surveyor::service {

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
              static_cast<std::uint64_t>(s.ColumnInt(9)),
              std::string(s.ColumnBlob(11)),
              s.ColumnInt(12),
              std::string(s.ColumnText(13)),
              s.ColumnInt(14)};
}

}  // namespace surveyor::service
