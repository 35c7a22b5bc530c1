// data-gravity: keep a job next to its data unless moving the data gets it started sooner.
//
// The job's dataset lives at its origin hub's home site. Staying there, the job starts after
// the home pool's expected wait. Moving, it starts at another site after the larger of the
// transfer time and that pool's expected wait (the remote queue drains while the data
// moves). The job moves only when the best remote start is strictly earlier than the home
// start, so data stays put on ties and whenever the home site is about as quick. When the
// home site has no pool that could ever hold the job, the best remote site wins. Jobs placed
// earlier in the same call count as inbound where they went.
#include <algorithm>
#include <limits>

#include "aicn/policy/builtin_helpers.hpp"
#include "aicn/policy/dispatch_policy.hpp"

namespace aicn::policy {
namespace {

class DataGravity final : public DispatchPolicy {
 public:
  std::vector<Decision> decide(const ClusterView& view, std::span<const workloads::Job* const> pending) override {
    ProjectedPools pools(view);
    return place_each(view, pending, [&](const workloads::Job& job) -> std::optional<PoolChoice> {
      const double infinity = std::numeric_limits<double>::infinity();
      const int home = view.data_site(job);
      std::optional<PoolChoice> best;
      double best_start = infinity;
      const int home_pool = eligible_pool(view, home, job);
      if (home_pool >= 0) {
        best = PoolChoice{home, home_pool};
        best_start = pools.expected_wait_s(home, home_pool, job.gpus);
      }
      for (std::size_t s = 0; s < view.sites.size(); ++s) {
        const int site = static_cast<int>(s);
        if (site == home) continue;
        const int pool = eligible_pool(view, site, job);
        if (pool < 0) continue;
        const double start = std::max(pools.transfer_estimate_s(job, site),
                                      pools.expected_wait_s(site, pool, job.gpus));
        if (!best || start < best_start) {
          best_start = start;
          best = PoolChoice{site, pool};
        }
      }
      if (best) pools.add_placed(best->site, best->pool, job);
      return best;
    });
  }
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_POLICY(aicn::policy::DataGravity, "data-gravity",
                     "keep a job at the site holding its data unless moving the data there elsewhere gets it "
                     "started sooner by estimate (transfer time vs. queue wait)")
