#pragma once
/// @file simulation.hpp
/// Runs one scenario in SimGrid and writes its results folder:
///   trace.h5 (HDF5 trace), summary.json, scenario.resolved.yaml.
/// SimGrid allows one engine per process, so call run_simulation() once per process.
#include <cstdint>
#include <string>

#include "aicn/sim/scenario.hpp"
#include "aicn/results/summary.hpp"

namespace aicn::sim {

struct RunOptions {
  std::string out_dir;        ///< created if missing
  bool show_progress = false; ///< a progress line on stderr once the run takes more than a few seconds
  std::string command_line;   ///< recorded in the trace metadata
};

struct RunResult {
  results::Summary summary;
  std::string trace_path;
  std::string summary_path;
  std::string scenario_path;
  double wall_s = 0.0;
  std::uint64_t events = 0;  ///< arrivals, transfer and compute completions handled
};

RunResult run_simulation(const Scenario& scenario, const RunOptions& options);

}  // namespace aicn::sim
