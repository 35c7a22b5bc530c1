#pragma once
/// @file demo_report.hpp
/// The text `aicn demo` prints: two runs of one scenario (summary.json each) side by side, the
/// differences in three lines, and the domain brief's headline figures from the formulas that
/// `aicn size` uses. Pure formatting: no engine, no files.
#include <nlohmann/json.hpp>
#include <string>

namespace aicn::cli {

/// One run as the demo shows it, read from its summary.json.
struct DemoRun {
  std::string policy;
  double submitted = 0, finished = 0, unfinished = 0;
  double wait_mean_s = 0, wait_max_s = 0;  ///< waits, a job still waiting counted to the horizon
  double utilisation_east = 0, utilisation_west = 0;  ///< GPU-weighted over each side's sites
  double electricity_yuan = 0, co2_t = 0;
  double bytes_moved = 0, bytes_east_to_west = 0;

  static DemoRun from_summary(const std::string& policy, const nlohmann::json& summary);
};

/// A count with thousands separators: 107,248.
std::string grouped(double value);

/// The comparison table and the three lines on what dispatching west changed.
std::string demo_comparison(const DemoRun& local, const DemoRun& west);

/// The brief's headline figures (GPT-3 training, ChatGPT inference, payback of a server),
/// computed by the functions behind `aicn size train`, `inference` and `payback`.
std::string demo_headlines();

}  // namespace aicn::cli
