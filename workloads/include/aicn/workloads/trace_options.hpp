#pragma once
/// @file trace_options.hpp
/// Options every trace reader shares: where replayed jobs come from, how trace time maps to
/// simulated time, and what to do with a malformed line.
///
///   origins:    {HUB: weight, ...}  each job's origin hub, drawn from the seeded stream
///               "trace/origins" (default: every eastern hub with a site, equal weights)
///   time_scale: 1.0     simulated time = trace time x time_scale + time_shift
///   time_shift: 0s      (a duration; time_scale < 1 compresses the trace)
///   skip_bad:   false   skip malformed lines and count them instead of stopping
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/input_limits.hpp"
#include "aicn/topology/layout.hpp"
#include "aicn/topology/units.hpp"
#include "aicn/workloads/distributions.hpp"
#include "aicn/workloads/random_streams.hpp"

namespace aicn::workloads {

struct TraceOptions {
  std::vector<std::pair<int, double>> origin_weights;  ///< hub index, weight
  double time_scale = 1.0;
  double time_shift_s = 0.0;
  bool skip_bad = false;

  /// Reads the shared keys from a reader's spec (other keys are the reader's business).
  static TraceOptions parse(const config::ConfigNode& spec, const topology::Layout& layout);
  double map_time(double trace_s) const { return trace_s * time_scale + time_shift_s; }
};

/// The shared keys, for the readers' expect_keys lists.
#define AICN_TRACE_OPTION_KEYS "origins", "time_scale", "time_shift", "skip_bad"

/// Why hub `name` cannot be where jobs come from in `layout` (unknown, or no site to hold its
/// data), or "" when it can. Shared by the generators and the readers.
std::string origin_hub_problem(const topology::Layout& layout, const std::string& name);

/// Parses `{HUB: weight}` (or every eastern hub with a site when `node` is undefined); each
/// hub must pass origin_hub_problem. Shared by the generators and the readers.
std::vector<std::pair<int, double>> parse_origin_weights(const config::ConfigNode& node, const topology::Layout& layout);

/// The GPU models that some pool of `layout` has.
std::set<topology::GpuModelId> layout_models(const topology::Layout& layout);

/// Parses `{MODEL: weight}`: each model must be known and present in the layout, and at least
/// one must be listed. Or the word `capacity`: every model of the layout, weighted by its
/// installed dense FP16 peak (GPUs x peak), so each model is asked for in proportion to what
/// it can deliver. Shared by the generators.
std::vector<std::pair<topology::GpuModelId, double>> parse_gpu_model_weights(const config::ConfigNode& node,
                                                                             const topology::Layout& layout);

/// Reads the sizing keys that poisson-training and the llm-mix classes share (parameters,
/// tokens, target_duration, utilisation in (0, 1], max_gpus, dataset_bytes_per_token) into
/// `spec`; absent keys keep the spec's defaults.
template <typename Spec>
void parse_training_sizes(const config::ConfigNode& node, Spec& spec) {
  spec.parameters = parse_lognormal(node.child("parameters"), spec.parameters);
  spec.tokens = parse_lognormal(node.child("tokens"), spec.tokens);
  spec.target_duration_s = parse_lognormal(node.child("target_duration"), spec.target_duration_s, units::parse_duration_s);
  if (node.has("utilisation")) {
    const config::ConfigNode utilisation = node.child("utilisation");
    spec.utilisation = utilisation.as_double();
    if (!(spec.utilisation > 0.0 && spec.utilisation <= 1.0))
      utilisation.fail("must be in (0, 1], got '" + utilisation.text() + "'");
  }
  if (node.has("max_gpus")) spec.max_gpus = node.child("max_gpus").as_integer(1, limits::kMaxGpusPerJob);
  if (node.has("dataset_bytes_per_token")) spec.dataset_bytes_per_token = node.child("dataset_bytes_per_token").as_bytes();
}

/// Refuses, naming `rate_node`, a generator whose mean `rate_per_s` over the context's horizon
/// would submit more than limits::kMaxExpectedJobs jobs when max_jobs does not cap it lower.
void check_expected_jobs(const config::ConfigNode& rate_node, double rate_per_s, double horizon_s,
                         std::uint64_t max_jobs);

/// Draws an index from a weight list (weights need not sum to one).
std::size_t draw_weighted(RandomEngine& engine, const std::vector<double>& cumulative);
/// Cumulative weights for draw_weighted.
template <typename Id>
std::vector<double> cumulative_weights(const std::vector<std::pair<Id, double>>& weights) {
  std::vector<double> cumulative;
  double sum = 0.0;
  for (const auto& entry : weights) cumulative.push_back(sum += entry.second);
  return cumulative;
}

/// A resolved absolute path for a reader's `path:` key (relative to the scenario's folder).
std::string resolve_trace_path(const config::ConfigNode& path_node, const std::string& base_dir);

/// Counts what a reader skipped, for `aicn workload stats` and the tests.
struct ReaderCounts {
  std::uint64_t lines_read = 0;   ///< data lines (not comments or headers)
  std::uint64_t bad_lines = 0;    ///< malformed and skipped (skip_bad)
  std::uint64_t filtered = 0;     ///< well-formed but not replayed (CPU-only pods, shifted before time 0)
};

}  // namespace aicn::workloads
