#pragma once
/// @file energy_helpers.hpp
/// Estimates the energy-, carbon- and market-aware built-in policies share: where a job could
/// start and when, and what its run would cost in kWh, yuan and kg CO2 at each such place.
#include <vector>

#include "aicn/policy/builtin_helpers.hpp"
#include "aicn/policy/cluster_view.hpp"
#include "aicn/workloads/job.hpp"

namespace aicn::policy {

/// A pool that could run the job now (eligible_pools), and the estimated delay before it
/// starts there: data transfer time + the pool's expected wait (counting this call's earlier
/// placements).
struct Candidate {
  int site = -1;
  int pool = -1;
  double start_delay_s = 0.0;
};

/// Every pool of every site that is up and could ever hold `job`, in layout order.
std::vector<Candidate> candidate_pools(const ClusterView& view, const ProjectedPools& pools, const workloads::Job& job);
/// The same into `candidates` (cleared first), so a policy can reuse one list for every job.
void candidate_pools(const ClusterView& view, const ProjectedPools& pools, const workloads::Job& job,
                     std::vector<Candidate>& candidates);

/// The candidate with the smallest start delay (first listed on ties); `candidates` not empty.
const Candidate& soonest(const std::vector<Candidate>& candidates);

/// Facility energy of the job's run on `pool` at `site`, kWh: the job's GPUs (or its share of
/// one) x the pool's busy IT power per GPU x its run time on that model x the site's PUE now.
/// NaN when the pool's power is unknown.
double job_facility_kwh(const SiteView& site, const PoolView& pool, const workloads::Job& job);
/// Electricity cost of that run, yuan, at the site's mean price over [start, start + run time]
/// (time-of-use schedule included). NaN when the price is unknown.
double job_electricity_yuan(const SiteView& site, const PoolView& pool, const workloads::Job& job, double start_s);
/// The lowest and highest price per kWh a run starting now or later can be charged at `site`:
/// the hull of the price now and every scheduled price, an unknown (NaN) one counted as 0, as
/// the energy accounting (and the broker) counts an unknown price. SiteView::mean_price over any
/// window from now on, NaN read as 0, lies in it up to rounding (a weighted mean of those prices).
struct PriceBounds {
  double low = 0.0;
  double high = 0.0;
};
PriceBounds price_bounds(const SiteView& site);
/// Grid carbon of that run, kg CO2: facility kWh x grid factor x (1 - green share). NaN when
/// the site's carbon factor is unknown.
double job_carbon_kg(const SiteView& site, const PoolView& pool, const workloads::Job& job);
/// Cost of moving the job's dataset to `site` at `yuan_per_gb` (0 when the data is there).
double transfer_yuan(const ClusterView& view, const workloads::Job& job, int site, double yuan_per_gb);

/// Job classes a carbon- or price-aware policy may delay: batch inference, fine-tuning, and
/// any job of negative priority (the default priority is 0).
bool is_deferrable(const workloads::Job& job);

}  // namespace aicn::policy
