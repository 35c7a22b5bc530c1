#include "aicn/results/progress.hpp"

#include <algorithm>
#include <cstdio>

#include "aicn/topology/units.hpp"

namespace aicn::results {

namespace {
constexpr double kQuietSeconds = 2.0;
constexpr double kRefreshSeconds = 0.5;
}  // namespace

ProgressLine::ProgressLine(double horizon_s, std::uint64_t max_jobs)
    : horizon_s_(horizon_s), max_jobs_(max_jobs), start_(Clock::now()), last_print_(start_) {}

double ProgressLine::fraction(const ProgressState& state) const {
  const bool by_time = horizon_s_ > 0;
  const bool by_jobs = max_jobs_ > 0;
  if (!by_time && !by_jobs) return -1.0;
  double arrivals = 0.0;
  if (by_time) arrivals = std::max(arrivals, state.sim_time_s / horizon_s_);
  if (by_jobs) arrivals = std::max(arrivals, static_cast<double>(state.jobs_submitted) / static_cast<double>(max_jobs_));
  if (arrivals < 1.0) return arrivals;
  // Arrivals over: the run lasts until what was submitted is done.
  if (state.jobs_submitted == 0) return 1.0;
  return std::min(1.0, static_cast<double>(state.jobs_done) / static_cast<double>(state.jobs_submitted));
}

std::string ProgressLine::text(const ProgressState& state) const {
  const double share = fraction(state);
  std::string line = "[aicn] ";
  char buffer[96];
  if (share >= 0) {
    std::snprintf(buffer, sizeof buffer, "%.1f %% | ", 100.0 * share);
    line += buffer;
  }
  line += "simulated " + units::format_duration(state.sim_time_s);
  const bool arrivals_over = (horizon_s_ > 0 && state.sim_time_s >= horizon_s_) ||
                             (max_jobs_ > 0 && state.jobs_submitted >= max_jobs_);
  if (arrivals_over)
    line += " (arrivals over)";
  else if (horizon_s_ > 0)
    line += " of " + units::format_duration(horizon_s_);
  line += " | jobs " + std::to_string(state.jobs_done) + " done of " + std::to_string(state.jobs_submitted) + " submitted";
  if (max_jobs_ > 0 && !arrivals_over) line += " (max " + std::to_string(max_jobs_) + ")";
  if (state.elapsed_s > 0) {
    std::snprintf(buffer, sizeof buffer, " | %.0fk events/s", static_cast<double>(state.events) / state.elapsed_s / 1000.0);
    line += buffer;
  }
  // The time left at the rate so far; nothing until there is a rate to go by.
  if (share > 0 && share < 1 && state.elapsed_s > 0)
    line += " | about " + units::format_duration(state.elapsed_s * (1.0 - share) / share) + " left";
  return line;
}

void ProgressLine::update(double sim_time_s, std::uint64_t jobs_done, std::uint64_t jobs_submitted, std::uint64_t events) {
  const auto now = Clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (elapsed < kQuietSeconds || std::chrono::duration<double>(now - last_print_).count() < kRefreshSeconds) return;
  last_print_ = now;
  printed_ = true;
  // Cleared to the end of the line: the text may be shorter than the last one.
  std::fprintf(stderr, "\r%s\x1b[K", text({sim_time_s, jobs_done, jobs_submitted, events, elapsed}).c_str());
  std::fflush(stderr);
}

void ProgressLine::finish() {
  if (printed_) std::fprintf(stderr, "\n");
}

}  // namespace aicn::results
