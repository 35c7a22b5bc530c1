#include "aicn/results/comparison.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace aicn::results {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::uint64_t parse_seed(const std::string& text, const std::string& whole) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
    throw std::invalid_argument("--seeds: '" + whole + "' is not a list of seeds such as 1-5 or 1,3,9");
  std::uint64_t seed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (error != std::errc() || end != text.data() + text.size())
    throw std::invalid_argument("--seeds: '" + text + "' in '" + whole + "' must be a whole number from 0 to " +
                                std::to_string(std::numeric_limits<std::uint64_t>::max()));
  return seed;
}

std::string format_number(double value, int decimals) {
  if (std::isnan(value)) return "n/a";
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

}  // namespace

const std::vector<MetricDefinition>& comparison_metrics() {
  // A metric missing from a summary (or null there, e.g. an older run) reads as NaN: "n/a".
  static const std::vector<MetricDefinition> metrics = {
      {"wait_mean_h", "wait mean h", "/wait_s/mean", 1.0 / 3600, true, 2},
      {"wait_p95_h", "wait p95 h", "/wait_s/p95", 1.0 / 3600, true, 2},
      {"completion_mean_h", "completion mean h", "/completion_s/mean", 1.0 / 3600, true, 2},
      {"utilisation_pct", "utilisation %", "/utilisation", 100.0, false, 1},
      {"bytes_moved_tb", "moved TB", "/network/bytes_moved", 1e-12, true, 1},
      {"jobs_finished", "finished", "/jobs/finished", 1.0, false, 0},
      {"jobs_rejected", "rejected", "/jobs/rejected", 1.0, true, 0},
      {"jobs_unfinished", "unfinished", "/jobs/unfinished", 1.0, true, 0},
      {"invalid_decisions", "invalid", "/jobs/invalid_decisions", 1.0, true, 0},
      {"energy_mwh", "energy MWh", "/energy/total/facility_kwh", 1e-3, true, 1},
      {"electricity_cost_myuan", "electricity M yuan", "/energy/total/electricity_cost_yuan", 1e-6, true, 3},
      {"co2_t", "CO2 t", "/energy/total/co2_t", 1.0, true, 1},
      {"revenue_myuan", "revenue M yuan", "/energy/total/revenue_yuan", 1e-6, false, 3},
      // Node pools only (the saturation experiment); n/a for runs without a `placement` block.
      {"alloc_at_100_pct", "alloc @100% load %", "/placement/allocation_at_load/100", 100.0, false, 2},
      {"alloc_at_130_pct", "alloc @130% load %", "/placement/allocation_at_load/130", 100.0, false, 2},
      {"frag_at_100_pct", "frag @100% load %", "/placement/fragmentation_at_load/100", 100.0, true, 2},
      // Leases and price tiers only (docs/leasing.md); n/a for runs without a `leasing` block.
      {"on_demand_wait_mean_h", "on-demand wait mean h", "/leasing/waits/on_demand/wait_s/mean", 1.0 / 3600, true, 2},
      {"on_demand_wait_p95_h", "on-demand wait p95 h", "/leasing/waits/on_demand/wait_s/p95", 1.0 / 3600, true, 2},
      {"on_demand_wait_censored_mean_h", "on-demand wait censored mean h",
       "/leasing/waits/on_demand/wait_censored_s/mean", 1.0 / 3600, true, 2},
      {"on_demand_wait_censored_p95_h", "on-demand wait censored p95 h", "/leasing/waits/on_demand/wait_censored_s/p95",
       1.0 / 3600, true, 2},
      {"lessee_wait_mean_h", "lessee wait mean h", "/leasing/waits/lessee/wait_s/mean", 1.0 / 3600, true, 2},
      {"lessee_wait_censored_mean_h", "lessee wait censored mean h", "/leasing/waits/lessee/wait_censored_s/mean",
       1.0 / 3600, true, 2},
      {"lease_revenue_myuan", "lease revenue M yuan", "/leasing/total/lease_revenue_yuan", 1e-6, false, 3},
      {"on_demand_revenue_myuan", "on-demand revenue M yuan", "/leasing/total/on_demand_revenue_yuan", 1e-6, false, 3},
      {"leased_utilisation_pct", "leased utilisation %", "/leasing/total/leased_utilisation", 100.0, false, 1},
      {"on_demand_utilisation_pct", "on-demand utilisation %", "/leasing/total/on_demand_utilisation", 100.0, false, 1},
      {"idle_paid_kgpu_h", "idle paid k GPU-h", "/leasing/total/idle_paid_gpu_hours", 1e-3, true, 1},
      {"margin_myuan", "margin M yuan", "/leasing/total/margin_yuan", 1e-6, false, 3},
      {"payback_years", "payback years", "/leasing/total/payback_years", 1.0, true, 2},
  };
  return metrics;
}

MeanCi mean_ci95(const std::vector<double>& values) {
  MeanCi result;
  std::vector<double> present;
  for (double v : values)
    if (!std::isnan(v)) present.push_back(v);
  result.n = present.size();
  if (present.empty()) return {0, kNaN, kNaN};
  double sum = 0.0;
  for (double v : present) sum += v;
  result.mean = sum / static_cast<double>(present.size());
  if (present.size() < 2) {
    result.half_width = kNaN;
    return result;
  }
  double squares = 0.0;
  for (double v : present) squares += (v - result.mean) * (v - result.mean);
  const double n = static_cast<double>(present.size());
  const double std_dev = std::sqrt(squares / (n - 1));
  const boost::math::students_t t(n - 1);
  result.half_width = boost::math::quantile(boost::math::complement(t, 0.025)) * std_dev / std::sqrt(n);
  return result;
}

std::vector<std::uint64_t> parse_seed_list(const std::string& text) {
  std::vector<std::uint64_t> seeds;
  std::stringstream parts(text);
  std::string part;
  while (std::getline(parts, part, ',')) {
    const auto dash = part.find('-');
    if (dash == std::string::npos) {
      seeds.push_back(parse_seed(part, text));
      continue;
    }
    const std::uint64_t first = parse_seed(part.substr(0, dash), text);
    const std::uint64_t last = parse_seed(part.substr(dash + 1), text);
    if (last < first) throw std::invalid_argument("--seeds: range '" + part + "' runs backwards");
    if (last - first >= 10000) throw std::invalid_argument("--seeds: range '" + part + "' has more than 10000 seeds");
    for (std::uint64_t seed = first; seed <= last; ++seed) seeds.push_back(seed);
  }
  if (seeds.empty()) throw std::invalid_argument("--seeds: no seed given");
  for (std::size_t i = 0; i < seeds.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (seeds[i] == seeds[j]) throw std::invalid_argument("--seeds: seed " + std::to_string(seeds[i]) + " is listed twice");
  return seeds;
}

std::vector<double> read_metrics(const nlohmann::json& summary) {
  std::vector<double> values;
  for (const auto& metric : comparison_metrics()) {
    const nlohmann::json::json_pointer pointer(metric.json_pointer);
    values.push_back(summary.contains(pointer) && summary.at(pointer).is_number()
                         ? summary.at(pointer).get<double>() * metric.scale
                         : kNaN);
  }
  return values;
}

Comparison compare_runs(std::vector<PolicyRuns> runs) {
  Comparison comparison;
  comparison.runs = std::move(runs);
  const auto& metrics = comparison_metrics();
  for (const auto& policy : comparison.runs) {
    std::vector<MeanCi> stats;
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      std::vector<double> column;
      for (const auto& seed_values : policy.values) column.push_back(seed_values[m]);
      stats.push_back(mean_ci95(column));
    }
    comparison.stats.push_back(std::move(stats));
  }
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    int best = -1;
    for (std::size_t p = 0; p < comparison.stats.size(); ++p) {
      const double mean = comparison.stats[p][m].mean;
      if (std::isnan(mean)) continue;
      const double best_mean = best < 0 ? kNaN : comparison.stats[static_cast<std::size_t>(best)][m].mean;
      if (best < 0 || (metrics[m].lower_is_better ? mean < best_mean : mean > best_mean)) best = static_cast<int>(p);
    }
    // No mark when every policy has the same mean: nothing is best.
    bool all_equal = true;
    for (const auto& stats : comparison.stats)
      if (best >= 0 && stats[m].mean != comparison.stats[static_cast<std::size_t>(best)][m].mean) all_equal = false;
    comparison.best.push_back(all_equal && comparison.stats.size() > 1 ? -1 : best);
  }
  return comparison;
}

std::string comparison_csv(const Comparison& comparison) {
  const auto& metrics = comparison_metrics();
  std::string csv = "policy,seeds";
  for (const auto& metric : metrics) csv += "," + metric.column + "_mean," + metric.column + "_ci95";
  csv += "\n";
  for (std::size_t p = 0; p < comparison.runs.size(); ++p) {
    csv += comparison.runs[p].policy + "," + std::to_string(comparison.runs[p].seeds.size());
    for (const auto& stat : comparison.stats[p]) {
      auto cell = [](double v) {  // empty when unknown
        char text[40] = "";
        if (!std::isnan(v)) std::snprintf(text, sizeof text, "%.10g", v);
        return std::string(text);
      };
      csv += ',';
      csv += cell(stat.mean);
      csv += ',';
      csv += cell(stat.half_width);
    }
    csv += "\n";
  }
  return csv;
}

nlohmann::ordered_json comparison_json(const Comparison& comparison, const std::string& scenario) {
  const auto& metrics = comparison_metrics();
  auto number = [](double v) { return std::isnan(v) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v); };
  nlohmann::ordered_json out;
  out["scenario"] = scenario;
  out["confidence"] = 0.95;
  for (const auto& metric : metrics)
    out["metrics"].push_back({{"column", metric.column},
                              {"summary_json_pointer", metric.json_pointer},
                              {"scale", metric.scale},
                              {"better", metric.lower_is_better ? "lower" : "higher"}});
  for (std::size_t p = 0; p < comparison.runs.size(); ++p) {
    const auto& runs = comparison.runs[p];
    nlohmann::ordered_json policy;
    policy["policy"] = runs.policy;
    policy["seeds"] = runs.seeds;
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      nlohmann::ordered_json entry;
      entry["mean"] = number(comparison.stats[p][m].mean);
      entry["ci95"] = number(comparison.stats[p][m].half_width);
      entry["best"] = comparison.best[m] == static_cast<int>(p);
      for (const auto& seed_values : runs.values) entry["per_seed"].push_back(number(seed_values[m]));
      policy["metrics"][metrics[m].column] = entry;
    }
    out["policies"].push_back(policy);
  }
  return out;
}

std::string comparison_table(const Comparison& comparison) {
  // One row per metric, one column per policy: a dozen metrics side by side made lines of
  // ~230 characters; a few policies side by side stay within a terminal's width.
  const auto& metrics = comparison_metrics();
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header{"metric"};
  for (const auto& runs : comparison.runs) header.push_back(runs.policy);
  rows.push_back(header);
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    std::vector<std::string> row{metrics[m].label + (metrics[m].lower_is_better ? " (lower better)" : " (higher better)")};
    for (std::size_t p = 0; p < comparison.runs.size(); ++p) {
      const MeanCi& stat = comparison.stats[p][m];
      std::string cell = format_number(stat.mean, metrics[m].decimals);
      if (!std::isnan(stat.half_width)) cell += " ± " + format_number(stat.half_width, metrics[m].decimals);
      cell += comparison.best[m] == static_cast<int>(p) ? " *" : "  ";
      row.push_back(cell);
    }
    rows.push_back(row);
  }
  // Column widths in characters: "±" is one character but two bytes in UTF-8.
  auto width_of = [](const std::string& text) {
    std::size_t width = 0;
    for (unsigned char c : text)
      if ((c & 0xC0) != 0x80) ++width;
    return width;
  };
  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], width_of(row[c]));
  std::string table;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& row = rows[r];
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      // A policy name over its column of values: right-aligned like them, past their "  " or " *".
      const std::string cell = r == 0 && c > 0 ? row[c] + "  " : row[c];
      const std::size_t width = std::max(widths[c], width_of(cell));
      const std::string padding(width - std::min(width, width_of(cell)), ' ');
      line += c == 0 ? cell + padding : "  " + padding + cell;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    table += line + "\n";
  }
  const std::size_t seeds = comparison.runs.empty() ? 0 : comparison.runs.front().seeds.size();
  if (seeds == 1)
    table += "one seed: no confidence interval (give --seeds 1-5 for one); * = best in its row\n";
  else
    table += "mean ± half-width of the 95 % confidence interval (Student t) over " + std::to_string(seeds) +
             " seeds; * = best in its row\n";
  return table;
}

}  // namespace aicn::results
