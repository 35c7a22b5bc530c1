#include "aicn/policy/builtin_helpers.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

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
  return view_.sites[static_cast<std::size_t>(site)].pools[static_cast<std::size_t>(pool)];
}

ProjectedPools::ProjectedPools(const ClusterView& view) : view_(view) {
  first_slot_.reserve(view.sites.size());
  std::size_t slots = 0;
  for (const SiteView& site : view.sites) {
    first_slot_.push_back(slots);
    slots += site.pools.size();
  }
  slot_.assign(slots, 0);
}

ProjectedPools::Projection& ProjectedPools::projection(int site, int pool) const {
  std::uint32_t& slot = slot_[slot_of(site, pool)];
  if (slot != 0) return projections_[slot - 1];
  const PoolView& target = this->pool(site, pool);
  ReleaseProfile profile(target, view_.now_s);
  // The same replay as PoolView::expected_wait_s: the local queue, then the inbound jobs.
  for (const auto& job : target.queue) profile.add_waiting(std::min(job.gpus, target.total_gpus), job.run_time_s);
  for (const auto& job : target.inbound) profile.add_waiting(std::min(job.gpus, target.total_gpus), job.run_time_s);
  projections_.push_back(Projection{std::move(profile), 0});
  slot = static_cast<std::uint32_t>(projections_.size());  // at most one per pool of the view
  return projections_.back();
}

double ProjectedPools::expected_wait_s(int site, int pool, int gpus) const {
  if (gpus > this->pool(site, pool).total_gpus) return std::numeric_limits<double>::infinity();
  return projection(site, pool).profile.start_of(gpus) - view_.now_s;
}

long long ProjectedPools::placed_gpus(int site, int pool) const {
  const std::uint32_t slot = slot_[slot_of(site, pool)];
  return slot == 0 ? 0 : projections_[slot - 1].placed_gpus;
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
  const PoolView& target = this->pool(site, pool);
  Projection& projected = projection(site, pool);
  projected.profile.add_waiting(std::min(job.gpus, target.total_gpus), job.run_time_s(target.gpu_model));
  projected.placed_gpus += job.gpus;
}

}  // namespace aicn::policy
