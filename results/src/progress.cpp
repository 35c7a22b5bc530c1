#include "aicn/results/progress.hpp"

#include <cstdio>

#include "aicn/topology/units.hpp"

namespace aicn::results {

namespace {
constexpr double kQuietSeconds = 2.0;
constexpr double kRefreshSeconds = 0.5;
}  // namespace

ProgressLine::ProgressLine(double horizon_s) : horizon_s_(horizon_s), start_(Clock::now()), last_print_(start_) {}

void ProgressLine::update(double sim_time_s, std::uint64_t jobs_done, std::uint64_t jobs_submitted, std::uint64_t events) {
  const auto now = Clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (elapsed < kQuietSeconds || std::chrono::duration<double>(now - last_print_).count() < kRefreshSeconds) return;
  last_print_ = now;
  printed_ = true;
  const std::string reached = units::format_duration(sim_time_s);
  const std::string horizon = horizon_s_ > 0 ? " of " + units::format_duration(horizon_s_) : "";
  std::fprintf(stderr, "\r[aicn] simulated %s%s | jobs done %llu of %llu submitted | %.0fk events/s   ", reached.c_str(),
               horizon.c_str(), static_cast<unsigned long long>(jobs_done),
               static_cast<unsigned long long>(jobs_submitted), static_cast<double>(events) / elapsed / 1000.0);
  std::fflush(stderr);
}

void ProgressLine::finish() {
  if (printed_) std::fprintf(stderr, "\n");
}

}  // namespace aicn::results
