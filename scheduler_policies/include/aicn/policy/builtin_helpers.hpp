#pragma once
/// @file builtin_helpers.hpp
/// Small building blocks shared by the built-in policies.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "aicn/policy/cluster_view.hpp"
#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/workloads/job.hpp"

namespace aicn::policy {

struct PoolChoice {
  int site = -1;
  int pool = -1;
};

/// Among sites accepted by `eligible` whose pool of the job's model can ever hold the job,
/// the one with the most free GPUs (first listed on ties); nothing if none qualifies.
template <typename Eligible>
std::optional<PoolChoice> least_loaded_pool(const ClusterView& view, const workloads::Job& job, Eligible eligible) {
  std::optional<PoolChoice> best;
  int best_free = -1;
  for (std::size_t s = 0; s < view.sites.size(); ++s) {
    const SiteView& site = view.sites[s];
    if (!eligible(site)) continue;
    const int pool = site.pool_of(job.gpu_model);
    if (pool < 0) continue;
    const PoolView& p = site.pools[static_cast<std::size_t>(pool)];
    if (p.total_gpus < job.gpus) continue;
    if (p.free_gpus > best_free) {
      best_free = p.free_gpus;
      best = PoolChoice{static_cast<int>(s), pool};
    }
  }
  return best;
}

/// The pool at `site` that could ever run `job`: its model, at least as many GPUs as the
/// job asks for, and a route for the job's data; -1 when there is none.
int eligible_pool(const ClusterView& view, int site, const workloads::Job& job);

/// The pools of a view as the policy has changed them within one decide() call: each job
/// placed earlier in the call is counted as inbound where it went, and its data transfer as
/// in flight on its route, so later estimates in the same call see it (otherwise every job
/// of a burst would pick the same pool).
class ProjectedPools {
 public:
  explicit ProjectedPools(const ClusterView& view) : view_(view) {}
  const PoolView& pool(int site, int pool) const;
  /// ClusterView::transfer_estimate_s, counting the transfers placed earlier in this call.
  double transfer_estimate_s(const workloads::Job& job, int site) const;
  void add_placed(int site, int pool, const workloads::Job& job);

 private:
  const ClusterView& view_;
  std::vector<std::pair<std::pair<int, int>, PoolView>> changed_;
  std::vector<std::pair<std::pair<int, int>, int>> transfers_;  ///< (from, to) -> transfers placed in this call
};

/// The rejection reason for a job no pool could ever hold.
std::string no_fit_reason(const workloads::Job& job);

/// Decides each job on its own: places it where `choose(job)` says, or rejects it when
/// `choose` finds no pool that could ever hold it.
template <typename Choose>
std::vector<Decision> place_each(std::span<const workloads::Job* const> pending, Choose choose) {
  std::vector<Decision> decisions;
  decisions.reserve(pending.size());
  for (const workloads::Job* job : pending) {
    const std::optional<PoolChoice> target = choose(*job);
    decisions.push_back(target ? Decision::place(job->id, target->site, target->pool)
                               : Decision::reject(job->id, no_fit_reason(*job)));
  }
  return decisions;
}

}  // namespace aicn::policy
