// `aicn compare`: run several policies over several seeds on one scenario and compare them.
// Each (policy, seed) runs as its own `aicn run` child process (SimGrid allows one engine per
// process), up to --jobs at a time. For a given seed every policy sees the identical job
// stream: the workload's random streams depend only on the scenario and the seed.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/policy/policy_library.hpp"
#include "aicn/policy/queue_discipline.hpp"
#include "aicn/results/atomic_file.hpp"
#include "aicn/results/comparison.hpp"
#include "aicn/results/output_error.hpp"
#include "aicn/results/run_folder.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/sim/scenario_settings.hpp"
#include "aicn/sim/simulation.hpp"
#include "../src/stop_signals.hpp"
#include "aicn/sim/simgrid_config_check.hpp"
#include "child_runs.hpp"
#include "command.hpp"

namespace aicn::cli {
namespace {

namespace fs = std::filesystem;

struct PlannedRun {
  std::string policy;
  std::uint64_t seed = 0;
  fs::path out_dir;
  fs::path log;
  std::vector<std::string> arguments;  ///< argv for the child, without the program
};

class CompareCommand final : public Command {
 public:
  int order() const override { return 20; }

  CLI::App* add_to(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand(
        "compare", "run several policies over several seeds on one scenario; table with 95 % confidence intervals "
                   "(waits, utilisation, data moved, energy, electricity cost, carbon, revenue)");
    cmd->add_option("scenario", scenario_path_, "scenario YAML file (the built-in national default when omitted)")
        ->check(scenario_file("--policies"));
    cmd->add_option("--policies", policies_, "comma-separated policy names, e.g. local-first,least-loaded")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->required()
        ->type_name("NAMES");
    cmd->add_option("--seeds", seeds_, "seeds: a range or list, e.g. 1-5 or 1,3,9 (default 1-5)")->type_name("SEEDS");
    cmd->add_option("-j,--jobs", jobs_, "runs in parallel (default 1)")->check(number_at_least(1))->type_name("N");
    cmd->add_option("--out", out_dir_, "results folder (default results/compare/<scenario>)")->type_name("DIR");
    cmd->add_flag("--force", force_, "replace an earlier comparison in the --out folder (replaced whole, once this one is complete)");
    cmd->add_option("--policy-lib", policy_libs_, "load dispatch policies from this shared library (repeatable)")
        ->allow_extra_args(false)
        ->type_name("LIB.so");
    cmd->add_option("--queue", queue_, "local queue discipline for every run: " + policy::QueueDisciplineRegistry::instance().names())->type_name("NAME");
    cmd->add_option("--horizon", horizon_, "override the scenario's horizon, e.g. 7d")->type_name("DURATION");
    cmd->add_option("--max-jobs", max_jobs_, "stop submitting after this many jobs")->type_name("N");
    cmd->add_flag("--drain", drain_, "keep simulating after the horizon until every job is done");
    cmd->add_option("--compute-model", compute_model_, "how GPU compute is simulated: timer (default, fast) or exec (SimGrid executions)")
        ->type_name("MODEL");
    cmd->add_option("--layout", layout_, "replace the scenario's layout: a built-in name (see `aicn layouts`) or a layout file")
        ->type_name("NAME|FILE");
    cmd->add_option("--set", sets_, "set any scenario key for every run, e.g. --set horizon=7d (repeatable; VALUE is YAML)")
        ->type_name("KEY.PATH=VALUE")
        ->allow_extra_args(false);
    return cmd;
  }

  int run(const Invocation&) override {
    for (const auto& library : policy_libs_) policy::load_policy_library(library);
    for (std::size_t i = 0; i < policies_.size(); ++i) {
      const std::string& name = policies_[i];
      if (name.find(':') != std::string::npos || name.starts_with('{'))
        throw std::invalid_argument("--policies: '" + name +
                                    "': compare takes policy names; give one policy parameters with --set policy=NAME --set "
                                    "policy.params.KEY=VALUE (the runs of that policy use them)");
      if (!policy::PolicyRegistry::instance().contains(name))
        throw std::invalid_argument("--policies: " + policy::PolicyRegistry::instance().unknown_message(name));
      // Twice the same policy would pool its runs as if they were twice the seeds.
      if (std::find(policies_.begin(), policies_.begin() + static_cast<std::ptrdiff_t>(i), name) !=
          policies_.begin() + static_cast<std::ptrdiff_t>(i))
        throw std::invalid_argument("--policies names " + name + " twice");
    }
    const std::vector<std::uint64_t> seeds = results::parse_seed_list(seeds_);
    for (const std::uint64_t seed : seeds) sim::parse_seed(sim::option_value("--seeds", std::to_string(seed)));
    // Parse the scenario once here, with the options each run passes on, so that a bad file or
    // option fails before any run starts.
    sim::ScenarioOverrides overrides;
    if (horizon_) overrides.push_back({"horizon", sim::option_value("--horizon", *horizon_)});
    if (max_jobs_) overrides.push_back({"max_jobs", sim::option_value("--max-jobs", *max_jobs_)});
    if (queue_) overrides.push_back({"queue", sim::option_value("--queue", *queue_)});
    if (compute_model_) overrides.push_back({"compute_model", sim::option_value("--compute-model", *compute_model_)});
    std::vector<config::KeySetting> settings = sim::key_settings(sets_);
    if (layout_) settings.push_back(sim::layout_setting(*layout_));
    const sim::Scenario scenario = sim::load_scenario_with(scenario_path_, overrides, settings);
    sim::check_simgrid_config(scenario);
    fs::path out = out_dir_.empty() ? fs::path("results/compare") / scenario.name : fs::path(out_dir_).lexically_normal();
    if (!out.has_filename() && out.has_relative_path()) out = out.parent_path();  // "cmp/" -> "cmp", for the paths printed
    // The runs and logs go into a temporary folder that becomes `out` only when complete.
    const sim::StopSignals stop_signals;
    results::RunFolder folder(out, results::comparison_folder_kind(), force_);
    const fs::path work = folder.path();
    results::translating_filesystem_errors(out / "logs", [&] { fs::create_directories(work / "logs"); });

    std::vector<PlannedRun> planned;
    for (const auto& name : policies_)
      for (std::uint64_t seed : seeds) planned.push_back(plan(name, seed, work));

    const fs::path self = fs::read_symlink("/proc/self/exe");
    std::fprintf(stderr, "aicn compare: %zu runs (%zu policies x %zu seed%s), %d in parallel, into %s\n",
                 planned.size(), policies_.size(), seeds.size(), seeds.size() == 1 ? "" : "s", jobs_, out.c_str());
    const std::vector<std::string> failures = run_all(self, planned);
    if (const int signal = sim::StopSignals::received(); signal != 0) throw sim::RunInterrupted(signal, "comparison");
    if (!failures.empty()) {
      for (const auto& failure : failures) std::fprintf(stderr, "aicn: run failed: %s\n", failure.c_str());
      return kExitRunError;
    }

    std::vector<results::PolicyRuns> runs;
    for (const auto& name : policies_) {
      results::PolicyRuns policy_runs{name, {}, {}};
      for (const auto& run : planned) {
        if (run.policy != name) continue;
        std::ifstream in(run.out_dir / "summary.json");
        policy_runs.seeds.push_back(run.seed);
        policy_runs.values.push_back(results::read_metrics(nlohmann::json::parse(in)));
      }
      runs.push_back(std::move(policy_runs));
    }
    const results::Comparison comparison = results::compare_runs(std::move(runs));
    nlohmann::ordered_json json = nlohmann::ordered_json::object();
    json["run_id"] = folder.run_id();
    const nlohmann::ordered_json statistics = results::comparison_json(comparison, scenario.name);
    for (const auto& [key, value] : statistics.items()) json[key] = value;
    try {
      results::write_file_atomically(work / "comparison.csv", results::comparison_csv(comparison));
      results::write_file_atomically(work / "comparison.json", json.dump(2) + "\n");
    } catch (const results::OutputError& e) {
      throw results::OutputError(folder.shown(e.path()), e.error_number());
    }
    folder.commit();
    std::cout << results::comparison_table(comparison);
    const fs::path& done = folder.target();
    std::printf("\nRuns:       %s/<policy>-seed<N>/\nComparison: %s\n            %s\n", done.c_str(),
                (done / "comparison.csv").c_str(), (done / "comparison.json").c_str());
    return kExitOk;
  }

 private:
  PlannedRun plan(const std::string& name, std::uint64_t seed, const fs::path& out) const {
    PlannedRun run;
    run.policy = name;
    run.seed = seed;
    const std::string tag = name + "-seed" + std::to_string(seed);
    run.out_dir = out / tag;
    run.log = out / "logs" / (tag + ".log");
    auto& a = run.arguments;
    a.push_back("run");
    if (!scenario_path_.empty()) a.push_back(scenario_path_);
    a.insert(a.end(), {"--policy", name, "--seed", std::to_string(seed), "--out", run.out_dir.string(), "--quiet"});
    for (const auto& library : policy_libs_) a.insert(a.end(), {"--policy-lib", library});
    if (queue_) a.insert(a.end(), {"--queue", *queue_});
    if (horizon_) a.insert(a.end(), {"--horizon", *horizon_});
    if (max_jobs_) a.insert(a.end(), {"--max-jobs", *max_jobs_});
    if (drain_) a.push_back("--drain");
    if (compute_model_) a.insert(a.end(), {"--compute-model", *compute_model_});
    if (layout_) a.insert(a.end(), {"--layout", *layout_});
    for (const auto& set : sets_) a.insert(a.end(), {"--set", set});
    return run;
  }

  /// Runs every planned run, at most jobs_ at a time (the process pool sweep uses too);
  /// returns a line per failed run.
  std::vector<std::string> run_all(const fs::path& self, const std::vector<PlannedRun>& planned) const {
    std::vector<ChildRun> children;
    for (const auto& run : planned)
      children.push_back({run.policy + " seed " + std::to_string(run.seed), run.arguments, run.log, {}});
    std::size_t done = 0;
    const std::vector<ChildOutcome> outcomes =
        run_children(self, children, jobs_, [&](std::size_t index, const ChildOutcome& outcome) {
          std::fprintf(stderr, "  [%zu/%zu] %s seed %llu %s\n", ++done, planned.size(), planned[index].policy.c_str(),
                       static_cast<unsigned long long>(planned[index].seed), outcome.ok ? "done" : "FAILED");
        });
    std::vector<std::string> failures;
    for (std::size_t i = 0; i < planned.size(); ++i)
      if (!outcomes[i].ok && outcomes[i].status != "not started" && outcomes[i].status != "stopped")
        failures.push_back(children[i].label + " (" + outcomes[i].status + ")" + log_tail(planned[i].log));
    return failures;
  }

  std::string scenario_path_;
  std::vector<std::string> policies_;
  std::string seeds_ = "1-5";
  int jobs_ = 1;
  std::string out_dir_;
  bool force_ = false;
  std::vector<std::string> policy_libs_;
  // Passed on to every `aicn run` as given, after the scenario has been parsed with them.
  std::optional<std::string> queue_;
  std::optional<std::string> horizon_;
  std::optional<std::string> max_jobs_;
  bool drain_ = false;
  std::optional<std::string> compute_model_;
  std::optional<std::string> layout_;
  std::vector<std::string> sets_;
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_COMMAND(aicn::cli::CompareCommand, "compare")
