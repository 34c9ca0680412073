#include "service/evidence/bundle_model.h"

namespace surveyor::evidence {

void IndexHosts(BundleModel& m) {
  m.host_index.clear();
  for (std::size_t i = 0; i < m.assessment.population.size(); ++i) {
    m.host_index[m.assessment.population[i].id] = i;
  }
}

const HostRecord* FindHost(const BundleModel& m, std::int64_t id) {
  auto it = m.host_index.find(id);
  return it == m.host_index.end() ? nullptr
                                  : &m.assessment.population[it->second];
}

}  // namespace surveyor::evidence
