#pragma once
/// @file view_updates.hpp
/// Keeps the per-pool job lists of the policies' ClusterView in step with the runtime:
/// running jobs (sorted by end time) and jobs still moving their data to a pool.
#include <algorithm>
#include <vector>

#include "aicn/policy/cluster_view.hpp"

namespace aicn::sim {

inline void add_running(policy::PoolView& pool, std::uint64_t id, double end_s, int gpus) {
  const policy::RunningJobView job{id, end_s, gpus};
  auto at = std::upper_bound(pool.running.begin(), pool.running.end(), job,
                             [](const auto& a, const auto& b) { return a.end_s < b.end_s; });
  pool.running.insert(at, job);
}

template <typename Entry>
void erase_job(std::vector<Entry>& jobs, std::uint64_t id) {
  auto found = std::find_if(jobs.begin(), jobs.end(), [id](const Entry& entry) { return entry.id == id; });
  if (found != jobs.end()) jobs.erase(found);
}

}  // namespace aicn::sim
