// split-when-needed: place each job where it is expected to start soonest, as
// shortest-expected-wait does; split a training job over two sites only when no single site
// can start it within `max_wait` (or none can ever hold it).
//
// A split uses GPUs free now (the runtime never queues part of a job): among pairs of sites
// whose accepted pools have enough free GPUs together, it takes the pair joined by the widest
// route (then the shortest latency, then layout order), because the WAN exchange of every step
// runs at that route's bottleneck bandwidth. The first site gets as many GPUs as it has free,
// in multiples of `part_multiple`, the second the rest. Jobs that cannot be split (not
// training, no stated model size, a fixed duration) are placed or held as by
// shortest-expected-wait.
#include <algorithm>
#include <limits>
#include <map>
#include <optional>

#include "aicn/policy/builtin_helpers.hpp"
#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/topology/checked_number.hpp"

namespace aicn::policy {
namespace {

bool splittable(const workloads::Job& job) {
  return (job.kind == workloads::JobKind::TRAINING || job.kind == workloads::JobKind::FINE_TUNING) &&
         job.duration_s <= 0.0 && (job.checkpoint_bytes > 0.0 || job.memory_bytes > 0.0) && job.gpus >= 2;
}

class SplitWhenNeeded final : public DispatchPolicy {
 public:
  explicit SplitWhenNeeded(const PolicyContext& context)
      : max_wait_s_(context.params.number("max_wait")),
        multiple_(checked::narrow<int>(context.params.integer("part_multiple"), "part_multiple", 1, 1'000'000)) {}

  std::vector<Decision> decide(const ClusterView& view, std::span<const workloads::Job* const> pending) override {
    ProjectedPools pools(view);
    taken_.clear();
    std::vector<Decision> decisions;
    for (const workloads::Job* job : pending) {
      std::optional<PoolChoice> best;
      double best_start = std::numeric_limits<double>::infinity();
      for (std::size_t s = 0; s < view.sites.size(); ++s) {
        const int site = static_cast<int>(s);
        const int pool = eligible_pool(view, site, *job);
        if (pool < 0) continue;
        const double start = pools.transfer_estimate_s(*job, site) + pools.expected_wait_s(site, pool, job->gpus);
        if (!best || start < best_start) {
          best_start = start;
          best = PoolChoice{site, pool};
        }
      }
      if (best && best_start <= max_wait_s_) {
        pools.add_placed(best->site, best->pool, *job);
        decisions.push_back(Decision::place(job->id, best->site, best->pool));
        continue;
      }
      if (splittable(*job)) {
        if (auto parts = choose_split(view, *job)) {
          for (const PlacementPart& part : *parts) taken_[{part.site, part.pool}] += part.gpus;
          decisions.push_back(Decision::split(job->id, std::move(*parts)));
          continue;
        }
      }
      if (best) {
        pools.add_placed(best->site, best->pool, *job);
        decisions.push_back(Decision::place(job->id, best->site, best->pool));
      } else if (splittable(*job) && could_ever_split(view, *job)) {
        decisions.push_back(Decision::hold(job->id));  // too big for any one pool: wait for two to free up
      } else {
        decisions.push_back(hold_or_reject(view, *job));
      }
    }
    return decisions;
  }

 private:
  /// The pool at `site` with the most GPUs free now (less this call's splits) that accepts
  /// the job, and that count; pool -1 when none.
  std::pair<int, int> freest_pool(const ClusterView& view, int site, const workloads::Job& job) const {
    std::pair<int, int> best{-1, 0};
    const SiteView& view_site = view.sites[static_cast<std::size_t>(site)];
    for (std::size_t p = 0; p < view_site.pools.size(); ++p) {
      const PoolView& pool = view_site.pools[p];
      if (!job.accepts(pool.gpu_model)) continue;
      const auto taken = taken_.find({site, static_cast<int>(p)});
      const int free = pool.free_gpus - (taken == taken_.end() ? 0 : taken->second);
      if (free > best.second) best = {static_cast<int>(p), free};
    }
    return best;
  }

  std::optional<std::vector<PlacementPart>> choose_split(const ClusterView& view, const workloads::Job& job) const {
    std::optional<std::vector<PlacementPart>> best;
    double best_bandwidth = -1.0, best_latency = 0.0;
    const int n = static_cast<int>(view.sites.size());
    for (int a = 0; a < n; ++a) {
      const auto [pool_a, free_a] = freest_pool(view, a, job);
      if (pool_a < 0) continue;
      const int first = std::min(free_a / multiple_ * multiple_, job.gpus - multiple_);
      if (first < multiple_) continue;
      for (int b = 0; b < n; ++b) {
        if (b == a || !(view.bandwidth_bps(a, b) > 0.0)) continue;
        const auto [pool_b, free_b] = freest_pool(view, b, job);
        if (pool_b < 0 || free_b < job.gpus - first) continue;
        const double bandwidth = view.bandwidth_bps(a, b), latency = view.latency_s(a, b);
        if (bandwidth > best_bandwidth || (bandwidth == best_bandwidth && latency < best_latency)) {
          best_bandwidth = bandwidth;
          best_latency = latency;
          best = std::vector<PlacementPart>{{a, pool_a, first}, {b, pool_b, job.gpus - first}};
        }
      }
    }
    return best;
  }

  /// Whether two connected sites hold enough installed GPUs of accepted models for the job.
  bool could_ever_split(const ClusterView& view, const workloads::Job& job) const {
    std::vector<int> installed(view.sites.size(), 0);
    for (std::size_t s = 0; s < view.sites.size(); ++s)
      for (const PoolView& pool : view.sites[s].pools)
        if (job.accepts(pool.gpu_model)) installed[s] = std::max(installed[s], pool.installed_gpus);
    for (std::size_t a = 0; a < installed.size(); ++a)
      for (std::size_t b = a + 1; b < installed.size(); ++b)
        if (installed[a] + installed[b] >= job.gpus && view.bandwidth_bps(static_cast<int>(a), static_cast<int>(b)) > 0.0)
          return true;
    return false;
  }

  double max_wait_s_;
  int multiple_;
  std::map<std::pair<int, int>, int> taken_;  ///< GPUs this call's splits took, per (site, pool)
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_POLICY(aicn::policy::SplitWhenNeeded, "split-when-needed",
                     "shortest-expected-wait, but split a training job over the two best-connected sites with free "
                     "GPUs when no single site can start it within max_wait (see docs/cross-site-training.md)",
                     aicn::registry::duration("max_wait", "6h",
                                              "split only when the best single site's expected start is later"),
                     aicn::registry::integer("part_multiple", "64",
                                             "each part's GPUs are a multiple of this (a model replica)")
                         .at_least(1.0))
