#include "aicn/policy/cluster_view.hpp"

#include <algorithm>
#include <cmath>

#include "aicn/policy/release_profile.hpp"

namespace aicn::policy {

double PoolView::expected_wait_s(int gpus, double now_s) const {
  if (gpus > total_gpus) return std::numeric_limits<double>::infinity();
  ReleaseProfile profile(*this, now_s);
  for (const auto& job : queue) profile.add_waiting(std::min(job.gpus, total_gpus), job.run_time_s);
  for (const auto& job : inbound) profile.add_waiting(std::min(job.gpus, total_gpus), job.run_time_s);
  return profile.start_of(gpus) - now_s;
}

int SiteView::pool_of(topology::GpuModelId model) const {
  for (std::size_t i = 0; i < pools.size(); ++i)
    if (pools[i].gpu_model == model) return static_cast<int>(i);
  return -1;
}

void ClusterView::index_pools() {
  pools_by_model.clear();
  for (std::size_t s = 0; s < sites.size(); ++s)
    for (std::size_t p = 0; p < sites[s].pools.size(); ++p) {
      const topology::GpuModelId model = sites[s].pools[p].gpu_model;
      if (model < 0) continue;  // no model: no job asks for it
      if (static_cast<std::size_t>(model) >= pools_by_model.size()) pools_by_model.resize(static_cast<std::size_t>(model) + 1);
      pools_by_model[static_cast<std::size_t>(model)].push_back(PoolRef{static_cast<int>(s), static_cast<int>(p)});
    }
}

namespace {

using Schedule = std::vector<std::pair<double, double>>;

/// The value at `t_s` of a figure that is `now_value` now and changes as `schedule` says; the
/// last known value holds beyond it.
double value_at(double now_value, const Schedule& schedule, double t_s) {
  double value = now_value;
  for (const auto& [from_s, changed] : schedule) {
    if (from_s > t_s) break;
    value = changed;
  }
  return value;
}

/// Its time-weighted mean over [t0_s, t1_s], held constant between changes.
double mean_value(double now_value, const Schedule& schedule, double t0_s, double t1_s) {
  if (!(t1_s > t0_s)) return value_at(now_value, schedule, t0_s);
  double total = 0.0;
  double t = t0_s;
  double value = value_at(now_value, schedule, t0_s);
  for (const auto& [from_s, changed] : schedule) {
    if (from_s <= t0_s) continue;
    if (from_s >= t1_s) break;
    total += value * (from_s - t);
    t = from_s;
    value = changed;
  }
  total += value * (t1_s - t);
  return total / (t1_s - t0_s);
}

}  // namespace

double SiteView::price_at(double t_s) const { return value_at(electricity_price_per_kwh, price_schedule, t_s); }

double SiteView::mean_price(double t0_s, double t1_s) const {
  return mean_value(electricity_price_per_kwh, price_schedule, t0_s, t1_s);
}

double SiteView::carbon_at(double t_s) const { return value_at(carbon_g_per_kwh, carbon_schedule, t_s); }

double SiteView::mean_carbon(double t0_s, double t1_s) const {
  return mean_value(carbon_g_per_kwh, carbon_schedule, t0_s, t1_s);
}

double SiteView::effective_carbon_g_per_kwh() const {
  const double green = std::isnan(green_share) ? 0.0 : green_share;
  return carbon_g_per_kwh * (1.0 - green);
}

double ClusterView::latency_s(int from_site, int to_site) const {
  return route_latency_s.at(static_cast<std::size_t>(from_site) * sites.size() + static_cast<std::size_t>(to_site));
}

double ClusterView::bandwidth_bps(int from_site, int to_site) const {
  return route_bandwidth_bps.at(static_cast<std::size_t>(from_site) * sites.size() + static_cast<std::size_t>(to_site));
}

int ClusterView::data_site(const workloads::Job& job) const {
  return hub_home_site.at(static_cast<std::size_t>(job.origin_hub));
}

double ClusterView::transfer_estimate_s(const workloads::Job& job, int site, int extra_transfers) const {
  const int from = data_site(job);
  // Only what the site has no copy of moves (the data set and base model as a whole otherwise).
  const double bytes = bytes_to_move(job, site);
  if (from == site || bytes <= 0.0) return 0.0;
  const double bandwidth = bandwidth_bps(from, site);
  if (!(bandwidth > 0.0)) return std::numeric_limits<double>::infinity();
  const std::size_t route = static_cast<std::size_t>(from) * sites.size() + static_cast<std::size_t>(site);
  const int sharing = (route < route_transfers.size() ? route_transfers[route] : 0) + extra_transfers;
  return latency_s(from, site) + bytes * 8.0 * (1 + sharing) / bandwidth;
}

}  // namespace aicn::policy
