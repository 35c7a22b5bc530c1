// `aicn baseline RUN`: record a run's summary metrics (and optionally its job table) with
// their provenance as a baseline file for `aicn check`.
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "aicn/results/atomic_file.hpp"
#include "aicn/results/regression.hpp"
#include "command.hpp"

namespace aicn::cli {
namespace {

class BaselineCommand final : public Command {
 public:
  int order() const override { return 40; }

  CLI::App* add_to(CLI::App& app) override {
    CLI::App* command = app.add_subcommand("baseline", "write a baseline file of a run's metrics for `aicn check`");
    command->add_option("run", run_, "results folder of `aicn run`, or its trace.h5")->required();
    command->add_option("--out", out_, "baseline file to write (default: baseline.json in the run folder)");
    command->add_flag("--job-table", jobs_, "also record the job table, so `aicn check --job-table` can compare it");
    renamed_jobs_flag(*command, renamed_jobs_);
    return command;
  }

  int run(const Invocation& invocation) override {
    if (renamed_jobs_) throw std::invalid_argument(renamed_jobs_message());
    const results::RunRecord record = results::load_run(run_);
    const auto baseline = results::make_baseline(record, jobs_, invocation.command_line);
    std::filesystem::path out = out_;
    if (out.empty()) {
      const std::filesystem::path source(run_);
      out = (std::filesystem::is_directory(source) ? source : source.parent_path()) / "baseline.json";
    }
    results::write_file_atomically(out, results::baseline_text(baseline));  // OutputError names `out`
    std::printf("Baseline: %s (%zu metrics%s)\n", std::filesystem::absolute(out).c_str(), baseline["metrics"].size(),
                jobs_ ? (", " + std::to_string(baseline["jobs"]["rows"].size()) + " jobs").c_str() : "");
    return kExitOk;
  }

 private:
  std::string run_;
  std::string out_;
  bool jobs_ = false;
  bool renamed_jobs_ = false;
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_COMMAND(aicn::cli::BaselineCommand, "baseline")
