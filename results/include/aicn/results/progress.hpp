#pragma once
/// @file progress.hpp
/// A one-line progress display on stderr for long runs: how far the run is (percent), the
/// simulated time and jobs, the event rate and an estimate of the wall time left. It stays
/// silent for the first seconds so short runs print nothing.
///
/// How far: arrivals end at the horizon or at max_jobs, whichever comes first, so the share
/// done is the larger of simulated time / horizon and jobs submitted / max_jobs. Once arrivals
/// have ended (a drained run past its horizon, or max_jobs reached) the run lasts until its jobs
/// are done, and the share is jobs done / jobs submitted. A trace that runs out before the
/// horizon cannot be foreseen: its run ends sooner than the estimate.
#include <chrono>
#include <cstdint>
#include <string>

namespace aicn::results {

/// What the run has reached, for the text of the line.
struct ProgressState {
  double sim_time_s = 0;
  std::uint64_t jobs_done = 0;
  std::uint64_t jobs_submitted = 0;
  std::uint64_t events = 0;
  double elapsed_s = 0;  ///< wall time since the run started
};

class ProgressLine {
 public:
  /// `horizon_s` > 0 and `max_jobs` > 0 bound the arrivals (either may be 0: no bound).
  explicit ProgressLine(double horizon_s, std::uint64_t max_jobs = 0);
  void update(double sim_time_s, std::uint64_t jobs_done, std::uint64_t jobs_submitted, std::uint64_t events);
  /// Ends the line if anything was printed.
  void finish();

  /// The share of the run done, in [0, 1], or a negative number when nothing bounds it.
  double fraction(const ProgressState& state) const;
  /// The line itself: "[aicn] 42.0 % | simulated 12d 14:24:00 of 30d 00:00:00 | jobs 410 done
  /// of 520 submitted | 310k events/s | about 00:01:12 left".
  std::string text(const ProgressState& state) const;

 private:
  using Clock = std::chrono::steady_clock;
  double horizon_s_;
  std::uint64_t max_jobs_;
  Clock::time_point start_;
  Clock::time_point last_print_;
  bool printed_ = false;
};

}  // namespace aicn::results
