// `aicn demo`: the built-in national default scenario under local-first and under a policy
// that dispatches west, on the same job stream (same scenario and seed), then a short
// comparison and the brief's headline figures. Each run is an `aicn run` child process
// (SimGrid allows one engine per process), as in `aicn compare`.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/results/output_error.hpp"
#include "aicn/sim/scenario_settings.hpp"
#include "aicn/sim/simulation.hpp"
#include "../src/stop_signals.hpp"
#include "child_runs.hpp"
#include "command.hpp"
#include "demo_report.hpp"

namespace aicn::cli {
namespace {

namespace fs = std::filesystem;

class DemoCommand final : public Command {
 public:
  int order() const override { return 15; }

  CLI::App* add_to(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand(
        "demo", "run the national default scenario under local-first and under a policy that dispatches west; "
                "print what changes (waits, utilisation east and west, electricity cost, carbon, bytes moved) and "
                "the brief's headline figures");
    cmd->add_option("--horizon", horizon_, "simulated time of both runs (default: the scenario's 30 days)")
        ->type_name("DURATION");
    cmd->add_option("--west-policy", west_policy_, "the policy compared with local-first")->capture_default_str();
    cmd->add_option("--seed", seed_, "random seed of both runs")->type_name("N")->capture_default_str();
    cmd->add_option("--out", out_dir_, "folder of the two runs")->type_name("DIR")->capture_default_str();
    cmd->add_option("-j,--jobs", jobs_, "runs in parallel")->check(number_at_least(1))->capture_default_str();
    return cmd;
  }

  int run(const Invocation&) override {
    if (!policy::PolicyRegistry::instance().contains(west_policy_))
      throw std::invalid_argument("--west-policy: " + policy::PolicyRegistry::instance().unknown_message(west_policy_));
    if (west_policy_ == kLocalPolicy) throw std::invalid_argument("--west-policy: must differ from local-first");
    // Parse the scenario with the options once here, so that a bad value fails before any run.
    sim::ScenarioOverrides overrides{{"seed", sim::option_value("--seed", seed_)}};
    if (horizon_) overrides.push_back({"horizon", sim::option_value("--horizon", *horizon_)});
    const sim::Scenario scenario = sim::load_scenario_with("", overrides, {});
    const std::string horizon = horizon_ ? *horizon_ : format_days(scenario.horizon_s);
    const sim::StopSignals stop_signals;
    const fs::path out(out_dir_);
    results::translating_filesystem_errors(out, [&] { fs::create_directories(out); });
    const std::vector<std::string> policies{kLocalPolicy, west_policy_};
    std::vector<ChildRun> children;
    for (const auto& name : policies) {
      std::vector<std::string> arguments{"run", "--policy", name, "--seed", seed_, "--out", (out / name).string(), "--force",
                                         "--quiet"};
      if (horizon_) arguments.insert(arguments.end(), {"--horizon", *horizon_});
      children.push_back({name, arguments, out / (name + ".log"), {}});
    }
    std::fprintf(stderr, "aicn demo: %s, %s of arrivals, policies %s and %s, into %s\n", scenario.name.c_str(),
                 horizon.c_str(), kLocalPolicy, west_policy_.c_str(), out.c_str());
    const std::vector<ChildOutcome> outcomes =
        run_children(fs::read_symlink("/proc/self/exe"), children, jobs_, [](std::size_t, const ChildOutcome&) {});
    if (const int signal = sim::StopSignals::received(); signal != 0) throw sim::RunInterrupted(signal, "demo");
    for (std::size_t i = 0; i < children.size(); ++i)
      if (!outcomes[i].ok) {
        std::fprintf(stderr, "aicn: run failed: %s (%s)%s\n", children[i].label.c_str(), outcomes[i].status.c_str(),
                     log_tail(children[i].log).c_str());
        return kExitRunError;
      }
    const DemoRun local = DemoRun::from_summary(kLocalPolicy, read_summary(out / kLocalPolicy));
    const DemoRun west = DemoRun::from_summary(west_policy_, read_summary(out / west_policy_));
    std::printf("AICN demo: scenario %s on layout %s, %s of arrivals, seed %s; the same %s jobs under both policies\n\n",
                scenario.name.c_str(), scenario.layout.name.c_str(), horizon.c_str(), seed_.c_str(),
                grouped(local.submitted).c_str());
    std::cout << demo_comparison(local, west) << "\n" << demo_headlines();
    std::printf("\nRuns: %s/%s/, %s/%s/\n", out.c_str(), kLocalPolicy, out.c_str(), west_policy_.c_str());
    return kExitOk;
  }

 private:
  static constexpr const char* kLocalPolicy = "local-first";

  static std::string format_days(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%g days", seconds / 86400.0);
    return text;
  }

  static nlohmann::json read_summary(const fs::path& run) {
    std::ifstream in(run / "summary.json");
    if (!in) throw std::runtime_error("aicn demo: no summary in " + run.string());
    return nlohmann::json::parse(in);
  }

  std::optional<std::string> horizon_;
  std::string west_policy_ = "cost-aware";
  std::string seed_ = "1";
  std::string out_dir_ = "results/demo";
  int jobs_ = 2;
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_COMMAND(aicn::cli::DemoCommand, "demo")
