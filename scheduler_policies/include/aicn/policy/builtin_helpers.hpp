#pragma once
/// @file builtin_helpers.hpp
/// Small building blocks shared by the built-in policies.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "aicn/policy/cluster_view.hpp"
#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/policy/release_profile.hpp"
#include "aicn/workloads/job.hpp"

namespace aicn::policy {

struct PoolChoice {
  int site = -1;
  int pool = -1;
};

/// Calls visit(site, pool) for the pools whose GPU model the job lists (its own or an
/// alternative), in layout order (by site, then pool), each once, until visit returns false.
/// Job::accepts still has to decide (it also checks memory). From pools_by_model when the
/// view has it, so a policy never looks at the pools of other models; by a scan of every pool
/// (visit sees them all) when it has not, or when the job lists a model < 0 or more than
/// kMaxListedModels models.
inline constexpr std::size_t kMaxListedModels = 8;
template <typename Visit>
void for_each_listed_pool(const ClusterView& view, const workloads::Job& job, Visit visit) {
  std::array<const std::vector<PoolRef>*, kMaxListedModels> lists{};
  std::array<topology::GpuModelId, kMaxListedModels> models{};
  std::size_t count = 0;
  bool scan = view.pools_by_model.empty() || 1 + job.alternative_gpu_models.size() > kMaxListedModels;
  const auto list = [&](topology::GpuModelId model) {
    if (model < 0) scan = true;
    if (scan || std::find(models.begin(), models.begin() + static_cast<std::ptrdiff_t>(count), model) !=
                    models.begin() + static_cast<std::ptrdiff_t>(count))
      return;  // listed twice: its pools are visited once
    models[count] = model;
    lists[count++] = static_cast<std::size_t>(model) < view.pools_by_model.size()
                         ? &view.pools_by_model[static_cast<std::size_t>(model)]
                         : nullptr;  // no pool of that model
  };
  list(job.gpu_model);
  for (const topology::GpuModelId model : job.alternative_gpu_models) list(model);
  if (scan) {
    for (std::size_t s = 0; s < view.sites.size(); ++s)
      for (std::size_t p = 0; p < view.sites[s].pools.size(); ++p)
        if (!visit(static_cast<int>(s), static_cast<int>(p))) return;
    return;
  }
  if (count == 1) {  // most jobs list one model: its list as it is
    if (lists[0] != nullptr)
      for (const PoolRef& ref : *lists[0])
        if (!visit(ref.site, ref.pool)) return;
    return;
  }
  // Each model's list is in layout order and a pool has one model: merging them by (site,
  // pool) gives the scan's order.
  std::array<std::size_t, kMaxListedModels> next{};
  while (true) {
    const PoolRef* first = nullptr;
    std::size_t from = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (lists[i] == nullptr || next[i] >= lists[i]->size()) continue;
      const PoolRef& ref = (*lists[i])[next[i]];
      if (first == nullptr || ref.site < first->site || (ref.site == first->site && ref.pool < first->pool)) {
        first = &ref;
        from = i;
      }
    }
    if (first == nullptr) return;
    ++next[from];
    if (!visit(first->site, first->pool)) return;
  }
}

/// least_loaded_pool by a scan of every site and pool (the view has no pools_by_model).
template <typename Eligible>
std::optional<PoolChoice> least_loaded_pool_scan(const ClusterView& view, const workloads::Job& job, Eligible eligible) {
  std::optional<PoolChoice> best;
  int best_free = -1;
  for (std::size_t s = 0; s < view.sites.size(); ++s) {
    const SiteView& site = view.sites[s];
    if (!eligible(site)) continue;
    // The cheapest tests first: a pool with no more free GPUs than the best so far cannot win,
    // so the job's models and the site's route are asked only of pools that would (the same
    // choice as testing everything).
    int reachable = -1;  // not asked yet
    for (std::size_t pool = 0; pool < site.pools.size(); ++pool) {
      const PoolView& p = site.pools[pool];
      if (p.free_gpus <= best_free || p.total_gpus < job.gpus || !job.accepts(p.gpu_model)) continue;
      if (reachable < 0) reachable = view.data_reachable(job, static_cast<int>(s)) ? 1 : 0;
      if (reachable == 0) break;  // no pool of this site qualifies
      best_free = p.free_gpus;
      best = PoolChoice{static_cast<int>(s), static_cast<int>(pool)};
    }
  }
  return best;
}

/// Among sites accepted by `eligible` with a pool of a model the job accepts (its own or a
/// listed alternative with enough memory, Job::accepts) that can ever hold the job, the one
/// with the most free GPUs (first listed on ties); nothing if none qualifies. A site that is
/// down shows no GPUs, and a site the job's data cannot reach now is skipped, so neither
/// qualifies.
template <typename Eligible>
std::optional<PoolChoice> least_loaded_pool(const ClusterView& view, const workloads::Job& job, Eligible eligible) {
  if (view.pools_by_model.empty()) return least_loaded_pool_scan(view, job, eligible);
  // Only the pools of the job's models (this runs at every decision; a scan of every site
  // cost most of a decision), in layout order, so a tie goes to the pool listed first in the
  // view, as in the scan. The cheapest test first: a pool with no more free GPUs than the
  // best so far cannot win.
  std::optional<PoolChoice> best;
  int best_free = -1;
  for_each_listed_pool(view, job, [&](int s, int pool) {
    const SiteView& site = view.sites[static_cast<std::size_t>(s)];
    const PoolView& p = site.pools[static_cast<std::size_t>(pool)];
    if (p.free_gpus <= best_free || p.total_gpus < job.gpus || !eligible(site) || !job.accepts(p.gpu_model) ||
        !view.data_reachable(job, s))
      return true;
    best_free = p.free_gpus;
    best = PoolChoice{s, pool};
    return true;
  });
  return best;
}

/// The pools at `site` that could ever run `job`: a model the job accepts (Job::accepts),
/// at least as many GPUs as the job asks for, and a route for the job's data. None while the
/// site is down.
std::vector<int> eligible_pools(const ClusterView& view, int site, const workloads::Job& job);
/// One of them: the job's own model if the site has it, else the accepted alternative with
/// the most free GPUs; -1 when there is none.
int eligible_pool(const ClusterView& view, int site, const workloads::Job& job);
/// True when a site that is down now, or that the job's data cannot reach now, has a pool
/// that could hold `job` once repaired: the policy should hold the job rather than reject it.
bool fits_when_repaired(const ClusterView& view, const workloads::Job& job);

/// The pools of a view as the policy has changed them within one decide() call: each job
/// placed earlier in the call is counted as inbound where it went, and its data transfer as
/// in flight on its route, so later estimates in the same call see it (otherwise every job
/// of a burst would pick the same pool). Nothing of the view is copied: each pool asked
/// about keeps its ReleaseProfile (queue and inbound replayed once) for the whole call.
class ProjectedPools {
 public:
  explicit ProjectedPools(const ClusterView& view);
  /// The pool as the view shows it (without this call's placements; see placed_gpus).
  const PoolView& pool(int site, int pool) const;
  /// PoolView::expected_wait_s of the pool, counting this call's placements there as inbound.
  double expected_wait_s(int site, int pool, int gpus) const;
  /// GPUs of the jobs this call has placed on the pool.
  long long placed_gpus(int site, int pool) const;
  /// ClusterView::transfer_estimate_s, counting the transfers placed earlier in this call.
  double transfer_estimate_s(const workloads::Job& job, int site) const;
  void add_placed(int site, int pool, const workloads::Job& job);

 private:
  struct Projection {
    ReleaseProfile profile;
    long long placed_gpus = 0;
  };
  /// The pool's projection, made on first use (mutable: a cache of the const view).
  Projection& projection(int site, int pool) const;
  /// Index of (site, pool) in slot_.
  std::size_t slot_of(int site, int pool) const {
    return first_slot_[static_cast<std::size_t>(site)] + static_cast<std::size_t>(pool);
  }

  const ClusterView& view_;
  std::vector<std::size_t> first_slot_;  ///< per site, the slot of its pool 0
  /// Per (site, pool): 1 + index into projections_, 0 = not asked about yet in this call.
  mutable std::vector<std::uint32_t> slot_;
  mutable std::vector<Projection> projections_;
  std::vector<std::pair<std::pair<int, int>, int>> transfers_;  ///< (from, to) -> transfers placed in this call
};

/// The rejection reason for a job no pool could ever hold.
std::string no_fit_reason(const workloads::Job& job);

/// What to do with a job `choose` found no pool for: hold it when a site that is down could
/// hold it once repaired, else reject it with no_fit_reason.
Decision hold_or_reject(const ClusterView& view, const workloads::Job& job);

/// Decides each job on its own: places it where `choose(job)` says; when `choose` finds no
/// pool, holds it if a site that is down could hold it once repaired, else rejects it.
template <typename Choose>
std::vector<Decision> place_each(const ClusterView& view, std::span<const workloads::Job* const> pending,
                                 Choose choose) {
  std::vector<Decision> decisions;
  decisions.reserve(pending.size());
  for (const workloads::Job* job : pending) {
    const std::optional<PoolChoice> target = choose(*job);
    decisions.push_back(target ? Decision::place(job->id, target->site, target->pool) : hold_or_reject(view, *job));
  }
  return decisions;
}

}  // namespace aicn::policy
