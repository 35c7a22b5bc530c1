// latency-aware: keep inference services within their latency budget; everything else goes
// where it starts soonest.
//
// A serving job (kind `serving`) with a latency budget (Job::latency_budget_s > 0, the most
// one-way network latency its users at the origin hub accept) may only run at a site whose
// route latency from the origin hub's home site is within that budget (the home site itself
// counts as 0). Among those it takes the soonest start (transfer time + the pool's expected
// wait, as shortest-expected-wait). When no site within the budget could ever hold it, it is
// rejected with a reason naming the budget; when the only ones that could are down now, it is
// held until the repair. Every other job (and a service without a budget) is placed as
// shortest-expected-wait places it. Pools of a model the job accepts (its own or a listed
// alternative with enough memory) all count.
#include <cmath>
#include <cstdio>
#include <limits>

#include "aicn/policy/builtin_helpers.hpp"
#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/policy/energy_helpers.hpp"

namespace aicn::policy {
namespace {

bool has_budget(const workloads::Job& job) {
  return job.kind == workloads::JobKind::INFERENCE_SERVICE && job.latency_budget_s > 0.0;
}

/// One-way latency from the job's users (its origin hub's home site) to `site`.
double user_latency_s(const ClusterView& view, const workloads::Job& job, int site) {
  const int home = view.data_site(job);
  return home == site ? 0.0 : view.latency_s(home, site);
}

class LatencyAware final : public DispatchPolicy {
 public:
  std::vector<Decision> decide(const ClusterView& view, std::span<const workloads::Job* const> pending) override {
    ProjectedPools pools(view);
    std::vector<Decision> decisions;
    for (const workloads::Job* job : pending) {
      const Candidate* best = nullptr;
      const std::vector<Candidate> candidates = candidate_pools(view, pools, *job);
      for (const Candidate& c : candidates) {
        if (has_budget(*job) && user_latency_s(view, *job, c.site) > job->latency_budget_s) continue;
        if (!best || c.start_delay_s < best->start_delay_s) best = &c;
      }
      if (best) {
        pools.add_placed(best->site, best->pool, *job);
        decisions.push_back(Decision::place(job->id, best->site, best->pool));
      } else if (!has_budget(*job) || down_site_within_budget(view, *job)) {
        decisions.push_back(hold_or_reject(view, *job));
      } else {
        char why[160];
        std::snprintf(why, sizeof why, "no site within the latency budget of %.1f ms can hold the service",
                      job->latency_budget_s * 1e3);
        decisions.push_back(Decision::reject(job->id, why));
      }
    }
    return decisions;
  }

 private:
  /// A site that is down now, within the budget, that could hold the job once repaired. Its
  /// routes are down with it, so the latency is the one from the layout's last known state:
  /// unknown here, so any down site with a fitting pool counts (the job is re-checked then).
  static bool down_site_within_budget(const ClusterView& view, const workloads::Job& job) {
    for (std::size_t s = 0; s < view.sites.size(); ++s) {
      const SiteView& site = view.sites[s];
      if (!site.down) continue;
      const double latency = user_latency_s(view, job, static_cast<int>(s));
      if (std::isfinite(latency) && latency > job.latency_budget_s) continue;
      for (const PoolView& pool : site.pools)
        if (job.accepts(pool.gpu_model) && pool.installed_gpus >= job.gpus) return true;
    }
    return false;
  }
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_POLICY(aicn::policy::LatencyAware, "latency-aware",
                     "serving jobs only to sites within their latency budget of the users' hub (rejected with a "
                     "reason when none can hold them), other jobs where they start soonest")
