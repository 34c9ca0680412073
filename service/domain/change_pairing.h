// Change pairing for /changes: software history rows that began or ended in
// a window become "installed" and "removed" changes, and a removal and an
// installation of the same package (host, source, name, architecture,
// variant) at the same moment become one "upgraded" change (or downgrade).
// Pure; sorted by time, hostname, name.
#pragma once

#include <cstdint>
#include <vector>

#include "service/store/rows.h"

namespace surveyor::service {

std::vector<Change> PairChanges(const std::vector<HistoryRow>& rows,
                                std::int64_t since, std::int64_t until);

}  // namespace surveyor::service
