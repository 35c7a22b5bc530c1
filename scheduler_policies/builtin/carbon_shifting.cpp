// temporal-shifting, spatial-shifting and carbon-shifting: run flexible jobs when and where
// the FORECAST grid carbon is lowest (docs/flexible-jobs.md). The policies read only the
// view's forecast (SiteView::carbon_schedule, noisy with scenario key `forecast`), never the
// actual future.
//
// temporal-shifting (Wiesner et al., "Let's Wait Awhile: How Temporal Workload Shifting Can
// Reduce Carbon Emissions in the Cloud", Middleware 2021): at its home site (its origin hub's
// home site, else the first site that can hold it), a job with a deadline (or, with
// `max_delay` > 0, any job: deadline = earliest start + run time + max_delay) gets a plan the
// first time it is seen, from its earliest start to its deadline:
//  - not interruptible: the start of the lowest-carbon window of its run time, among its
//    earliest start and the slot boundaries after it (lowest_carbon_window); held until then;
//  - interruptible: the lowest-carbon slots until they hold its run time (lowest_carbon_slots);
//    placed when a chosen slot begins, SUSPENDED (Decision::suspend) when one ends and the next
//    chosen slot does not follow at once, placed again at the next one. With `interrupt: false`
//    interruptible jobs are planned as the others.
// A plan is kept: a job is planned once, on the forecast of that moment. A job whose plan is
// used up (work lost at a suspension, a queue that delayed it) runs to its end without more
// suspensions. Jobs without a deadline (and max_delay 0) are placed at once.
// spatial-shifting: each job starts now at the site of lowest forecast grid carbon per IT kWh
// (mean over its run x PUE x (1 - green share)) among the sites that can hold it and are
// within its latency budget: one-way route latency from its home site at most the job's
// latency_budget_s, else the `latency_budget` parameter (0 = any reachable site).
// carbon-shifting: both: at each such site the temporal plan, then the site whose plan has
// the lowest carbon per IT kWh (home site first on ties).
//
// Slots are `slot` long (0 = the scenario's dispatch_tick): set dispatch_tick to the slot, so
// that the policy is asked at every slot boundary (without ticks a held job waits for the
// next event). A chosen pool that is busy queues the job (the plan does not see queues).
// Parameters: slot (0s), max_delay (0s), latency_budget (0s), interrupt (true).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "aicn/policy/builtin_helpers.hpp"
#include "aicn/policy/carbon_plan.hpp"
#include "aicn/policy/dispatch_policy.hpp"

namespace aicn::policy {
namespace {

enum class Shift { TEMPORAL, SPATIAL, BOTH };

struct JobPlan {
  int site = -1;
  int pool = -1;
  bool interruptible = false;  ///< planned in slots, suspended between them
  CarbonPlan plan;
};

template <Shift kShift>
class CarbonShifting final : public DispatchPolicy {
 public:
  explicit CarbonShifting(const PolicyContext& context)
      : slot_s_(kShift == Shift::SPATIAL ? 0.0 : context.params.number("slot")),
        max_delay_s_(kShift == Shift::SPATIAL ? 0.0 : context.params.number("max_delay")),
        latency_budget_s_(kShift == Shift::TEMPORAL ? 0.0 : context.params.number("latency_budget")),
        interrupt_(kShift == Shift::SPATIAL ? false : context.params.boolean("interrupt")) {}

  std::vector<Decision> decide(const ClusterView& view, std::span<const workloads::Job* const> pending) override {
    std::vector<Decision> decisions;
    const double now = view.now_s;
    suspend_outside_plans(view, decisions);
    for (const workloads::Job* job : pending) {
      auto known = plans_.find(job->id);
      if (known == plans_.end()) {
        std::optional<JobPlan> made = make_plan(view, *job);
        if (!made) {
          decisions.push_back(hold_or_reject(view, *job));
          continue;
        }
        known = plans_.emplace(job->id, std::move(*made)).first;
      }
      const JobPlan& plan = known->second;
      const bool used_up = now >= plan.plan.last_end_s() - kEpsilon_s;
      const bool go = plan.interruptible ? plan.plan.runs_at(now + kEpsilon_s) || used_up
                                         : now >= plan.plan.runs.front().first - kEpsilon_s;
      if (!go || now < job->earliest_start_s || view.sites[static_cast<std::size_t>(plan.site)].down) {
        decisions.push_back(Decision::hold(job->id));
        continue;
      }
      decisions.push_back(Decision::place(job->id, plan.site, plan.pool));
      if (!plan.interruptible) plans_.erase(known);  // no later decision needs it
    }
    forget_finished(view, pending);
    return decisions;
  }

 private:
  static constexpr double kEpsilon_s = 1e-6;  ///< slot boundaries computed two ways may differ by rounding

  double slot_s(const ClusterView& view) const { return slot_s_ > 0.0 ? slot_s_ : view.dispatch_tick_s; }

  /// Running jobs planned in slots that are outside them now, with a chosen slot still ahead.
  void suspend_outside_plans(const ClusterView& view, std::vector<Decision>& decisions) const {
    for (const SiteView& site : view.sites)
      for (const PoolView& pool : site.pools)
        for (const RunningJobView& running : pool.running) {
          const auto known = plans_.find(running.id);
          if (known == plans_.end() || !known->second.interruptible) continue;
          const CarbonPlan& plan = known->second.plan;
          if (!plan.runs_at(view.now_s + kEpsilon_s) && view.now_s < plan.last_end_s() - kEpsilon_s)
            decisions.push_back(Decision::suspend(running.id));
        }
  }

  /// The plan at one site and pool (nothing to shift: a run from the earliest start).
  JobPlan plan_at(const ClusterView& view, int site, int pool, const workloads::Job& job) const {
    const SiteView& at = view.sites[static_cast<std::size_t>(site)];
    const double from = std::max(view.now_s, job.earliest_start_s);
    const double run = job.run_time_s(at.pools[static_cast<std::size_t>(pool)].gpu_model);
    double deadline = job.deadline_s;
    if (!job.has_deadline() && max_delay_s_ > 0.0) deadline = from + run + max_delay_s_;
    JobPlan plan{site, pool, false, {}};
    const bool shifts = kShift != Shift::SPATIAL && std::isfinite(deadline) && slot_s(view) > 0.0;
    if (shifts && interrupt_ && job.interruptible) {
      plan.interruptible = true;
      plan.plan = lowest_carbon_slots(at, from, deadline, run, slot_s(view));
    } else {
      plan.plan = lowest_carbon_window(at, from, shifts ? deadline : from + run, run, shifts ? slot_s(view) : 0.0);
    }
    return plan;
  }

  /// Carbon per IT kWh of a plan at its site: the forecast mean x PUE x (1 - green share).
  static double plan_carbon(const ClusterView& view, const JobPlan& plan) {
    const SiteView& site = view.sites[static_cast<std::size_t>(plan.site)];
    const double green = std::isnan(site.green_share) ? 0.0 : site.green_share;
    return plan.plan.mean_g_per_kwh * site.pue * (1.0 - green);
  }

  std::optional<JobPlan> make_plan(const ClusterView& view, const workloads::Job& job) const {
    const int home = view.hub_home_site[static_cast<std::size_t>(job.origin_hub)];
    if (kShift == Shift::TEMPORAL) {
      int site = eligible_pool(view, home, job) >= 0 ? home : -1;
      for (int s = 0; site < 0 && s < static_cast<int>(view.sites.size()); ++s)
        if (eligible_pool(view, s, job) >= 0) site = s;
      if (site < 0) return std::nullopt;
      return plan_at(view, site, eligible_pool(view, site, job), job);
    }
    const double budget = job.latency_budget_s > 0.0 ? job.latency_budget_s : latency_budget_s_;
    std::optional<JobPlan> best;
    double best_carbon = std::numeric_limits<double>::infinity();
    // The home site first, so that it wins ties; then the others in layout order.
    std::vector<int> order{home};
    for (int s = 0; s < static_cast<int>(view.sites.size()); ++s)
      if (s != home) order.push_back(s);
    for (const int s : order) {
      const int pool = eligible_pool(view, s, job);
      if (pool < 0 || (budget > 0.0 && !(view.latency_s(home, s) <= budget))) continue;
      JobPlan plan = plan_at(view, s, pool, job);
      const double carbon = plan_carbon(view, plan);
      if (!best || carbon < best_carbon) {  // NaN (no carbon figure) never wins over a known one
        best_carbon = std::isnan(carbon) ? std::numeric_limits<double>::infinity() : carbon;
        best = std::move(plan);
      }
    }
    return best;
  }

  /// Drops the plans of jobs neither pending nor running (ended, or placed once for good).
  void forget_finished(const ClusterView& view, std::span<const workloads::Job* const> pending) {
    if (plans_.size() < 64 || plans_.size() < 2 * (pending.size() + live_hint_)) return;
    std::set<std::uint64_t> live;
    for (const workloads::Job* job : pending) live.insert(job->id);
    for (const SiteView& site : view.sites)
      for (const PoolView& pool : site.pools) {
        for (const RunningJobView& job : pool.running) live.insert(job.id);
        for (const WaitingJobView& job : pool.queue) live.insert(job.id);
        for (const WaitingJobView& job : pool.inbound) live.insert(job.id);
      }
    std::erase_if(plans_, [&](const auto& entry) { return live.count(entry.first) == 0; });
    live_hint_ = plans_.size();
  }

  double slot_s_, max_delay_s_, latency_budget_s_;
  bool interrupt_;
  std::map<std::uint64_t, JobPlan> plans_;  ///< by job id: ordered, so iteration is deterministic
  std::size_t live_hint_ = 0;
};

using TemporalShifting = CarbonShifting<Shift::TEMPORAL>;
using SpatialShifting = CarbonShifting<Shift::SPATIAL>;
using TemporalSpatialShifting = CarbonShifting<Shift::BOTH>;

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_POLICY(aicn::policy::TemporalShifting, "temporal-shifting",
                     "starts each job with a deadline in the lowest-forecast-carbon window before it at its home "
                     "site; interruptible jobs run in the lowest slots (Wiesner et al., Middleware 2021)",
                     aicn::registry::duration("slot", "0s", "length of a time slot (0: the scenario's dispatch_tick)"),
                     aicn::registry::duration("max_delay", "0s",
                                              "jobs without a deadline may wait this long past their run (0: not shifted)"),
                     aicn::registry::boolean("interrupt", "true",
                                             "suspend interruptible jobs between their slots (false: one window each)"))
AICN_REGISTER_POLICY(aicn::policy::SpatialShifting, "spatial-shifting",
                     "starts each job now at the site of lowest forecast grid carbon within its latency budget",
                     aicn::registry::duration("latency_budget", "0s",
                                              "most one-way latency from the job's home site for jobs without their "
                                              "own budget (0: any reachable site)"))
AICN_REGISTER_POLICY(aicn::policy::TemporalSpatialShifting, "carbon-shifting",
                     "temporal-shifting at every site within the latency budget; the site whose plan has the lowest "
                     "forecast carbon wins",
                     aicn::registry::duration("slot", "0s", "length of a time slot (0: the scenario's dispatch_tick)"),
                     aicn::registry::duration("max_delay", "0s",
                                              "jobs without a deadline may wait this long past their run (0: not shifted)"),
                     aicn::registry::duration("latency_budget", "0s",
                                              "most one-way latency from the job's home site for jobs without their "
                                              "own budget (0: any reachable site)"),
                     aicn::registry::boolean("interrupt", "true",
                                             "suspend interruptible jobs between their slots (false: one window each)"))
