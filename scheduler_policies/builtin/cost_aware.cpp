// cost-aware: run each job where its electricity plus data transfer cost the least, among the
// sites that can start it soon.
//
// For every pool that could hold the job (its model or an accepted alternative, a site that
// is up, a route for its data) it estimates the start delay as shortest-expected-wait does
// (transfer time + the pool's expected wait) and the cost as
//   electricity = GPUs x busy IT power per GPU (server overhead included) x run time on that
//                 model x the site's PUE now x the site's mean price over the run (its
//                 time-of-use schedule as the view gives it, starting after the delay)
//   transfer    = dataset GB x `transfer_yuan_per_gb` when the data must move.
// Only pools whose start delay is within `max_extra_wait` of the soonest one compete on cost;
// the cheapest wins (ties: the sooner start, then the first listed). When no competing pool
// has a known price it falls back to the soonest start. Idle power is paid wherever the job
// goes, so using busy power ranks sites as the marginal power would for one GPU model.
// A job no site could ever hold is rejected, one that only a site now down could hold is held
// until the repair. Parameters (scenario `policy: {name: cost-aware, params: {...}}`):
//   max_extra_wait: 2h        how much later than the soonest start a cheaper site may start
//   transfer_yuan_per_gb: 0.05  ASSUMED bulk price of moving a GB between hubs on leased
//                             backbone capacity (public-cloud internet egress lists ~0.5-0.8)
#include <cmath>
#include <limits>

#include "aicn/policy/builtin_helpers.hpp"
#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/policy/energy_helpers.hpp"

namespace aicn::policy {
namespace {

class CostAware final : public DispatchPolicy {
 public:
  explicit CostAware(const PolicyContext& context)
      : max_extra_wait_s_(context.params.number("max_extra_wait")),
        transfer_yuan_per_gb_(context.params.number("transfer_yuan_per_gb")) {}

  std::vector<Decision> decide(const ClusterView& view, std::span<const workloads::Job* const> pending) override {
    ProjectedPools pools(view);
    return place_each(view, pending, [&](const workloads::Job& job) -> std::optional<PoolChoice> {
      const std::vector<Candidate> candidates = candidate_pools(view, pools, job);
      if (candidates.empty()) return std::nullopt;
      const Candidate& first = soonest(candidates);
      const Candidate* best = nullptr;
      double best_cost = std::numeric_limits<double>::infinity();
      for (const Candidate& c : candidates) {
        if (c.start_delay_s > first.start_delay_s + max_extra_wait_s_) continue;  // not soon enough
        const SiteView& site = view.sites[static_cast<std::size_t>(c.site)];
        const double cost = job_electricity_yuan(site, site.pools[static_cast<std::size_t>(c.pool)], job,
                                                 view.now_s + c.start_delay_s) +
                            transfer_yuan(view, job, c.site, transfer_yuan_per_gb_);
        if (std::isnan(cost)) continue;  // unknown price: never preferred on cost
        if (!best || cost < best_cost || (cost == best_cost && c.start_delay_s < best->start_delay_s)) {
          best_cost = cost;
          best = &c;
        }
      }
      if (!best) best = &first;
      pools.add_placed(best->site, best->pool, job);
      return PoolChoice{best->site, best->pool};
    });
  }

 private:
  double max_extra_wait_s_;
  double transfer_yuan_per_gb_;
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_POLICY(aicn::policy::CostAware, "cost-aware",
                     "the cheapest electricity (GPU power x run time x PUE x price over the run) plus data transfer "
                     "(yuan/GB) among sites that can start the job within max_extra_wait of the soonest",
                     aicn::registry::duration("max_extra_wait", "2h",
                                              "how much later than the soonest start a cheaper site may start"),
                     aicn::registry::number("transfer_yuan_per_gb", "0.05",
                                            "ASSUMED bulk price of moving a GB between hubs (yuan/GB)")
                         .at_least(0.0))
