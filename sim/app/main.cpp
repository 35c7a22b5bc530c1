// aicn: the command-line entry point. Parses the command, loads the scenario, runs it and
// prints the summary. Every input error is reported as one readable line and a non-zero exit.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/sim/logging.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/sim/version.hpp"
#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout_loader.hpp"
#include "aicn/topology/units.hpp"

namespace {

constexpr int kExitInputError = 2;
constexpr int kExitRunError = 1;

struct RunArguments {
  std::string scenario_path;
  std::string policy;
  std::int64_t seed = -1;
  std::string horizon;
  std::uint64_t max_jobs = 0;
  bool drain = false;
  std::string compute_model;
  std::string out_dir;
  std::string log_level = "warn";
  bool quiet = false;
};

std::string version_text() {
  return "aicn " + aicn::sim::aicn_version() + " (commit " + aicn::sim::git_commit() + ", SimGrid " +
         aicn::sim::simgrid_version() + ", HDF5 " + aicn::sim::hdf5_version() + ")";
}

std::string joined_command_line(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) line += (i ? " " : "") + std::string(argv[i]);
  return line;
}

int run_command(const RunArguments& args, const std::string& command_line) {
  const auto level = spdlog::level::from_str(args.log_level);
  if (level == spdlog::level::off && args.log_level != "off")
    throw std::invalid_argument("--log-level: unknown level '" + args.log_level +
                                "' (valid levels: trace, debug, info, warn, error, critical, off)");
  spdlog::set_level(level);

  aicn::sim::Scenario scenario = args.scenario_path.empty()
                                     ? aicn::sim::load_builtin_scenario("national-default")
                                     : aicn::sim::load_scenario_file(args.scenario_path);
  if (!args.policy.empty()) aicn::sim::set_policy(scenario, args.policy);
  if (args.seed >= 0) scenario.seed = static_cast<std::uint64_t>(args.seed);
  if (!args.horizon.empty()) {
    try {
      scenario.horizon_s = aicn::units::parse_duration_s(args.horizon);
    } catch (const aicn::units::UnitError& e) {
      throw std::invalid_argument(std::string("--horizon: ") + e.what());
    }
    if (!(scenario.horizon_s > 0)) throw std::invalid_argument("--horizon: must be positive, got '" + args.horizon + "'");
  }
  if (args.max_jobs > 0) scenario.max_jobs = args.max_jobs;
  if (args.drain) scenario.drain = true;
  if (args.compute_model == "exec") scenario.compute_model = aicn::sim::ComputeModel::EXEC;
  if (args.compute_model == "timer") scenario.compute_model = aicn::sim::ComputeModel::TIMER;

  aicn::sim::RunOptions options;
  options.out_dir = args.out_dir.empty() ? "results/runs/" + scenario.name + "-" + scenario.policy + "-seed" +
                                               std::to_string(scenario.seed)
                                         : args.out_dir;
  options.show_progress = !args.quiet && isatty(fileno(stderr));
  options.command_line = command_line;

  const aicn::sim::RunResult result = aicn::sim::run_simulation(scenario, options);
  if (!args.quiet) {
    std::cout << result.summary.to_table();
    std::printf("\nWall time %.2f s, %llu events (%.0f events/s)\n", result.wall_s,
                static_cast<unsigned long long>(result.events),
                result.wall_s > 0 ? static_cast<double>(result.events) / result.wall_s : 0.0);
  }
  std::printf("Trace:    %s\nSummary:  %s\nScenario: %s\n", std::filesystem::absolute(result.trace_path).c_str(),
              std::filesystem::absolute(result.summary_path).c_str(),
              std::filesystem::absolute(result.scenario_path).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"AICN: a discrete-event simulator of a national network of AI data centres.\n"
               "Replays east-to-west AI workloads against dispatch policies on SimGrid and writes an HDF5 trace."};
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);

  RunArguments run_args;
  CLI::App* run = app.add_subcommand("run", "run a scenario (the built-in national default when none is given)");
  run->add_option("scenario", run_args.scenario_path, "scenario YAML file")->check(CLI::ExistingFile);
  run->add_option("--policy", run_args.policy, "dispatch policy (see `aicn policies`)");
  run->add_option("--seed", run_args.seed, "random seed of the scenario")->check(CLI::NonNegativeNumber);
  run->add_option("--horizon", run_args.horizon, "simulated time during which jobs arrive, e.g. 30d or 12h");
  run->add_option("--max-jobs", run_args.max_jobs, "stop submitting after this many jobs");
  run->add_flag("--drain", run_args.drain, "keep simulating after the horizon until every job is done");
  run->add_option("--compute-model", run_args.compute_model, "how GPU compute is simulated")
      ->check(CLI::IsMember({"timer", "exec"}));
  run->add_option("--out", run_args.out_dir, "results folder (default results/runs/<scenario>-<policy>-seed<N>)");
  run->add_option("--log-level", run_args.log_level, "trace, debug, info, warn (default), error, critical or off");
  run->add_flag("-q,--quiet", run_args.quiet, "print only where the results went; no progress line");

  CLI::App* policies = app.add_subcommand("policies", "list the dispatch policies");
  CLI::App* layouts = app.add_subcommand("layouts", "list the built-in layouts");

  CLI11_PARSE(app, argc, argv);

  try {
    if (*run) return run_command(run_args, joined_command_line(argc, argv));
    if (*policies) {
      for (const auto& [name, entry] : aicn::policy::PolicyRegistry::instance().entries())
        std::printf("%-24s %s\n", name.c_str(), entry.description.c_str());
      return 0;
    }
    if (*layouts) {
      for (const auto& name : aicn::topology::builtin_layout_names()) {
        const auto layout = aicn::topology::load_layout(name);
        std::printf("%-20s %3zu hubs %4zu sites %7d GPUs  %s\n", name.c_str(), layout.hubs.size(), layout.sites.size(),
                    layout.total_gpus(), layout.description.c_str());
      }
      return 0;
    }
  } catch (const aicn::config::ConfigError& e) {
    std::fprintf(stderr, "aicn: error: %s\n", e.what());
    return kExitInputError;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "aicn: error: %s\n", e.what());
    return kExitInputError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "aicn: run failed: %s\n", e.what());
    return kExitRunError;
  }
  return 0;
}
