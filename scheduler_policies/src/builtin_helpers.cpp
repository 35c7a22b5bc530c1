#include "aicn/policy/builtin_helpers.hpp"

#include <cmath>

namespace aicn::policy {

std::string no_fit_reason(const workloads::Job& job) {
  return "no site has " + std::to_string(job.gpus) + " GPUs of model " + topology::gpu_model(job.gpu_model).name;
}

std::vector<int> eligible_pools(const ClusterView& view, int site, const workloads::Job& job) {
  const SiteView& s = view.sites[static_cast<std::size_t>(site)];
  std::vector<int> pools;
  if (s.down) return pools;
  for (std::size_t p = 0; p < s.pools.size(); ++p)
    if (job.accepts(s.pools[p].gpu_model) && s.pools[p].total_gpus >= job.gpus) pools.push_back(static_cast<int>(p));
  if (!pools.empty() && !std::isfinite(view.transfer_estimate_s(job, site))) pools.clear();
  return pools;
}

int eligible_pool(const ClusterView& view, int site, const workloads::Job& job) {
  const SiteView& s = view.sites[static_cast<std::size_t>(site)];
  int best = -1;
  for (int pool : eligible_pools(view, site, job)) {
    const PoolView& p = s.pools[static_cast<std::size_t>(pool)];
    if (p.gpu_model == job.gpu_model) return pool;
    if (best < 0 || p.free_gpus > s.pools[static_cast<std::size_t>(best)].free_gpus) best = pool;
  }
  return best;
}

bool fits_when_repaired(const ClusterView& view, const workloads::Job& job) {
  for (std::size_t s = 0; s < view.sites.size(); ++s) {
    const SiteView& site = view.sites[s];
    if (!site.down && view.data_reachable(job, static_cast<int>(s))) continue;
    for (const PoolView& pool : site.pools)
      if (job.accepts(pool.gpu_model) && pool.installed_gpus >= job.gpus) return true;
  }
  return false;
}

Decision hold_or_reject(const ClusterView& view, const workloads::Job& job) {
  return fits_when_repaired(view, job) ? Decision::hold(job.id) : Decision::reject(job.id, no_fit_reason(job));
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
  const PoolView& target = view_.sites[static_cast<std::size_t>(site)].pools[static_cast<std::size_t>(pool)];
  const WaitingJobView waiting{job.id, job.gpus, job.run_time_s(target.gpu_model), job.priority};
  for (auto& [key, changed] : changed_) {
    if (key == std::make_pair(site, pool)) {
      changed.inbound.push_back(waiting);
      return;
    }
  }
  PoolView copy = target;
  copy.inbound.push_back(waiting);
  changed_.emplace_back(std::make_pair(site, pool), std::move(copy));
}

}  // namespace aicn::policy
