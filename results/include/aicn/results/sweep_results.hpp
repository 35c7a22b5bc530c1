#pragma once
/// @file sweep_results.hpp
/// The figures of an `aicn sweep`: per cell (one combination of axis values) and seed, the
/// metrics of its run; per cell and metric the mean and 95 % CI over seeds, the rank of the
/// cell, and the paired difference against a reference cell over the seeds they share.
/// Written as a tidy CSV (one row per cell x seed x metric), a per-cell statistics CSV and JSON.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aicn/results/censored_wait.hpp"
#include "aicn/results/comparison.hpp"
#include "aicn/results/paired_statistics.hpp"

namespace aicn::results {

/// comparison_metrics() and, after them, the censored waits (wait_censored_mean_h,
/// wait_censored_p95_h: summary.json's wait_censored_s).
const std::vector<MetricDefinition>& sweep_metrics();

/// A run's values in sweep_metrics() order, read from its summary.json.
std::vector<double> read_sweep_metrics(const nlohmann::json& summary);

/// A summary written before summary.json carried wait_censored_s: that block, computed from the
/// run's trace (its /jobs rows), so that such a run folder still counts in a resumed sweep.
nlohmann::json censored_wait_block(const CensoredWait& wait);

struct SweepCell {
  std::string name;                      ///< its folder name, e.g. "policy=least-loaded,layout=west"
  std::vector<std::string> axis_values;  ///< one label per SweepResults::axes
  std::vector<std::uint64_t> seeds;
  std::vector<std::vector<double>> values;  ///< [seed][metric]
};

struct SweepResults {
  std::string name;
  std::vector<std::string> axes;  ///< the axis column names, e.g. "policy.name"
  std::vector<SweepCell> cells;
  std::size_t reference = 0;  ///< the cell others are compared with, seed by seed
};

struct CellMetricStatistics {
  MeanCi over_seeds;
  double rank = 0.0;               ///< 1 = best of the cells (ties share), NaN without a value
  PairedDifference vs_reference;   ///< this cell minus the reference, seed by seed
  double t_p_holm = 0.0;           ///< paired t p-value, Holm-adjusted over the cells compared
};

struct SweepStatistics {
  std::vector<std::vector<CellMetricStatistics>> cells;  ///< [cell][metric]
  std::size_t comparisons = 0;  ///< cells compared with the reference (per metric)
};

/// Throws std::invalid_argument when a cell has no runs or the reference is out of range.
SweepStatistics sweep_statistics(const SweepResults& results);

/// Tidy: cell, every axis, seed, metric, value, and the run's jobs_unfinished and
/// jobs_rejected on every row (so that each wait figure has them beside it).
std::string sweep_csv(const SweepResults& results);
/// One row per cell x metric: n, mean, ci95, rank, and the paired difference to the reference.
std::string sweep_statistics_csv(const SweepResults& results, const SweepStatistics& statistics);
nlohmann::ordered_json sweep_json(const SweepResults& results, const SweepStatistics& statistics);
/// A short terminal table of the main metrics with the paired comparison, and the note on
/// multiple comparisons.
std::string sweep_table(const SweepResults& results, const SweepStatistics& statistics);
/// The note printed and saved when several cells are compared with one reference.
std::string multiple_comparison_note(std::size_t comparisons, std::size_t metrics);

}  // namespace aicn::results
