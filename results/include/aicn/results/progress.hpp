#pragma once
/// @file progress.hpp
/// A one-line progress display on stderr for long runs: simulated time reached, jobs done,
/// event rate. It stays silent for the first seconds so short runs print nothing.
#include <chrono>
#include <cstdint>

namespace aicn::results {

class ProgressLine {
 public:
  /// `horizon_s` > 0 adds "of <horizon>" to the simulated time.
  explicit ProgressLine(double horizon_s);
  void update(double sim_time_s, std::uint64_t jobs_done, std::uint64_t jobs_submitted, std::uint64_t events);
  /// Ends the line if anything was printed.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  double horizon_s_;
  Clock::time_point start_;
  Clock::time_point last_print_;
  bool printed_ = false;
};

}  // namespace aicn::results
