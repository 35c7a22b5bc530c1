#pragma once
/// @file comparison.hpp
/// The figures `aicn compare` puts side by side: one list of metric definitions read from each
/// run's summary.json, the mean and 95 % confidence interval across seeds, and the best value
/// per column. A new figure (energy, cost, carbon) is one more entry in comparison_metrics().
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aicn::results {

struct MetricDefinition {
  std::string column;        ///< CSV/JSON name, e.g. "wait_mean_h"
  std::string label;         ///< table header
  std::string json_pointer;  ///< where the value is in summary.json
  double scale = 1.0;        ///< multiplies the raw value (unit conversion)
  bool lower_is_better = true;
  int decimals = 2;          ///< in the printed table
};

/// The compared metrics, in column order. A metric absent from a summary reads as NaN.
const std::vector<MetricDefinition>& comparison_metrics();

/// Mean and half-width of the 95 % confidence interval of the mean (Student t with n - 1
/// degrees of freedom); the half-width is NaN with fewer than two values.
struct MeanCi {
  std::size_t n = 0;
  double mean = 0.0;
  double half_width = 0.0;
};
MeanCi mean_ci95(const std::vector<double>& values);

/// "1-5", "1,3,9", "2-4,7": seeds in the order given; std::invalid_argument otherwise.
std::vector<std::uint64_t> parse_seed_list(const std::string& text);

/// The metrics of one summary.json, in comparison_metrics() order.
std::vector<double> read_metrics(const nlohmann::json& summary);

struct PolicyRuns {
  std::string policy;
  std::vector<std::uint64_t> seeds;
  std::vector<std::vector<double>> values;  ///< per seed, per metric
};

/// Mean and CI per policy and metric, and which policy is best per metric.
struct Comparison {
  std::vector<PolicyRuns> runs;
  std::vector<std::vector<MeanCi>> stats;  ///< [policy][metric]
  std::vector<int> best;                   ///< per metric: policy index, -1 when no values
};
Comparison compare_runs(std::vector<PolicyRuns> runs);

/// One line per policy: policy, seeds, then mean and ci95 of each metric.
std::string comparison_csv(const Comparison& comparison);
/// Metric definitions, every run's values, and the per-policy statistics.
nlohmann::ordered_json comparison_json(const Comparison& comparison, const std::string& scenario);
/// The terminal table: "mean ± ci" per cell, the best of each column marked with '*'.
std::string comparison_table(const Comparison& comparison);

}  // namespace aicn::results
