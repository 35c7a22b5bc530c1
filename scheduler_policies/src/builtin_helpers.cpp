#include "aicn/policy/builtin_helpers.hpp"

#include <cmath>

namespace aicn::policy {

std::string no_fit_reason(const workloads::Job& job) {
  return "no site has " + std::to_string(job.gpus) + " GPUs of model " + topology::gpu_model(job.gpu_model).name;
}

int eligible_pool(const ClusterView& view, int site, const workloads::Job& job) {
  const SiteView& s = view.sites[static_cast<std::size_t>(site)];
  const int pool = s.pool_of(job.gpu_model);
  if (pool < 0 || s.pools[static_cast<std::size_t>(pool)].total_gpus < job.gpus) return -1;
  if (!std::isfinite(view.transfer_estimate_s(job, site))) return -1;
  return pool;
}

const PoolView& ProjectedPools::pool(int site, int pool) const {
  for (const auto& [key, changed] : changed_)
    if (key == std::make_pair(site, pool)) return changed;
  return view_.sites[static_cast<std::size_t>(site)].pools[static_cast<std::size_t>(pool)];
}

double ProjectedPools::transfer_estimate_s(const workloads::Job& job, int site) const {
  int added = 0;
  for (const auto& [route, count] : transfers_)
    if (route == std::make_pair(view_.data_site(job), site)) added = count;
  return view_.transfer_estimate_s(job, site, added);
}

void ProjectedPools::add_placed(int site, int pool, const workloads::Job& job) {
  const int from = view_.data_site(job);
  if (from != site && job.dataset_bytes > 0.0) {
    bool counted = false;
    for (auto& [route, count] : transfers_)
      if (route == std::make_pair(from, site)) counted = ++count > 0;
    if (!counted) transfers_.push_back({{from, site}, 1});
  }
  const WaitingJobView waiting{job.id, job.gpus, job.run_time_s(), job.priority};
  for (auto& [key, changed] : changed_) {
    if (key == std::make_pair(site, pool)) {
      changed.inbound.push_back(waiting);
      return;
    }
  }
  PoolView copy = view_.sites[static_cast<std::size_t>(site)].pools[static_cast<std::size_t>(pool)];
  copy.inbound.push_back(waiting);
  changed_.emplace_back(std::make_pair(site, pool), std::move(copy));
}

}  // namespace aicn::policy
