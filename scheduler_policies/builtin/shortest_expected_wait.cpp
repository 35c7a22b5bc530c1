// shortest-expected-wait: send each job where it is expected to start soonest.
//
// For every site that could ever hold the job it estimates the start as the time to move the
// dataset there (route latency + size / bottleneck bandwidth) plus the pool's expected wait
// (ClusterView's estimate: running jobs release their GPUs at their end times, the local
// queue and the jobs already moving data there go first). It picks the smallest sum; ties go
// to the site listed first. Jobs placed earlier in the same call count as inbound, so a burst
// of arrivals spreads out. Queue-aware, and it pays for distance only through transfer time.
#include <cmath>
#include <limits>

#include "aicn/policy/builtin_helpers.hpp"
#include "aicn/policy/dispatch_policy.hpp"

namespace aicn::policy {
namespace {

class ShortestExpectedWait final : public DispatchPolicy {
 public:
  std::vector<Decision> decide(const ClusterView& view, std::span<const workloads::Job* const> pending) override {
    ProjectedPools pools(view);
    return place_each(view, pending, [&](const workloads::Job& job) -> std::optional<PoolChoice> {
      std::optional<PoolChoice> best;
      double best_start = std::numeric_limits<double>::infinity();
      for (std::size_t s = 0; s < view.sites.size(); ++s) {
        const int site = static_cast<int>(s);
        const int pool = eligible_pool(view, site, job);
        if (pool < 0) continue;
        const double start =
            pools.transfer_estimate_s(job, site) + pools.expected_wait_s(site, pool, job.gpus);
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

AICN_REGISTER_POLICY(aicn::policy::ShortestExpectedWait, "shortest-expected-wait",
                     "send each job where its estimated start is soonest: data transfer time plus the pool's "
                     "expected queue wait (queue-aware)")
