#pragma once
/// @file regression.hpp
/// Regression checks of a run against a stored baseline: `aicn baseline` records a run's
/// scalar summary metrics (and optionally its job table) with their provenance; `aicn check`
/// compares a later run with it, metric by metric, within a relative and absolute tolerance.
/// The comparison is pure (JSON in, report out) so it is unit-tested without running anything.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace aicn::results {

/// 2: metrics may be null (a figure with no value) and the identity holds every string of
/// the summary. A version-1 baseline still reads; its run's extra strings show as new.
inline constexpr int kBaselineFormatVersion = 2;

/// What a run folder (or a bare trace.h5) holds that a check needs.
struct RunRecord {
  std::string source;          ///< the path given by the user
  nlohmann::json summary;      ///< summary.json, or /meta summary of the trace
  nlohmann::json provenance;   ///< versions and command line of the run (from the trace)
  std::string trace_path;      ///< empty when the folder has no trace.h5
  std::string run_id;          ///< the id every file of the run carries
};

/// Loads a run folder (summary.json, trace.h5) or a trace.h5. Throws std::invalid_argument
/// naming the path when neither holds a summary, and naming the files when they do not all
/// carry the same run id (see run_identity.hpp).
RunRecord load_run(const std::string& run_dir_or_trace);

/// The job table of a trace as {"columns": [...], "rows": [[...], ...]} (NaN written as null).
nlohmann::json job_table_json(const std::string& trace_path);

/// Every scalar of a summary but its strings and its `run_id` (which differs from run to run
/// by design, so it is neither identity nor metric), flattened in document order: "jobs.finished",
/// "wait_s.p95", "sites.<site name>.utilisation", "energy.hubs.<hub>.co2_t", ... A boolean
/// is 0 or 1; a null (a figure with no value, e.g. a payback that never comes) is NaN.
/// Strings are compared as identity (see make_baseline).
std::vector<std::pair<std::string, double>> summary_metrics(const nlohmann::json& summary);

/// The baseline file: identity of the run (scenario, layout, policy, seed, compute model,
/// then every other string of the summary, e.g. "sites.<site>.hub"), all its metrics (NaN
/// written null), provenance and, with `include_jobs`, the job table.
nlohmann::ordered_json make_baseline(const RunRecord& run, bool include_jobs, const std::string& command_line);

/// The baseline as file text: indented JSON with one job row per line.
std::string baseline_text(const nlohmann::ordered_json& baseline);

struct Tolerance {
  double rtol = 1e-6;
  double atol = 1e-9;
  /// |value - baseline| <= atol + rtol x |baseline|
  bool accepts(double baseline, double value) const;
};

enum class Verdict {
  OK,         ///< within tolerance
  DRIFT,      ///< beyond tolerance: a regression
  MISSING,    ///< in the baseline, not in the run: a regression
  DIFFERENT,  ///< identity (scenario, policy, ...) or job table differs: a regression
  NEW,        ///< in the run, not in the baseline: a failure unless new metrics are allowed
};
const char* verdict_name(Verdict verdict);

struct CheckRow {
  std::string metric;
  std::string baseline;    ///< as printed ("" when absent)
  std::string value;
  std::string difference;  ///< value - baseline, signed; "" when not numeric
  Verdict verdict = Verdict::OK;
};

struct CheckReport {
  std::vector<CheckRow> rows;
  std::vector<std::string> notes;  ///< details, e.g. the first differing jobs
  bool new_allowed = false;        ///< NEW rows pass (`aicn check --allow-new`)
  bool fails(const CheckRow& row) const;
  bool passed() const;
  std::size_t count(Verdict verdict) const;
  /// A fixed-width table and a one-line verdict. `failures_only` prints only failing rows.
  std::string to_text(bool failures_only = false) const;
};

/// Compares a run's summary with a baseline; `jobs` (a job_table_json) is compared with the
/// baseline's table when given. A metric or string of the run that the baseline lacks fails
/// (a baseline that does not record a figure cannot guard it) unless `allow_new`. Throws
/// std::invalid_argument when the baseline is malformed or `jobs` is given but the baseline
/// has no job table.
CheckReport check_against_baseline(const nlohmann::json& baseline, const nlohmann::json& summary,
                                   const Tolerance& tolerance, const nlohmann::json* jobs = nullptr,
                                   bool allow_new = false);

}  // namespace aicn::results
