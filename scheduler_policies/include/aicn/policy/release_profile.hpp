#pragma once
/// @file release_profile.hpp
/// When a pool's GPUs become free, counting GPUs only: the estimate behind
/// PoolView::expected_wait_s and the queue-aware built-in policies.
///
/// Start from the GPUs free now and the running jobs' releases (PoolView::running, which is
/// sorted by end time); let waiting jobs join one by one, in order, each starting as soon as
/// enough GPUs are free and releasing them after its run time. The running list is read in
/// place, never copied or re-sorted, and only as far as the releases a start needs, so the
/// cost is the waiting jobs replayed plus the releases consumed, not the size of the pool.
#include <limits>
#include <utility>
#include <vector>

#include "aicn/policy/cluster_view.hpp"

namespace aicn::policy {

class ReleaseProfile {
 public:
  /// The pool as it is at `now_s`: its free GPUs and its running jobs' releases.
  ReleaseProfile(const PoolView& pool, double now_s);

  /// A job of `gpus` GPUs joins behind the jobs added before; returns when it starts
  /// (infinity once the GPUs can never add up to what some job needs).
  double add_waiting(int gpus, double run_time_s);
  /// When a job of `gpus` GPUs would start if it joined now, without adding it.
  double start_of(int gpus) const;

 private:
  using Release = std::pair<double, int>;  ///< (time, GPUs freed)
  static constexpr double kNever = std::numeric_limits<double>::infinity();

  const PoolView* pool_;
  std::size_t next_running_ = 0;   ///< running[next_running_ ...] have not been released yet
  std::vector<Release> released_;  ///< releases of the jobs added here: a min-heap by time
  /// start_of()'s sorted copy of released_, kept so that asking allocates nothing once grown.
  mutable std::vector<Release> in_order_;
  int free_ = 0;
  double clock_ = 0.0;  ///< start of the last job added (starts are in order)
  bool never_ = false;
};

}  // namespace aicn::policy
