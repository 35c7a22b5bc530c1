#pragma once
/// @file censored_wait.hpp
/// A wait that does not flatter a policy which leaves work queued: summary.json's wait counts
/// finished jobs only, so a policy that never starts the hard jobs looks fast. Here a compute
/// job that never started waits until the run's end (right-censored there), beside the
/// finished-only figure.
#include <cstdint>
#include <string>
#include <vector>

#include "aicn/results/trace_reader.hpp"

namespace aicn::results {

struct CensoredWait {
  std::uint64_t count = 0;  ///< compute jobs counted (not rejected)
  std::uint64_t censored = 0;  ///< of which never started: their wait is end_s - submit_s
  double mean_s = 0.0;
  double p95_s = 0.0;  ///< same percentile rule as summary.json (Distribution::of)
};

/// Over the compute jobs (every kind but data-transfer) of a trace's /jobs rows: a job that
/// started waited start_s - submit_s, one that never started (unfinished or failed) waited
/// end_s - submit_s; rejected jobs are left out (they are counted on their own). NaN figures
/// when no job counts.
CensoredWait censored_wait(const std::vector<NamedJobRow>& jobs, double end_s);

}  // namespace aicn::results
