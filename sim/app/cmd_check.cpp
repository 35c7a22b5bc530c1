// `aicn check RUN --baseline FILE`: compare a run with a baseline, metric by metric; exit 3
// when a metric drifted beyond tolerance, is missing, is new (the baseline lacks it; unless
// --allow-new), or the run is not the baseline's run.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "aicn/results/regression.hpp"
#include "command.hpp"

namespace aicn::cli {
namespace {

nlohmann::json read_baseline(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("--baseline: cannot read '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw std::invalid_argument(path + ": not valid JSON: " + e.what());
  }
}

class CheckCommand final : public Command {
 public:
  int order() const override { return 41; }

  CLI::App* add_to(CLI::App& app) override {
    CLI::App* command = app.add_subcommand(
        "check", "compare a run with a baseline metric by metric (ok when |value - baseline| <= atol + rtol x |baseline|); exit 3 on a regression or a metric the baseline lacks");
    command->add_option("run", run_, "results folder of `aicn run`, or its trace.h5")->required();
    command->add_option("--baseline", baseline_, "baseline file written by `aicn baseline`")->required();
    command->add_option("--rtol", tolerance_.rtol, "relative tolerance, 0 or more (default 1e-6)")->check(number_at_least(0));
    command->add_option("--atol", tolerance_.atol, "absolute tolerance, 0 or more (default 1e-9)")->check(number_at_least(0));
    command->add_flag("--job-table", jobs_, "also compare the job table row by row (the baseline must have one)");
    renamed_jobs_flag(*command, renamed_jobs_);
    command->add_flag("--failures-only", failures_only_, "print only the rows that fail");
    command->add_flag("--allow-new", allow_new_,
                      "a metric of the run that the baseline lacks does not fail (by default it does: the baseline "
                      "cannot guard it)");
    return command;
  }

  int run(const Invocation&) override {
    if (renamed_jobs_) throw std::invalid_argument(renamed_jobs_message());
    const nlohmann::json baseline = read_baseline(baseline_);
    const results::RunRecord record = results::load_run(run_);
    nlohmann::json jobs;
    if (jobs_) {
      if (record.trace_path.empty()) throw std::invalid_argument(run_ + ": no trace.h5, so no job table to compare");
      jobs = results::job_table_json(record.trace_path);
    }
    results::CheckReport report;
    try {
      report = results::check_against_baseline(baseline, record.summary, tolerance_, jobs_ ? &jobs : nullptr, allow_new_);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(baseline_ + ": " + e.what());
    }
    std::printf("Checking %s against %s (rtol %g, atol %g)\n", run_.c_str(), baseline_.c_str(), tolerance_.rtol,
                tolerance_.atol);
    std::cout << report.to_text(failures_only_);
    return report.passed() ? kExitOk : kExitCheckFailed;
  }

 private:
  std::string run_;
  std::string baseline_;
  results::Tolerance tolerance_;
  bool jobs_ = false;
  bool renamed_jobs_ = false;
  bool failures_only_ = false;
  bool allow_new_ = false;
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_COMMAND(aicn::cli::CheckCommand, "check")
