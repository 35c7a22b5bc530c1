// `aicn baseline RUN`: record a run's summary metrics (and optionally its job table) with
// their provenance as a baseline file for `aicn check`.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

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
    command->add_flag("--jobs", jobs_, "also record the job table, so `aicn check --jobs` can compare it");
    return command;
  }

  int run(const Invocation& invocation) override {
    const results::RunRecord record = results::load_run(run_);
    const auto baseline = results::make_baseline(record, jobs_, invocation.command_line);
    std::filesystem::path out = out_;
    if (out.empty()) {
      const std::filesystem::path source(run_);
      out = (std::filesystem::is_directory(source) ? source : source.parent_path()) / "baseline.json";
    }
    const std::filesystem::path temp = out.string() + ".partial";
    {
      errno = 0;
      std::ofstream file(temp, std::ios::trunc);
      if (!file)
        throw std::invalid_argument("--out: cannot write " + temp.string() + ": " +
                                    (errno ? std::strerror(errno) : "cannot open"));
      file << results::baseline_text(baseline);
      if (!file) throw std::runtime_error("error while writing " + temp.string());
    }
    std::filesystem::rename(temp, out);
    std::printf("Baseline: %s (%zu metrics%s)\n", std::filesystem::absolute(out).c_str(), baseline["metrics"].size(),
                jobs_ ? (", " + std::to_string(baseline["jobs"]["rows"].size()) + " jobs").c_str() : "");
    return kExitOk;
  }

 private:
  std::string run_;
  std::string out_;
  bool jobs_ = false;
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_COMMAND(aicn::cli::BaselineCommand, "baseline")
