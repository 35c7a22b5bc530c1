#pragma once
/// @file simulation.hpp
/// Runs one scenario in SimGrid and writes its results folder:
///   trace.h5 (HDF5 trace), summary.json, scenario.resolved.yaml.
/// SimGrid allows one engine per process, so call run_simulation() once per process.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "aicn/sim/scenario.hpp"
#include "aicn/results/summary.hpp"

namespace aicn::sim {

struct RunOptions {
  std::string out_dir;        ///< written whole at the end (see results/run_folder.hpp)
  bool force = false;         ///< replace an earlier run in out_dir (else it is refused)
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

/// A run stopped by SIGINT or SIGTERM. Its unfinished results were removed, so the output
/// folder holds nothing that looks like a complete run.
class RunInterrupted : public std::runtime_error {
 public:
  RunInterrupted(int signal, double reached_s);
  /// A command other than one run (e.g. "comparison") stopped by the signal.
  RunInterrupted(int signal, const char* what_stopped);
  int signal() const { return signal_; }
  double reached_s() const { return reached_s_; }

 private:
  int signal_;
  double reached_s_;
};

/// Throws RunInterrupted when a stop signal arrives during the run.
RunResult run_simulation(const Scenario& scenario, const RunOptions& options);

}  // namespace aicn::sim
