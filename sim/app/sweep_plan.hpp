#pragma once
/// @file sweep_plan.hpp
/// The runs of a sweep: one per cell and seed, each a normal run folder beside the resolved
/// scenario it runs. A run counts as done (and is not run again) when its folder is complete
/// (summary.json written: `aicn run` moves the folder into place only when the run is whole)
/// and the scenario it records hashes the same as the one planned now.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "aicn/results/sweep_results.hpp"
#include "sweep_spec.hpp"

namespace aicn::cli {

struct SweepTask {
  std::size_t cell = 0;
  std::uint64_t seed = 0;
  std::string label;                    ///< "CELL seed N"
  std::filesystem::path scenario_file;  ///< OUT/cells/CELL/seedN/scenario.yaml
  std::filesystem::path run_dir;        ///< OUT/cells/CELL/seedN/run
  std::filesystem::path log;            ///< OUT/logs/CELL-seedN.log (the last attempt's)
  std::string scenario_yaml;            ///< the resolved scenario this run runs
  std::string scenario_hash;            ///< FNV-1a 64 of the scenario the run will record, comment lines left out
};

/// Validates every cell (each axis value alone first, so that an error names the value that
/// does not fit the base) and plans its runs under `out`. config::ConfigError names the sweep
/// file, key and value.
std::vector<SweepTask> plan_sweep(const SweepSpec& spec, const std::filesystem::path& out);

/// The hash of a resolved scenario's text without its comment lines (which name its origin
/// and the run id).
std::string scenario_hash(const std::string& yaml);

/// True when the task's run folder is complete and ran the same scenario.
bool task_done(const SweepTask& task);

/// Writes the task's scenario file (only when its text changed, so a resumed sweep leaves it).
void write_task_scenario(const SweepTask& task);

/// The arguments of `aicn run` for a task (--force: a stale or half-written folder is replaced).
std::vector<std::string> run_arguments(const SweepTask& task, const std::vector<std::string>& policy_libs);

/// Reads every task's summary.json and trace into the sweep's figures.
results::SweepResults collect_results(const SweepSpec& spec, const std::vector<SweepTask>& tasks);

}  // namespace aicn::cli
