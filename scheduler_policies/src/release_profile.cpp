#include "aicn/policy/release_profile.hpp"

#include <algorithm>
#include <functional>

namespace aicn::policy {

ReleaseProfile::ReleaseProfile(const PoolView& pool, double now_s) : pool_(&pool), free_(pool.free_gpus), clock_(now_s) {}

double ReleaseProfile::add_waiting(int gpus, double run_time_s) {
  const auto& running = pool_->running;
  // Take releases in time order, from the running list (sorted) or from the jobs added
  // here (the heap), until the job fits.
  while (free_ < gpus) {
    const bool have_running = next_running_ < running.size();
    if (!have_running && released_.empty()) break;
    const bool take_running =
        have_running && (released_.empty() || running[next_running_].end_s <= released_.front().first);
    if (take_running) {
      clock_ = std::max(clock_, running[next_running_].end_s);
      free_ += running[next_running_].gpus;
      ++next_running_;
    } else {
      std::pop_heap(released_.begin(), released_.end(), std::greater<>{});
      clock_ = std::max(clock_, released_.back().first);
      free_ += released_.back().second;
      released_.pop_back();
    }
  }
  never_ = never_ || free_ < gpus;
  free_ -= gpus;
  released_.emplace_back(clock_ + run_time_s, gpus);
  std::push_heap(released_.begin(), released_.end(), std::greater<>{});
  return never_ ? kNever : clock_;
}

double ReleaseProfile::start_of(int gpus) const {
  if (never_) return kNever;
  if (free_ >= gpus) return clock_;
  // Walk the releases in time order without consuming them: the running list by index and
  // a sorted copy of the (small) heap of added jobs.
  std::vector<Release>& added = in_order_;
  added.assign(released_.begin(), released_.end());
  std::sort(added.begin(), added.end());
  const auto& running = pool_->running;
  std::size_t r = next_running_;
  std::size_t a = 0;
  int free = free_;
  double clock = clock_;
  while (free < gpus) {
    const bool have_running = r < running.size();
    if (!have_running && a == added.size()) return kNever;
    if (have_running && (a == added.size() || running[r].end_s <= added[a].first)) {
      clock = std::max(clock, running[r].end_s);
      free += running[r++].gpus;
    } else {
      clock = std::max(clock, added[a].first);
      free += added[a++].second;
    }
  }
  return clock;
}

}  // namespace aicn::policy
