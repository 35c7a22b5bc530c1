// `aicn sweep SWEEP.yaml`: a base scenario run over a grid (or list) of cells, each cell over
// the same seeds, locally in a process pool or on Slurm as a job array; then the statistics of
// aicn_results (mean and CI per cell, paired differences against a reference cell). See
// docs/sweep.md. The sweep folder is resumable: runs already complete are not run again.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "aicn/policy/policy_library.hpp"
#include "aicn/results/atomic_file.hpp"
#include "aicn/results/output_error.hpp"
#include "aicn/results/sweep_results.hpp"
#include "aicn/sim/simulation.hpp"
#include "../src/stop_signals.hpp"
#include "child_runs.hpp"
#include "command.hpp"
#include "slurm_backend.hpp"
#include "sweep_plan.hpp"
#include "sweep_spec.hpp"

namespace aicn::cli {
namespace {

namespace fs = std::filesystem;

class SweepCommand final : public Command {
 public:
  int order() const override { return 21; }

  CLI::App* add_to(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand(
        "sweep", "run a base scenario over a grid of cells (any scenario key) and seeds, locally or on Slurm; "
                 "mean and 95 % CI per cell, paired differences against a reference cell");
    cmd->add_option("sweep", sweep_path_, "sweep YAML file (see docs/sweep.md)")->required()->check(CLI::ExistingFile);
    cmd->add_option("--out", out_dir_, "sweep folder (default results/sweeps/<name>); resumed when it exists")->type_name("DIR");
    cmd->add_flag("--dry-run", dry_run_, "list the cells and runs (done or to run) and stop");
    cmd->add_option("--backend", backend_, "where the runs go: local (a process pool, the default) or slurm (a job array)")
        ->check(CLI::IsMember({"local", "slurm"}))
        ->type_name("NAME");
    cmd->add_option("-j,--jobs", jobs_, "local back end: runs in parallel (default: every core this process may use)")
        ->check(number_at_least(1))
        ->type_name("N");
    cmd->add_option("--retries", retries_, "try a failed run again this many times (default: the file's retries, else 1)")
        ->check(CLI::Range(0, 100))
        ->type_name("N");
    cmd->add_option("--policy-lib", policy_libs_, "load dispatch policies from this shared library (repeatable)")
        ->allow_extra_args(false)
        ->type_name("LIB.so");
    cmd->add_option("--partition", slurm_.partition, "slurm: partition (sbatch --partition)")->type_name("NAME");
    cmd->add_option("--account", slurm_.account, "slurm: account (sbatch --account)")->type_name("NAME");
    cmd->add_option("--time", slurm_.time_limit, "slurm: time limit of each array task (sbatch --time), e.g. 00:30:00")->type_name("TIME");
    cmd->add_option("--sbatch", slurm_.sbatch_lines, "slurm: an extra #SBATCH option, e.g. --mem=4G (repeatable)")
        ->allow_extra_args(false)
        ->type_name("OPTION");
    cmd->add_option("--setup", slurm_.setup_lines, "slurm: a shell line each array task runs first, e.g. 'module load hdf5' (repeatable)")
        ->allow_extra_args(false)
        ->type_name("LINE");
    cmd->add_option("--chunk", slurm_.chunk, "slurm: runs per array task (default 1)")->check(CLI::Range(1, 100000))->type_name("N");
    return cmd;
  }

  int run(const Invocation&) override {
    for (const auto& library : policy_libs_) policy::load_policy_library(library);
    SweepSpec spec = load_sweep_spec(sweep_path_);
    if (retries_) spec.retries = *retries_;
    fs::path out = out_dir_.empty() ? fs::path("results/sweeps") / spec.name : fs::path(out_dir_).lexically_normal();
    if (!out.has_filename() && out.has_relative_path()) out = out.parent_path();
    out = fs::absolute(out);  // array tasks may start in another folder
    std::vector<SweepTask> tasks = plan_sweep(spec, out);
    std::vector<std::size_t> pending;
    for (std::size_t t = 0; t < tasks.size(); ++t)
      if (!task_done(tasks[t])) pending.push_back(t);
    std::fprintf(stderr, "aicn sweep %s: %zu cells x %zu seeds = %zu runs, %zu already done, %zu to run (%s back end)\n",
                 spec.name.c_str(), spec.cells.size(), spec.seeds.size(), tasks.size(), tasks.size() - pending.size(),
                 pending.size(), backend_.c_str());
    if (dry_run_) {
      print_plan(spec, tasks);
      return kExitOk;
    }
    const sim::StopSignals stop_signals;
    results::translating_filesystem_errors(out / "logs", [&] {
      fs::create_directories(out / "logs");
      fs::copy_file(sweep_path_, out / "sweep.input.yaml", fs::copy_options::overwrite_existing);
    });
    for (const std::size_t t : pending) {
      write_task_scenario(tasks[t]);
      // A run folder that is not done here is stale (another scenario): gone before any run, so
      // that a requeued Slurm task may skip a run its earlier attempt completed.
      results::translating_filesystem_errors(tasks[t].run_dir, [&] { fs::remove_all(tasks[t].run_dir); });
    }

    const fs::path self = fs::read_symlink("/proc/self/exe");
    for (int attempt = 0; attempt <= spec.retries && !pending.empty(); ++attempt) {
      if (attempt > 0)
        std::fprintf(stderr, "aicn sweep: trying %zu failed run%s again (attempt %d of %d)\n", pending.size(),
                     pending.size() == 1 ? "" : "s", attempt + 1, spec.retries + 1);
      std::vector<ChildRun> runs;
      for (const std::size_t t : pending) {
        if (attempt > 0) tasks[t].log.replace_filename(tasks[t].log.stem().string().substr(0, tasks[t].log.stem().string().find(".retry")) +
                                                       ".retry" + std::to_string(attempt) + ".log");
        runs.push_back({tasks[t].label, run_arguments(tasks[t], policy_libs_), tasks[t].log, tasks[t].run_dir / "summary.json"});
      }
      if (backend_ == "slurm") {
        const fs::path dir = out / "slurm";
        results::translating_filesystem_errors(dir, [&] { fs::create_directories(dir); });
        const fs::path script = dir / ("array-attempt" + std::to_string(attempt + 1) + ".sh");
        results::write_file_atomically(script, slurm_array_script(self, runs, slurm_, "aicn-" + spec.name, dir));
        const std::string job = submit_slurm_array(script, dir / ("sbatch-attempt" + std::to_string(attempt + 1) + ".out"));
        std::fprintf(stderr, "  submitted %s (%zu runs) as Slurm job %s; waiting for it to end\n", script.c_str(), runs.size(), job.c_str());
        wait_for_slurm_job(job);
      } else {
        std::size_t done = 0;
        run_children(self, runs, jobs_ > 0 ? jobs_ : available_cores(), [&](std::size_t i, const ChildOutcome& outcome) {
          std::fprintf(stderr, "  [%zu/%zu] %s %s\n", ++done, runs.size(), runs[i].label.c_str(), outcome.ok ? "done" : "FAILED");
        });
      }
      if (const int signal = sim::StopSignals::received(); signal != 0) throw sim::RunInterrupted(signal, "sweep");
      // Outcomes come from the run folders, whatever the back end said.
      std::vector<std::size_t> still;
      for (const std::size_t t : pending)
        if (!task_done(tasks[t])) still.push_back(t);
      pending = still;
    }
    if (!pending.empty()) {
      for (const std::size_t t : pending)
        std::fprintf(stderr, "aicn: run failed: %s after %d attempt%s; log %s%s\n", tasks[t].label.c_str(), spec.retries + 1,
                     spec.retries == 0 ? "" : "s", tasks[t].log.c_str(), log_tail(tasks[t].log).c_str());
      std::fprintf(stderr, "aicn sweep: %zu of %zu runs failed; run the same command again to retry only those\n",
                   pending.size(), tasks.size());
      return kExitRunError;
    }
    write_outputs(spec, tasks, out);
    return kExitOk;
  }

 private:
  static void print_plan(const SweepSpec& spec, const std::vector<SweepTask>& tasks) {
    std::printf("reference cell: %s\n", spec.cells[spec.reference].name.c_str());
    for (std::size_t c = 0; c < spec.cells.size(); ++c) {
      std::printf("cell %zu: %s\n", c + 1, spec.cells[c].name.c_str());
      for (const auto& setting : spec.cells[c].settings) std::printf("    %s = %s\n", setting.key.c_str(), setting.label.c_str());
    }
    for (const auto& task : tasks)
      std::printf("  %-8s %s  %s\n", task_done(task) ? "done" : "to run", task.label.c_str(), task.run_dir.c_str());
  }

  static void write_outputs(const SweepSpec& spec, const std::vector<SweepTask>& tasks, const fs::path& out) {
    const results::SweepResults sweep = collect_results(spec, tasks);
    const results::SweepStatistics statistics = results::sweep_statistics(sweep);
    nlohmann::ordered_json json = results::sweep_json(sweep, statistics);
    for (const auto& task : tasks)
      json["runs"].push_back({{"cell", spec.cells[task.cell].name},
                              {"seed", task.seed},
                              {"run", fs::relative(task.run_dir, out).string()},
                              {"scenario_hash", task.scenario_hash}});
    results::write_file_atomically(out / "sweep.csv", results::sweep_csv(sweep));
    results::write_file_atomically(out / "sweep_stats.csv", results::sweep_statistics_csv(sweep, statistics));
    results::write_file_atomically(out / "sweep.json", json.dump(2) + "\n");
    std::cout << results::sweep_table(sweep, statistics);
    std::printf("\nRuns:       %s/cells/<cell>/seed<N>/run/\nResults:    %s\n            %s\n            %s\n", out.c_str(),
                (out / "sweep.csv").c_str(), (out / "sweep_stats.csv").c_str(), (out / "sweep.json").c_str());
  }

  std::string sweep_path_;
  std::string out_dir_;
  bool dry_run_ = false;
  std::string backend_ = "local";
  int jobs_ = 0;
  std::optional<int> retries_;
  std::vector<std::string> policy_libs_;
  SlurmOptions slurm_;
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_COMMAND(aicn::cli::SweepCommand, "sweep")
