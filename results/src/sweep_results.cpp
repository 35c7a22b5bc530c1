#include "aicn/results/sweep_results.hpp"

#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <stdexcept>

namespace aicn::results {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string number_text(double value) {  // empty when unknown, as in comparison.csv
  if (std::isnan(value)) return "";
  char text[40];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

std::string p_text(double p) {  // for the terminal table
  if (std::isnan(p)) return "n/a";
  char text[40];
  std::snprintf(text, sizeof text, "%.3g", p);
  return text;
}

/// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

/// ",a,b,c" onto `line` (appended piece by piece: GCC 12 warns falsely on `"," + std::string&&`).
void append_fields(std::string& line, std::initializer_list<std::string> fields) {
  for (const auto& field : fields) line.append(",").append(field);
}

std::size_t metric_index(const std::string& column) {
  const auto& metrics = sweep_metrics();
  for (std::size_t m = 0; m < metrics.size(); ++m)
    if (metrics[m].column == column) return m;
  throw std::logic_error("no sweep metric " + column);
}

nlohmann::ordered_json json_number(double v) { return std::isnan(v) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v); }

/// The values of cell `c` for metric `m`, in the reference cell's seed order (NaN where the
/// cell lacks that seed), so that the two lists pair up seed by seed.
std::vector<double> aligned(const SweepCell& cell, const SweepCell& reference, std::size_t m) {
  std::vector<double> values;
  for (const std::uint64_t seed : reference.seeds) {
    double value = kNaN;
    for (std::size_t s = 0; s < cell.seeds.size(); ++s)
      if (cell.seeds[s] == seed) value = cell.values[s][m];
    values.push_back(value);
  }
  return values;
}

}  // namespace

const std::vector<MetricDefinition>& sweep_metrics() {
  static const std::vector<MetricDefinition> metrics = [] {
    std::vector<MetricDefinition> list = comparison_metrics();
    list.push_back({"wait_censored_mean_h", "wait censored mean h", "/wait_censored_s/mean", 1.0 / 3600, true, 2});
    list.push_back({"wait_censored_p95_h", "wait censored p95 h", "/wait_censored_s/p95", 1.0 / 3600, true, 2});
    return list;
  }();
  return metrics;
}

std::vector<double> read_sweep_metrics(const nlohmann::json& summary) {
  std::vector<double> values;
  for (const auto& metric : sweep_metrics()) {
    const nlohmann::json::json_pointer pointer(metric.json_pointer);
    values.push_back(summary.contains(pointer) && summary.at(pointer).is_number()
                         ? summary.at(pointer).get<double>() * metric.scale
                         : kNaN);
  }
  return values;
}

nlohmann::json censored_wait_block(const CensoredWait& wait) {
  return {{"count", wait.count}, {"mean", wait.mean_s}, {"p95", wait.p95_s}, {"censored", wait.censored}};
}

SweepStatistics sweep_statistics(const SweepResults& results) {
  if (results.reference >= results.cells.size()) throw std::invalid_argument("the sweep's reference cell is not one of its cells");
  const auto& metrics = sweep_metrics();
  const SweepCell& reference = results.cells[results.reference];
  SweepStatistics statistics;
  statistics.comparisons = results.cells.size() - 1;
  statistics.cells.assign(results.cells.size(), std::vector<CellMetricStatistics>(metrics.size()));
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    std::vector<double> means, t_p;
    for (std::size_t c = 0; c < results.cells.size(); ++c) {
      const SweepCell& cell = results.cells[c];
      if (cell.values.empty()) throw std::invalid_argument("sweep cell " + cell.name + " has no runs");
      std::vector<double> column;
      for (const auto& seed_values : cell.values) column.push_back(seed_values[m]);
      CellMetricStatistics& entry = statistics.cells[c][m];
      entry.over_seeds = mean_ci95(column);
      means.push_back(entry.over_seeds.mean);
      if (c == results.reference) {
        entry.vs_reference = {0, kNaN, kNaN, kNaN, kNaN, true};
        t_p.push_back(kNaN);  // not compared with itself: not in the family
      } else {
        entry.vs_reference = paired_difference(aligned(cell, reference, m), aligned(reference, reference, m));
        t_p.push_back(entry.vs_reference.t_p_value);
      }
    }
    const std::vector<double> ranks = ranks_of(means, metrics[m].lower_is_better);
    const std::vector<double> holm = holm_adjust(t_p);
    for (std::size_t c = 0; c < results.cells.size(); ++c) {
      statistics.cells[c][m].rank = ranks[c];
      statistics.cells[c][m].t_p_holm = holm[c];
    }
  }
  return statistics;
}

std::string sweep_csv(const SweepResults& results) {
  const auto& metrics = sweep_metrics();
  const std::size_t unfinished = metric_index("jobs_unfinished"), rejected = metric_index("jobs_rejected");
  std::string csv = "cell";
  for (const auto& axis : results.axes) append_fields(csv, {csv_field(axis)});
  csv += ",seed,metric,value,jobs_unfinished,jobs_rejected\n";
  for (const auto& cell : results.cells)
    for (std::size_t s = 0; s < cell.seeds.size(); ++s)
      for (std::size_t m = 0; m < metrics.size(); ++m) {
        csv += csv_field(cell.name);
        for (const auto& value : cell.axis_values) append_fields(csv, {csv_field(value)});
        append_fields(csv, {std::to_string(cell.seeds[s]), metrics[m].column, number_text(cell.values[s][m]),
                            number_text(cell.values[s][unfinished]), number_text(cell.values[s][rejected])});
        csv += '\n';
      }
  return csv;
}

std::string sweep_statistics_csv(const SweepResults& results, const SweepStatistics& statistics) {
  const auto& metrics = sweep_metrics();
  std::string csv = "cell";
  for (const auto& axis : results.axes) append_fields(csv, {csv_field(axis)});
  csv += ",metric,n,mean,ci95,rank,diff_mean,diff_ci95,paired_t_p,paired_t_p_holm,wilcoxon_p\n";
  for (std::size_t c = 0; c < results.cells.size(); ++c) {
    const SweepCell& cell = results.cells[c];
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      const CellMetricStatistics& s = statistics.cells[c][m];
      csv += csv_field(cell.name);
      for (const auto& value : cell.axis_values) append_fields(csv, {csv_field(value)});
      append_fields(csv, {metrics[m].column, std::to_string(s.over_seeds.n), number_text(s.over_seeds.mean),
                          number_text(s.over_seeds.half_width), number_text(s.rank), number_text(s.vs_reference.mean),
                          number_text(s.vs_reference.half_width), number_text(s.vs_reference.t_p_value),
                          number_text(s.t_p_holm), number_text(s.vs_reference.wilcoxon_p_value)});
      csv += '\n';
    }
  }
  return csv;
}

std::string multiple_comparison_note(std::size_t comparisons, std::size_t metrics) {
  if (comparisons < 2) return "";
  char text[400];
  std::snprintf(text, sizeof text,
                "%zu cells are compared with the reference on %zu metrics: at the 5 %% level about %.1f of the %zu "
                "comparisons per metric would look significant by chance alone; judge them by the Holm-adjusted "
                "p-values (paired_t_p_holm).",
                comparisons, metrics, 0.05 * static_cast<double>(comparisons), comparisons);
  return text;
}

nlohmann::ordered_json sweep_json(const SweepResults& results, const SweepStatistics& statistics) {
  const auto& metrics = sweep_metrics();
  nlohmann::ordered_json out;
  out["sweep"] = results.name;
  out["confidence"] = 0.95;
  out["axes"] = results.axes;
  out["reference"] = results.cells.at(results.reference).name;
  out["paired_by"] = "seed";
  out["multiple_comparisons"] = multiple_comparison_note(statistics.comparisons, metrics.size());
  for (const auto& metric : metrics)
    out["metrics"].push_back({{"column", metric.column},
                              {"source", metric.json_pointer},
                              {"scale", metric.scale},
                              {"better", metric.lower_is_better ? "lower" : "higher"}});
  for (std::size_t c = 0; c < results.cells.size(); ++c) {
    const SweepCell& cell = results.cells[c];
    nlohmann::ordered_json entry;
    entry["cell"] = cell.name;
    for (std::size_t a = 0; a < results.axes.size(); ++a) entry["axes"][results.axes[a]] = cell.axis_values[a];
    entry["seeds"] = cell.seeds;
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      const CellMetricStatistics& s = statistics.cells[c][m];
      nlohmann::ordered_json figure;
      figure["n"] = s.over_seeds.n;
      figure["mean"] = json_number(s.over_seeds.mean);
      figure["ci95"] = json_number(s.over_seeds.half_width);
      figure["rank"] = json_number(s.rank);
      for (const auto& seed_values : cell.values) figure["per_seed"].push_back(json_number(seed_values[m]));
      if (c != results.reference)
        figure["vs_reference"] = {{"n", s.vs_reference.n},
                                  {"diff_mean", json_number(s.vs_reference.mean)},
                                  {"diff_ci95", json_number(s.vs_reference.half_width)},
                                  {"paired_t_p", json_number(s.vs_reference.t_p_value)},
                                  {"paired_t_p_holm", json_number(s.t_p_holm)},
                                  {"wilcoxon_p", json_number(s.vs_reference.wilcoxon_p_value)},
                                  {"wilcoxon_exact", s.vs_reference.wilcoxon_exact}};
      entry["metrics"][metrics[m].column] = figure;
    }
    out["cells"].push_back(entry);
  }
  return out;
}

std::string sweep_table(const SweepResults& results, const SweepStatistics& statistics) {
  const char* shown[] = {"wait_mean_h", "wait_censored_mean_h", "jobs_unfinished", "jobs_rejected", "utilisation_pct"};
  std::string table;
  char line[512];
  for (const char* column : shown) {
    const std::size_t m = metric_index(column);
    const MetricDefinition& metric = sweep_metrics()[m];
    table += metric.label + " (mean ± 95 % CI over seeds; difference to the reference, paired by seed)\n";
    for (std::size_t c = 0; c < results.cells.size(); ++c) {
      const CellMetricStatistics& s = statistics.cells[c][m];
      std::snprintf(line, sizeof line, "  %-40s %12.*f ± %-10.*f rank %-4s", results.cells[c].name.c_str(),
                    metric.decimals, s.over_seeds.mean, metric.decimals, s.over_seeds.half_width,
                    number_text(s.rank).c_str());
      table += line;
      if (c == results.reference) {
        table += "  reference\n";
        continue;
      }
      std::snprintf(line, sizeof line, "  diff %+.*f ± %.*f  t p=%s (Holm %s)  Wilcoxon p=%s\n", metric.decimals,
                    s.vs_reference.mean, metric.decimals, s.vs_reference.half_width, p_text(s.vs_reference.t_p_value).c_str(),
                    p_text(s.t_p_holm).c_str(), p_text(s.vs_reference.wilcoxon_p_value).c_str());
      table += line;
    }
  }
  const std::string note = multiple_comparison_note(statistics.comparisons, sweep_metrics().size());
  if (!note.empty()) table += note + "\n";
  return table;
}

}  // namespace aicn::results
