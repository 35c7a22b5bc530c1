// Baseline files and the metric-by-metric comparison behind `aicn baseline` / `aicn check`.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "aicn/results/regression.hpp"

namespace aicn::results {
namespace {

std::string number_text(double value) {
  if (std::isnan(value)) return "null";  // how the summary writes a figure that has no value
  char text[64];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

std::string difference_text(double difference) {
  char text[64];
  std::snprintf(text, sizeof text, "%+.4g", difference);
  return text;
}

/// The key that names an element of an array of objects in a metric name: "name" (sites),
/// else "hub", else "id"; "" when it has none (its index names it then).
std::string element_label_key(const nlohmann::json& element) {
  for (const char* key : {"name", "hub", "id"}) {
    const auto found = element.find(key);
    if (found != element.end() && found->is_string()) return key;
  }
  return "";
}

/// Every leaf of the summary below `prefix`: numbers, booleans (0/1) and nulls (NaN: a
/// figure with no value, e.g. a payback that never comes) into `metrics`; strings (a site's
/// hub, its carbon region) into `labels`, compared exactly. Nothing is left out, so a figure
/// the baseline lacks is seen.
void collect_leaves(const nlohmann::json& value, const std::string& prefix,
                    std::vector<std::pair<std::string, double>>& metrics,
                    std::vector<std::pair<std::string, std::string>>* labels) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items())
      collect_leaves(child, prefix.empty() ? key : prefix + "." + key, metrics, labels);
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      const nlohmann::json& element = value[i];
      const std::string key = element.is_object() ? element_label_key(element) : "";
      if (key.empty()) {
        collect_leaves(element, prefix + "." + std::to_string(i), metrics, labels);
        continue;
      }
      const std::string name = prefix + "." + element[key].get<std::string>();
      for (const auto& [child_key, child] : element.items())
        if (child_key != key) collect_leaves(child, name + "." + child_key, metrics, labels);
    }
  } else if (value.is_number()) {
    metrics.emplace_back(prefix, value.get<double>());
  } else if (value.is_boolean()) {
    metrics.emplace_back(prefix, value.get<bool>() ? 1.0 : 0.0);
  } else if (value.is_null()) {
    metrics.emplace_back(prefix, std::nan(""));
  } else if (value.is_string() && labels) {
    labels->emplace_back(prefix, value.get<std::string>());
  }
}

bool is_identity_key(const nlohmann::json& summary, const std::string& key);

/// The run id differs from one identical run to the next: it is not a figure of the run.
bool is_run_id_key(const std::string& key) { return key == "run_id"; }

/// The fields that say which run this is (scenario, policy, seed, ...; a baseline of another
/// scenario or policy is no baseline at all), then every other string of the summary by its
/// flattened name ("sites.<site>.hub", "energy.accounting", ...).
nlohmann::ordered_json identity_of(const nlohmann::json& summary) {
  nlohmann::ordered_json identity = nlohmann::ordered_json::object();
  for (const auto& [key, value] : summary.items())
    if (value.is_string() && !is_run_id_key(key)) identity[key] = value;
  if (summary.contains("seed")) identity["seed"] = summary["seed"].dump();
  std::vector<std::pair<std::string, double>> ignored;
  std::vector<std::pair<std::string, std::string>> labels;
  for (const auto& [key, value] : summary.items())
    if (!is_identity_key(summary, key) && !is_run_id_key(key)) collect_leaves(value, key, ignored, &labels);
  for (const auto& [name, text] : labels) identity[name] = text;
  return identity;
}

bool is_identity_key(const nlohmann::json& summary, const std::string& key) {
  return key == "seed" || (summary.contains(key) && summary[key].is_string());
}

double cell_number(const nlohmann::json& cell) {
  return cell.is_number() ? cell.get<double>() : std::nan("");  // null stands for NaN
}

bool cells_agree(const nlohmann::json& expected, const nlohmann::json& actual, const Tolerance& tolerance) {
  if (expected.is_string() || actual.is_string()) return expected == actual;
  if (expected.is_number_integer() && actual.is_number_integer()) return expected == actual;  // ids, counts: exact
  const double a = cell_number(expected);
  const double b = cell_number(actual);
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return tolerance.accepts(a, b);
}

void compare_jobs(const nlohmann::json& expected, const nlohmann::json& actual, const Tolerance& tolerance,
                  CheckReport& report) {
  if (expected.value("columns", nlohmann::json()) != actual.value("columns", nlohmann::json()))
    throw std::invalid_argument("the baseline's job table has other columns than this AICN writes: rewrite the baseline");
  const auto& columns = expected["columns"];
  const auto& want = expected["rows"];
  const auto& got = actual["rows"];
  report.rows.push_back({"jobs table rows", std::to_string(want.size()), std::to_string(got.size()),
                         difference_text(static_cast<double>(got.size()) - static_cast<double>(want.size())),
                         want.size() == got.size() ? Verdict::OK : Verdict::DIFFERENT});
  std::size_t differing = 0;
  const std::size_t common = std::min(want.size(), got.size());
  for (std::size_t r = 0; r < common; ++r) {
    std::string detail;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (cells_agree(want[r][c], got[r][c], tolerance)) continue;
      detail.append(" ").append(columns[c].get<std::string>()).append(" ").append(want[r][c].dump());
      detail.append(" -> ").append(got[r][c].dump());
    }
    if (detail.empty()) continue;
    if (++differing > 5) continue;
    // Built by append: GCC 12 warns falsely (-Wrestrict) on long chains of + here.
    std::string note = "job row ";
    note.append(std::to_string(r)).append(" (id ").append(want[r][0].dump()).append("):").append(detail);
    report.notes.push_back(note);
  }
  if (differing > 5) report.notes.push_back("... and " + std::to_string(differing - 5) + " more differing job rows");
  report.rows.push_back({"jobs table rows differing", "0", std::to_string(differing), "",
                         differing == 0 ? Verdict::OK : Verdict::DIFFERENT});
}

}  // namespace

std::vector<std::pair<std::string, double>> summary_metrics(const nlohmann::json& summary) {
  std::vector<std::pair<std::string, double>> metrics;
  for (const auto& [key, value] : summary.items())
    if (!is_identity_key(summary, key) && !is_run_id_key(key)) collect_leaves(value, key, metrics, nullptr);
  return metrics;
}

nlohmann::ordered_json make_baseline(const RunRecord& run, bool include_jobs, const std::string& command_line) {
  nlohmann::ordered_json baseline;
  baseline["format"] = "aicn-baseline";
  baseline["format_version"] = kBaselineFormatVersion;
  baseline["created_by"] = command_line;
  baseline["source"] = run.source;
  baseline["provenance"] = run.provenance;
  baseline["identity"] = identity_of(run.summary);
  nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
  for (const auto& [name, value] : summary_metrics(run.summary)) {
    // Counts stay integers in the file, so it reads like the summary; NaN is written null.
    const bool integral = value == std::floor(value) && std::fabs(value) < 9.0e15;
    if (std::isnan(value))
      metrics[name] = nullptr;
    else
      metrics[name] = integral ? nlohmann::ordered_json(static_cast<std::int64_t>(value)) : nlohmann::ordered_json(value);
  }
  baseline["metrics"] = metrics;
  if (include_jobs) {
    if (run.trace_path.empty()) throw std::invalid_argument(run.source + ": no trace.h5, so no job table to record");
    baseline["jobs"] = job_table_json(run.trace_path);
  }
  return baseline;
}

std::string baseline_text(const nlohmann::ordered_json& baseline) {
  if (!baseline.contains("jobs")) return baseline.dump(2) + "\n";
  nlohmann::ordered_json head = baseline;
  head.erase("jobs");
  std::string text = head.dump(2);
  text.pop_back();  // the closing brace; the job table follows, one row per line for readable diffs
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  text += ",\n  \"jobs\": {\n    \"columns\": " + baseline["jobs"]["columns"].dump() + ",\n    \"rows\": [";
  const auto& rows = baseline["jobs"]["rows"];
  for (std::size_t i = 0; i < rows.size(); ++i) text += (i ? ",\n      " : "\n      ") + rows[i].dump();
  text += rows.empty() ? "]\n  }\n}\n" : "\n    ]\n  }\n}\n";
  return text;
}

bool Tolerance::accepts(double baseline, double value) const {
  if (std::isnan(baseline) || std::isnan(value)) return std::isnan(baseline) && std::isnan(value);
  return std::fabs(value - baseline) <= atol + rtol * std::fabs(baseline);
}

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::OK: return "ok";
    case Verdict::DRIFT: return "DRIFT";
    case Verdict::MISSING: return "MISSING";
    case Verdict::DIFFERENT: return "DIFFERENT";
    case Verdict::NEW: return "new";
  }
  return "?";
}

bool CheckReport::fails(const CheckRow& row) const {
  return row.verdict == Verdict::DRIFT || row.verdict == Verdict::MISSING || row.verdict == Verdict::DIFFERENT ||
         (row.verdict == Verdict::NEW && !new_allowed);
}

bool CheckReport::passed() const {
  return std::none_of(rows.begin(), rows.end(), [&](const CheckRow& row) { return fails(row); });
}

std::size_t CheckReport::count(Verdict verdict) const {
  return static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [&](const CheckRow& row) { return row.verdict == verdict; }));
}

std::string CheckReport::to_text(bool failures_only) const {
  // Long strings (the energy accounting note) are compared whole but shown cut.
  const auto shown = [](const std::string& text) { return text.size() <= 24 ? text : text.substr(0, 21) + "..."; };
  std::size_t width = 6;
  std::size_t value_width = 8;
  for (const auto& row : rows) {
    width = std::max(width, row.metric.size());
    value_width = std::max({value_width, shown(row.baseline).size(), shown(row.value).size()});
  }
  const int w = static_cast<int>(width);
  const int v = static_cast<int>(value_width);
  std::string text;
  char line[1024];
  std::snprintf(line, sizeof line, "%-*s  %*s  %*s  %11s  %s\n", w, "metric", v, "baseline", v, "value", "difference",
                "verdict");
  text += line;
  for (const auto& row : rows) {
    if (failures_only && !fails(row)) continue;
    std::snprintf(line, sizeof line, "%-*s  %*s  %*s  %11s  %s\n", w, row.metric.c_str(), v, shown(row.baseline).c_str(),
                  v, shown(row.value).c_str(), row.difference.c_str(),
                  row.verdict == Verdict::NEW && fails(row) ? "NEW" : verdict_name(row.verdict));
    text += line;
  }
  for (const auto& note : notes) text += note + "\n";
  std::snprintf(line, sizeof line, "%s: %zu rows compared, %zu ok, %zu drifted, %zu missing, %zu different, %zu new%s\n",
                passed() ? "PASS" : "FAIL", rows.size(), count(Verdict::OK), count(Verdict::DRIFT), count(Verdict::MISSING),
                count(Verdict::DIFFERENT), count(Verdict::NEW),
                count(Verdict::NEW) == 0 ? ""
                : new_allowed            ? " (new metrics allowed by --allow-new; rewrite the baseline to record them)"
                                         : " (the baseline lacks the new metrics: rewrite it with `aicn baseline`, or "
                                           "pass --allow-new)");
  text += line;
  return text;
}

CheckReport check_against_baseline(const nlohmann::json& baseline, const nlohmann::json& summary,
                                   const Tolerance& tolerance, const nlohmann::json* jobs, bool allow_new) {
  if (!baseline.is_object() || baseline.value("format", "") != "aicn-baseline")
    throw std::invalid_argument("format: not an AICN baseline (expected \"format\": \"aicn-baseline\")");
  const int version = baseline.value("format_version", 0);
  if (version < 1 || version > kBaselineFormatVersion)
    throw std::invalid_argument("format_version: expected 1 to " + std::to_string(kBaselineFormatVersion) + ", got " +
                                baseline.value("format_version", nlohmann::json()).dump());
  if (!baseline.contains("metrics") || !baseline["metrics"].is_object())
    throw std::invalid_argument("metrics: missing or not an object");

  CheckReport report;
  report.new_allowed = allow_new;
  const nlohmann::json want_identity = baseline.value("identity", nlohmann::json::object());
  const nlohmann::json got_identity = identity_of(summary);
  for (const auto& [key, value] : want_identity.items()) {
    const std::string got = got_identity.contains(key) ? got_identity[key].get<std::string>() : "";
    const std::string want = value.is_string() ? value.get<std::string>() : value.dump();
    report.rows.push_back({key, want, got, "", want == got ? Verdict::OK : Verdict::DIFFERENT});
  }
  for (const auto& [key, value] : got_identity.items())
    if (!want_identity.contains(key)) report.rows.push_back({key, "", value.get<std::string>(), "", Verdict::NEW});

  std::map<std::string, double> values;
  const auto metrics = summary_metrics(summary);
  for (const auto& [name, value] : metrics) values[name] = value;
  for (const auto& [name, expected] : baseline["metrics"].items()) {
    if (!expected.is_number() && !expected.is_null())
      throw std::invalid_argument("metrics." + name + ": not a number or null: " + expected.dump());
    const double want = expected.is_null() ? std::nan("") : expected.get<double>();
    const auto found = values.find(name);
    if (found == values.end()) {
      report.rows.push_back({name, number_text(want), "", "", Verdict::MISSING});
      continue;
    }
    const double got = found->second;
    report.rows.push_back({name, number_text(want), number_text(got),
                           std::isnan(got - want) ? "" : difference_text(got - want),
                           tolerance.accepts(want, got) ? Verdict::OK : Verdict::DRIFT});
  }
  for (const auto& [name, value] : metrics)
    if (!baseline["metrics"].contains(name)) report.rows.push_back({name, "", number_text(value), "", Verdict::NEW});

  if (jobs) {
    if (!baseline.contains("jobs"))
      throw std::invalid_argument("jobs: the baseline has no job table (write it with `aicn baseline --job-table`)");
    compare_jobs(baseline["jobs"], *jobs, tolerance, report);
  }
  return report;
}

}  // namespace aicn::results
