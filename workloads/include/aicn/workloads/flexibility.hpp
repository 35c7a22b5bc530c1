#pragma once
/// @file flexibility.hpp
/// The `flexibility:` block any workload generator takes (docs/flexible-jobs.md): it gives the
/// generated compute jobs an earliest start, a deadline and the interruptible flag.
///
///   flexibility: {start_after: 0, slack: 24h, interruptible: 0.5, kinds: [batch-inference]}
///
/// earliest start = submit + start_after; deadline = earliest start + run time on the job's
/// own model + slack (no slack key: no deadline); each job is interruptible with probability
/// `interruptible` (a draw from the stream "flexibility" of the scenario seed, so the other
/// streams and thus the jobs themselves are the same with or without the block).
#include <memory>
#include <vector>

#include "aicn/workloads/job_source.hpp"

namespace aicn::workloads {

struct FlexibilitySpec {
  double start_after_s = 0.0;
  double slack_s = -1.0;           ///< < 0: no deadline
  double interruptible_share = 0.0;
  std::vector<JobKind> kinds;      ///< empty: every compute kind
};

/// Reads a `flexibility:` block; a ConfigError names the key and value on bad input.
FlexibilitySpec parse_flexibility(const config::ConfigNode& node);

/// Sets the flexible fields of the jobs of `inner` by `spec`.
std::unique_ptr<JobSource> make_flexible_source(std::unique_ptr<JobSource> inner, const FlexibilitySpec& spec,
                                                std::uint64_t seed);

}  // namespace aicn::workloads
