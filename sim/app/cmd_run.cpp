// `aicn run`: load a scenario (the built-in national default when none is given), apply the
// command-line overrides, run it and print the summary.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/policy/placement_policy.hpp"
#include "aicn/policy/policy_library.hpp"
#include "aicn/policy/queue_discipline.hpp"
#include "aicn/results/serving_accountant.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/sim/scenario_settings.hpp"
#include "aicn/sim/simulation.hpp"
#include "command.hpp"

namespace aicn::cli {
namespace {

/// A request-level deployment's headline lines (docs/serving.md), read back from the run's
/// summary.json, which owns them; nothing for other runs.
void print_serving_lines(const std::string& summary_path) {
  std::ifstream in(summary_path);
  const nlohmann::json summary = nlohmann::json::parse(in, nullptr, false);
  if (!summary.is_discarded() && summary.contains("serving")) std::cout << results::serving_summary_text(summary["serving"]);
}

class RunCommand final : public Command {
 public:
  int order() const override { return 10; }

  CLI::App* add_to(CLI::App& app) override {
    CLI::App* run = app.add_subcommand("run", "run a scenario (the built-in national default when none is given)");
    run->add_option("scenario", scenario_path_, "scenario YAML file")->check(scenario_file());
    run->add_option("--policy", policy_,
                    "dispatch policy (see `aicn policies`), with parameters as NAME:KEY=VALUE,KEY=VALUE or as YAML "
                    "'{name: NAME, params: {KEY: VALUE}}'")
        ->type_name("POLICY");
    run->add_option("--layout", layout_, "replace the scenario's layout: a built-in name (see `aicn layouts`) or a layout file")
        ->type_name("NAME|FILE");
    run->add_option("--set", sets_,
                    "set any scenario key before validation, e.g. --set horizon=7d --set workload.arrivals_per_hour=12 "
                    "(repeatable; VALUE is YAML; list elements as key[N])")
        ->type_name("KEY.PATH=VALUE")
        ->allow_extra_args(false);
    run->add_option("--policy-lib", policy_libs_, "load dispatch policies from this shared library (repeatable)")
        ->type_name("LIB.so")
        ->allow_extra_args(false);
    run->add_option("--policy-cmd", policy_cmd_,
                    "with --policy external: start this scheduler, talk JSON lines over its stdin/stdout")
        ->type_name("COMMAND");
    run->add_option("--policy-endpoint", policy_endpoint_,
                    "with --policy external: the scheduler's ZeroMQ REP endpoint, e.g. tcp://127.0.0.1:5555")
        ->type_name("URL");
    run->add_option("--placement", placement_,
                    "placement policy inside each site: " + policy::PlacementRegistry::instance().names() +
                        " (default: the built-in best-fit pools)")
        ->type_name("NAME");
    run->add_option("--queue", queue_, "local queue discipline: " + policy::QueueDisciplineRegistry::instance().names())->type_name("NAME");
    // The options that replace scenario keys take text: the key's own parser reads it
    // (sim::ScenarioOverride), so the option accepts exactly what the file accepts.
    run->add_option("--seed", seed_, "random seed of the scenario, 0 or more")->type_name("N");
    run->add_option("--horizon", horizon_, "simulated time during which jobs arrive, e.g. 30d or 12h")->type_name("DURATION");
    run->add_option("--max-jobs", max_jobs_, "stop submitting after this many jobs")->type_name("N");
    run->add_flag("--drain", drain_, "keep simulating after the horizon until every job is done");
    run->add_option("--compute-model", compute_model_, "how GPU compute is simulated: timer (default, fast) or exec (SimGrid executions)")
        ->type_name("MODEL");
    run->add_option("--out", out_dir_, "results folder (default results/runs/<scenario>-<policy>-seed<N>)")->type_name("DIR");
    run->add_flag("--force", force_, "replace an earlier run in the --out folder (replaced whole, once this run is complete)");
    run->add_option("--log-level", log_level_, "trace, debug, info, warn (default), error, critical or off")->type_name("LEVEL");
    run->add_flag("-q,--quiet", quiet_, "print only where the results went; no progress line");
    run->footer("The summary includes energy (kWh), electricity cost (yuan), carbon (t CO2, location-based),\n"
                "revenue and payback per site, per hub and overall; the scenario key `economics` sets the\n"
                "power and business model (docs/energy-cost-carbon.md).");
    return run;
  }

  int run(const Invocation& invocation) override {
    apply_log_level(log_level_);
    for (const auto& library : policy_libs_) policy::load_policy_library(library);
    std::vector<config::KeySetting> settings = sim::key_settings(sets_);
    if (layout_) settings.push_back(sim::layout_setting(*layout_));
    const std::optional<config::KeySetting> policy_with_params = policy_ ? sim::policy_setting("--policy", *policy_) : std::nullopt;
    if (policy_with_params) settings.push_back(*policy_with_params);
    const sim::ScenarioOverrides overrides = scenario_overrides(policy_with_params.has_value());
    sim::Scenario scenario = sim::load_scenario_with(scenario_path_, overrides, settings);
    apply_external_scheduler(scenario);

    sim::RunOptions options;
    // A placement policy, when set, is part of the default folder name: runs differing only in it do not collide.
    options.out_dir = out_dir_.empty() ? "results/runs/" + scenario.name + "-" + scenario.policy +
                                             (scenario.placement.empty() ? "" : "-" + scenario.placement) + "-seed" +
                                             std::to_string(scenario.seed)
                                       : out_dir_;
    options.force = force_;
    options.show_progress = !quiet_ && isatty(fileno(stderr));
    options.command_line = invocation.command_line;

    const sim::RunResult result = sim::run_simulation(scenario, options);
    // On stderr and with --quiet too: the figures it qualifies are in summary.json.
    if (const std::string warning = result.summary.idle_tail_warning(); !warning.empty())
      std::fprintf(stderr, "aicn: warning: %s\n", warning.c_str());
    if (!quiet_) {
      std::cout << result.summary.to_table();
      print_serving_lines(result.summary_path);
      std::printf("\nWall time %.2f s, %llu events (%.0f events/s)\n", result.wall_s,
                  static_cast<unsigned long long>(result.events),
                  result.wall_s > 0 ? static_cast<double>(result.events) / result.wall_s : 0.0);
    }
    std::printf("Trace:    %s\nSummary:  %s\nScenario: %s\n", std::filesystem::absolute(result.trace_path).c_str(),
                std::filesystem::absolute(result.summary_path).c_str(),
                std::filesystem::absolute(result.scenario_path).c_str());
    return kExitOk;
  }

 private:
  /// The options that replace a whole key; a --policy with parameters is a setting instead.
  sim::ScenarioOverrides scenario_overrides(bool policy_is_setting) const {
    sim::ScenarioOverrides overrides;
    const auto add = [&](const char* key, const char* option, const std::optional<std::string>& text) {
      if (text) overrides.push_back({key, sim::option_value(option, *text)});
    };
    if (!policy_is_setting) add("policy", "--policy", policy_);
    add("queue", "--queue", queue_);
    add("placement", "--placement", placement_);
    add("seed", "--seed", seed_);
    add("horizon", "--horizon", horizon_);
    add("max_jobs", "--max-jobs", max_jobs_);
    if (drain_) add("drain", "--drain", std::string("true"));
    add("compute_model", "--compute-model", compute_model_);
    return overrides;
  }

  /// --policy-cmd and --policy-endpoint replace the external policy's `command` and
  /// `endpoint` params (the other one is cleared); the params are checked again as a whole.
  void apply_external_scheduler(sim::Scenario& scenario) const {
    if (!policy_cmd_ && !policy_endpoint_) return;
    const char* option = policy_cmd_ ? "--policy-cmd" : "--policy-endpoint";
    if (policy_cmd_ && policy_endpoint_)
      throw std::invalid_argument("--policy-cmd and --policy-endpoint: give one scheduler, not both");
    if (scenario.policy != "external")
      throw std::invalid_argument(std::string(option) + ": needs --policy external (the policy is '" + scenario.policy + "')");
    const config::ConfigNode& source = scenario.policy_params.source();
    YAML::Node params = source.defined() ? YAML::Clone(source.yaml()) : YAML::Node(YAML::NodeType::Map);
    params["command"] = policy_cmd_.value_or("");
    params["endpoint"] = policy_endpoint_.value_or("");
    scenario.policy_params = policy::PolicyRegistry::instance().validate(
        "external", config::ConfigNode(params, source.file(), "policy.params"));
  }

  std::string scenario_path_;
  // Unset unless given: an empty text is a value too (and refused by its key's parser).
  std::optional<std::string> policy_;
  std::optional<std::string> queue_;
  std::optional<std::string> placement_;
  std::optional<std::string> policy_cmd_;
  std::optional<std::string> policy_endpoint_;
  std::vector<std::string> policy_libs_;
  std::optional<std::string> layout_;
  std::vector<std::string> sets_;
  std::optional<std::string> seed_;
  std::optional<std::string> horizon_;
  std::optional<std::string> max_jobs_;
  bool drain_ = false;
  std::optional<std::string> compute_model_;
  std::string out_dir_;
  bool force_ = false;
  std::string log_level_ = "warn";
  bool quiet_ = false;
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_COMMAND(aicn::cli::RunCommand, "run")
