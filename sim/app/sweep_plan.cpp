#include "sweep_plan.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "aicn/results/atomic_file.hpp"
#include "aicn/results/censored_wait.hpp"
#include "aicn/results/trace_reader.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simgrid_config_check.hpp"

namespace aicn::cli {
namespace {

namespace fs = std::filesystem;
using config::ConfigError;
using config::ConfigNode;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

/// Parses the base with `settings` applied and the given seed; the resolved scenario text.
std::string resolve(const SweepSpec& spec, const ConfigNode& base, const std::vector<SweepSetting>& settings,
                    std::uint64_t seed, const std::string& origin, bool check_simgrid = false) {
  const std::string base_dir = base_directory(spec);
  const YAML::Node tree = apply_settings(base, settings, base_dir);
  const sim::ScenarioOverrides overrides{{"seed", sim::option_value("seeds", std::to_string(seed))}};
  sim::Scenario scenario = sim::parse_scenario(ConfigNode(tree, base.file()), base_dir, overrides);
  // SimGrid's own settings are tried in a child process (sim/simgrid_config_check.hpp): once
  // per cell, as they do not depend on the seed.
  if (check_simgrid) sim::check_simgrid_config(scenario);
  scenario.origin = origin;
  return sim::resolved_scenario_yaml(scenario);
}

/// "<sweep>:<line>: axes.KEY: value 'LABEL' ..." for a setting of the sweep file.
std::string where(const SweepSpec& spec, const SweepSetting& setting) {
  const auto& mark = setting.value.yaml().Mark();
  return spec.file + (mark.line >= 0 ? ":" + std::to_string(mark.line + 1) : "") + ": " + setting.key + ": value '" +
         setting.label + "'";
}

}  // namespace

std::string scenario_hash(const std::string& yaml) {
  std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a 64: stable across builds, no library needed
  std::istringstream lines(yaml);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind('#', 0) == 0) continue;
    for (unsigned char c : line + "\n") hash = (hash ^ c) * 1099511628211ULL;
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

std::vector<SweepTask> plan_sweep(const SweepSpec& spec, const fs::path& out) {
  const ConfigNode base = load_base_scenario(spec);
  // The base alone first: its own errors name its own lines.
  resolve(spec, base, {}, spec.seeds.front(), "base");
  std::vector<SweepTask> tasks;
  for (std::size_t c = 0; c < spec.cells.size(); ++c) {
    const SweepCellSpec& cell = spec.cells[c];
    for (const std::uint64_t seed : spec.seeds) {
      SweepTask task;
      task.cell = c;
      task.seed = seed;
      task.label = cell.name + " seed " + std::to_string(seed);
      const fs::path dir = out / "cells" / cell.name / ("seed" + std::to_string(seed));
      task.scenario_file = dir / "scenario.yaml";
      task.run_dir = dir / "run";
      task.log = out / "logs" / (cell.name + "-seed" + std::to_string(seed) + ".log");
      try {
        task.scenario_yaml = resolve(spec, base, cell.settings, seed, "sweep " + spec.file + ", cell " + cell.name,
                                     seed == spec.seeds.front());
      } catch (const SweepSettingError&) {
        throw;
      } catch (const std::exception& e) {
        // Blame the one value that does not fit the base even alone; values that only fail
        // together (a policy parameter under another policy) are named together.
        for (const auto& setting : cell.settings) {
          try {
            resolve(spec, base, {setting}, seed, "check", true);
          } catch (const std::exception& alone) {
            throw ConfigError(where(spec, setting) + " does not fit the base scenario: " + alone.what());
          }
        }
        std::string values;
        for (const auto& setting : cell.settings) values += (values.empty() ? "" : ", ") + setting.key + "=" + setting.label;
        throw ConfigError(spec.file + ": cell " + cell.name + " (" + values + "), seed " + std::to_string(seed) +
                          ": the values do not fit together: " + e.what());
      }
      // What `aicn run` will record from that file: resolving again re-derives and re-prints
      // the latencies, which need not give the same last digit (a round trip through "ms").
      const sim::Scenario again = sim::parse_scenario(ConfigNode::load_text(task.scenario_yaml, task.scenario_file.string()),
                                                      task.scenario_file.parent_path().string());
      task.scenario_hash = scenario_hash(sim::resolved_scenario_yaml(again));
      tasks.push_back(std::move(task));
    }
  }
  return tasks;
}

bool task_done(const SweepTask& task) {
  std::error_code error;
  if (!fs::is_regular_file(task.run_dir / "summary.json", error)) return false;
  return scenario_hash(read_text(task.run_dir / "scenario.resolved.yaml")) == task.scenario_hash;
}

void write_task_scenario(const SweepTask& task) {
  if (fs::exists(task.scenario_file) && read_text(task.scenario_file) == task.scenario_yaml) return;
  fs::create_directories(task.scenario_file.parent_path());
  results::write_file_atomically(task.scenario_file, task.scenario_yaml);
}

std::vector<std::string> run_arguments(const SweepTask& task, const std::vector<std::string>& policy_libs) {
  std::vector<std::string> arguments{"run", task.scenario_file.string(), "--out", task.run_dir.string(), "--quiet", "--force"};
  for (const auto& library : policy_libs) arguments.insert(arguments.end(), {"--policy-lib", library});
  return arguments;
}

results::SweepResults collect_results(const SweepSpec& spec, const std::vector<SweepTask>& tasks) {
  results::SweepResults sweep;
  sweep.name = spec.name;
  sweep.axes = spec.axes;
  sweep.reference = spec.reference;
  for (const auto& cell : spec.cells) {
    results::SweepCell entry;
    entry.name = cell.name;
    for (const auto& axis : spec.axes) {
      std::string label = "(base)";  // a listed cell that leaves this key as the base has it
      for (const auto& setting : cell.settings)
        if (setting.key == axis) label = setting.label;
      entry.axis_values.push_back(label);
    }
    sweep.cells.push_back(entry);
  }
  for (const auto& task : tasks) {
    nlohmann::json summary = nlohmann::json::parse(read_text(task.run_dir / "summary.json"));
    if (!summary.contains("wait_censored_s")) {  // a run folder of an AICN before summary.json had it
      const double end_s = summary.value("end_s", 0.0);
      summary["wait_censored_s"] = results::censored_wait_block(
          results::censored_wait(results::read_job_rows((task.run_dir / "trace.h5").string()), end_s));
    }
    results::SweepCell& cell = sweep.cells[task.cell];
    cell.seeds.push_back(task.seed);
    cell.values.push_back(results::read_sweep_metrics(summary));
  }
  return sweep;
}

}  // namespace aicn::cli
