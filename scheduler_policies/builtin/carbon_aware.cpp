// carbon-aware: run each job where its grid carbon is lowest, among the sites that can start
// it soon; optionally delay deferrable jobs for a greener site or cheaper hours.
//
// Candidates and start delays are those of cost-aware (any pool that could hold the job, at a
// site that is up; delay = transfer time + the pool's expected wait). A job's carbon at a pool
// is its facility energy (GPUs x busy IT power per GPU x run time on that model x PUE now)
// times the site's grid factor times (1 - its green share): location-based accounting with
// contracted green power at zero, as the energy summary counts it. Among pools whose start is
// within `max_extra_wait` of the soonest, the lowest carbon wins; ties go to the lower
// electricity + transfer cost (as cost-aware computes it), then the sooner start. Sites with
// no carbon factor are never preferred on carbon; if no competing pool has one, the soonest
// start wins.
//
// Deferral (off by default: `max_delay: 0`). Deferrable jobs are batch inference, fine-tuning
// and jobs of negative priority. For them:
//  - a greener site may start the job up to `max_delay` after its submission (instead of
//    `max_extra_wait` after the soonest start): queueing there is the delay;
//  - if the scenario sets `dispatch_tick` (the view's dispatch_tick_s), the policy holds the
//    job while a known time-of-use price change before submit + max_delay would cut the
//    job's electricity cost at its chosen pool by at least `min_saving` (a fraction), and
//    places it at the first call after that change. Held jobs reserve nothing.
// Limits: grid factors and green shares are annual figures, constant in time in the layout
// data, so "greener hours" do not exist yet: deferral in time can only chase cheaper hours,
// and in space a greener site. Without dispatch_tick it never holds for a price change (no
// call would come at the right time). PUE is taken as now for the whole run.
// Parameters: max_extra_wait (2h), transfer_yuan_per_gb (0.05), max_delay (0), min_saving (0.1).
#include <algorithm>
#include <cmath>
#include <limits>

#include "aicn/policy/builtin_helpers.hpp"
#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/policy/energy_helpers.hpp"

namespace aicn::policy {
namespace {

class CarbonAware final : public DispatchPolicy {
 public:
  explicit CarbonAware(const PolicyContext& context)
      : max_extra_wait_s_(context.params.number("max_extra_wait")),
        transfer_yuan_per_gb_(context.params.number("transfer_yuan_per_gb")),
        max_delay_s_(context.params.number("max_delay")),
        min_saving_(context.params.number("min_saving")) {}

  std::vector<Decision> decide(const ClusterView& view, std::span<const workloads::Job* const> pending) override {
    ProjectedPools pools(view);
    std::vector<Decision> decisions;
    for (const workloads::Job* job : pending) {
      const std::vector<Candidate> candidates = candidate_pools(view, pools, *job);
      if (candidates.empty()) {
        decisions.push_back(hold_or_reject(view, *job));
        continue;
      }
      const Candidate& chosen = choose(view, candidates, *job);
      if (worth_waiting_for_cheaper_hours(view, chosen, *job)) {
        decisions.push_back(Decision::hold(job->id));
        continue;
      }
      pools.add_placed(chosen.site, chosen.pool, *job);
      decisions.push_back(Decision::place(job->id, chosen.site, chosen.pool));
    }
    return decisions;
  }

 private:
  bool defers(const workloads::Job& job) const { return max_delay_s_ > 0.0 && is_deferrable(job); }

  double cost(const ClusterView& view, const Candidate& c, const workloads::Job& job, double start_s) const {
    const SiteView& site = view.sites[static_cast<std::size_t>(c.site)];
    return job_electricity_yuan(site, site.pools[static_cast<std::size_t>(c.pool)], job, start_s) +
           transfer_yuan(view, job, c.site, transfer_yuan_per_gb_);
  }

  const Candidate& choose(const ClusterView& view, const std::vector<Candidate>& candidates, const workloads::Job& job) const {
    const Candidate& first = soonest(candidates);
    double bound = first.start_delay_s + max_extra_wait_s_;
    if (defers(job)) bound = std::max(bound, job.submit_s + max_delay_s_ - view.now_s);
    const Candidate* best = nullptr;
    double best_kg = 0.0, best_cost = 0.0;
    for (const Candidate& c : candidates) {
      if (c.start_delay_s > bound) continue;
      const SiteView& site = view.sites[static_cast<std::size_t>(c.site)];
      const double kg = job_carbon_kg(site, site.pools[static_cast<std::size_t>(c.pool)], job);
      if (std::isnan(kg)) continue;
      double yuan = cost(view, c, job, view.now_s + c.start_delay_s);
      if (std::isnan(yuan)) yuan = std::numeric_limits<double>::infinity();
      const bool better = !best || kg < best_kg ||
                          (kg == best_kg && (yuan < best_cost || (yuan == best_cost && c.start_delay_s < best->start_delay_s)));
      if (better) {
        best = &c;
        best_kg = kg;
        best_cost = yuan;
      }
    }
    return best ? *best : first;
  }

  bool worth_waiting_for_cheaper_hours(const ClusterView& view, const Candidate& c, const workloads::Job& job) const {
    if (!defers(job) || !(view.dispatch_tick_s > 0.0)) return false;
    const double deadline = job.submit_s + max_delay_s_;
    if (view.now_s + view.dispatch_tick_s > deadline) return false;  // the next call would be too late
    const double start_now = view.now_s + c.start_delay_s;
    const double now_cost = cost(view, c, job, start_now);
    if (!(now_cost > 0.0)) return false;
    for (const auto& [change_s, price] : view.sites[static_cast<std::size_t>(c.site)].price_schedule) {
      if (change_s > deadline) break;
      if (change_s <= start_now) continue;  // the queue already delays the job past it
      if (cost(view, c, job, change_s) <= (1.0 - min_saving_) * now_cost) return true;
    }
    return false;
  }

  double max_extra_wait_s_;
  double transfer_yuan_per_gb_;
  double max_delay_s_;
  double min_saving_;
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_POLICY(aicn::policy::CarbonAware, "carbon-aware",
                     "the lowest grid carbon (facility energy x grid factor x (1 - green share)) among sites that can "
                     "start the job soon; optionally delays deferrable jobs (max_delay) for a greener site or cheaper "
                     "hours",
                     aicn::registry::duration("max_extra_wait", "2h",
                                              "how much later than the soonest start a greener site may start"),
                     aicn::registry::number("transfer_yuan_per_gb", "0.05",
                                            "ASSUMED price of moving a GB between hubs (yuan/GB), for ties on carbon")
                         .at_least(0.0),
                     aicn::registry::duration("max_delay", "0s",
                                              "how long after submission a deferrable job may start (0: no deferral)"),
                     aicn::registry::number("min_saving", "0.1",
                                            "fraction of electricity cost a later price change must save to hold a job")
                         .range(0.0, 1.0))
