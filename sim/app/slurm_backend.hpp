#pragma once
/// @file slurm_backend.hpp
/// `aicn sweep --backend slurm`: the runs of one attempt become one Slurm job array (one
/// array task per run, or per chunk of runs), submitted with sbatch and waited for (squeue), so that
/// the sweep aggregates when the array has ended. Slurm places, requeues (--requeue) and accounts for
/// the tasks; the sweep reads each run's outcome from its run folder, not from Slurm.
#include <filesystem>
#include <string>
#include <vector>

#include "child_runs.hpp"

namespace aicn::cli {

struct SlurmOptions {
  std::string partition;
  std::string account;
  std::string time_limit;                 ///< --time, e.g. 01:00:00
  std::vector<std::string> sbatch_lines;  ///< extra "#SBATCH ..." options, e.g. "--mem=4G"
  std::vector<std::string> setup_lines;   ///< shell lines before the runs, e.g. "module load hdf5"
  int chunk = 1;                          ///< runs per array task
};

/// The batch script of one array: each task runs its runs with `program`, each writing to its
/// run's log; a task exits non-zero when one of its runs failed.
std::string slurm_array_script(const std::filesystem::path& program, const std::vector<ChildRun>& runs,
                               const SlurmOptions& options, const std::string& job_name,
                               const std::filesystem::path& slurm_log_dir);

/// Submits the script with `sbatch --parsable` (its output saved in `sbatch_output`) and
/// returns the job id. std::runtime_error when sbatch is missing or refuses the job.
std::string submit_slurm_array(const std::filesystem::path& script, const std::filesystem::path& sbatch_output);

/// Returns when no task of the job is pending or running any more (polling squeue), or at a
/// stop signal, after cancelling the job.
void wait_for_slurm_job(const std::string& job);

/// Single-quotes a word for sh.
std::string shell_quote(const std::string& word);

}  // namespace aicn::cli
