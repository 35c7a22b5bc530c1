#include "aicn/policy/energy_helpers.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace aicn::policy {

void candidate_pools(const ClusterView& view, const ProjectedPools& pools, const workloads::Job& job,
                     std::vector<Candidate>& candidates) {
  // eligible_pools' rules, inlined so that each site's transfer is estimated once and no
  // list is built per site: the same pools in the same order. Only the pools of the job's
  // models are visited (for_each_listed_pool): a scan of every pool was most of the cost.
  candidates.clear();
  int site_index = -1;
  double transfer_s = 0.0;
  bool transfer_known = false;  // estimated at the site's first eligible pool
  for_each_listed_pool(view, job, [&](int s, int p) {
    const SiteView& site = view.sites[static_cast<std::size_t>(s)];
    if (site.down) return true;
    if (s != site_index) {
      site_index = s;
      transfer_known = false;
    }
    const PoolView& pool = site.pools[static_cast<std::size_t>(p)];
    if (!job.accepts(pool.gpu_model) || pool.total_gpus < job.gpus) return true;
    if (!transfer_known) {
      transfer_s = pools.transfer_estimate_s(job, s);
      transfer_known = true;
    }
    if (!std::isfinite(transfer_s)) return true;  // no route for the data: none of this site's pools
    const double delay = transfer_s + pools.expected_wait_s(s, p, job.gpus);
    candidates.push_back({s, p, delay});
    return true;
  });
}

std::vector<Candidate> candidate_pools(const ClusterView& view, const ProjectedPools& pools, const workloads::Job& job) {
  std::vector<Candidate> candidates;
  candidate_pools(view, pools, job, candidates);
  return candidates;
}

const Candidate& soonest(const std::vector<Candidate>& candidates) {
  const Candidate* best = &candidates.front();
  for (const Candidate& c : candidates)
    if (c.start_delay_s < best->start_delay_s) best = &c;
  return *best;
}

double job_facility_kwh(const SiteView& site, const PoolView& pool, const workloads::Job& job) {
  const double hours = job.run_time_s(pool.gpu_model) / 3600.0;
  return job.gpu_fraction() * pool.gpu_busy_w / 1000.0 * hours * site.pue;
}

double job_electricity_yuan(const SiteView& site, const PoolView& pool, const workloads::Job& job, double start_s) {
  return job_facility_kwh(site, pool, job) * site.mean_price(start_s, start_s + job.run_time_s(pool.gpu_model));
}

PriceBounds price_bounds(const SiteView& site) {
  const auto known = [](double price) { return std::isnan(price) ? 0.0 : price; };
  PriceBounds bounds{known(site.electricity_price_per_kwh), known(site.electricity_price_per_kwh)};
  for (const auto& entry : site.price_schedule) {
    const double price = known(entry.second);
    bounds.low = std::min(bounds.low, price);
    bounds.high = std::max(bounds.high, price);
  }
  return bounds;
}

double job_carbon_kg(const SiteView& site, const PoolView& pool, const workloads::Job& job) {
  return job_facility_kwh(site, pool, job) * site.effective_carbon_g_per_kwh() / 1000.0;
}

double transfer_yuan(const ClusterView& view, const workloads::Job& job, int site, double yuan_per_gb) {
  if (view.data_site(job) == site || job.dataset_bytes <= 0.0) return 0.0;
  return job.dataset_bytes / 1e9 * yuan_per_gb;
}

bool is_deferrable(const workloads::Job& job) {
  return job.kind == workloads::JobKind::BATCH_INFERENCE || job.kind == workloads::JobKind::FINE_TUNING ||
         job.priority < 0;
}

}  // namespace aicn::policy
