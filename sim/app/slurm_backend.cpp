#include "slurm_backend.hpp"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <ctime>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "aicn/results/atomic_file.hpp"
#include "../src/stop_signals.hpp"

namespace aicn::cli {
namespace {

namespace fs = std::filesystem;

fs::path find_in_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const fs::path candidate = fs::path(dir.empty() ? "." : dir) / program;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}


}  // namespace

std::string shell_quote(const std::string& word) {
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string slurm_array_script(const fs::path& program, const std::vector<ChildRun>& runs, const SlurmOptions& options,
                               const std::string& job_name, const fs::path& slurm_log_dir) {
  const std::size_t chunk = static_cast<std::size_t>(options.chunk < 1 ? 1 : options.chunk);
  const std::size_t tasks = (runs.size() + chunk - 1) / chunk;
  std::string script = "#!/bin/sh\n";
  script += "# Written by aicn sweep: one array task per " + std::string(chunk == 1 ? "run" : "chunk of runs") +
            "; the sweep reads the outcomes from the run folders.\n";
  script += "#SBATCH --job-name=" + job_name + "\n";
  script += "#SBATCH --array=0-" + std::to_string(tasks - 1) + "\n";
  // Requeue a task whose node failed or was preempted; a rerun replaces its half-written folder.
  script += "#SBATCH --requeue\n#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n";
  script += "#SBATCH --output=" + (slurm_log_dir / "slurm-%A_%a.out").string() + "\n";
  if (!options.partition.empty()) script += "#SBATCH --partition=" + options.partition + "\n";
  if (!options.account.empty()) script += "#SBATCH --account=" + options.account + "\n";
  if (!options.time_limit.empty()) script += "#SBATCH --time=" + options.time_limit + "\n";
  for (const auto& line : options.sbatch_lines) script += "#SBATCH " + line + "\n";
  for (const auto& line : options.setup_lines) script += line + "\n";
  script += "status=0\ncase \"$SLURM_ARRAY_TASK_ID\" in\n";
  for (std::size_t t = 0; t < tasks; ++t) {
    script += "  " + std::to_string(t) + ")\n";
    for (std::size_t r = t * chunk; r < std::min(runs.size(), (t + 1) * chunk); ++r) {
      // Appended piece by piece: GCC 12 gives a false -Wrestrict on `" " + std::string&&`.
      // A requeued task skips the runs its earlier attempt completed (the sweep removed every
      // stale folder before submitting, so a summary here is this array's own).
      script.append("    [ -f ").append(shell_quote(runs[r].summary.string())).append(" ] || ");
      script.append(shell_quote(program.string()));
      for (const auto& argument : runs[r].arguments) script.append(" ").append(shell_quote(argument));
      script.append(" > ").append(shell_quote(runs[r].log.string())).append(" 2>&1 || status=1\n");
    }
    script += "    ;;\n";
  }
  script += "  *) echo \"aicn sweep: no array task $SLURM_ARRAY_TASK_ID\" >&2; status=2 ;;\nesac\nexit $status\n";
  return script;
}

namespace {

/// The output and exit status of a shell command (the job id in it is digits only).
std::pair<int, std::string> capture(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, ""};
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace

std::string submit_slurm_array(const fs::path& script, const fs::path& sbatch_output) {
  const fs::path sbatch = find_in_path("sbatch");
  if (sbatch.empty()) throw std::runtime_error("--backend slurm: no sbatch on the PATH (Debian package slurm-client)");
  const auto [status, output] = capture(shell_quote(sbatch.string()) + " --parsable " + shell_quote(script.string()));
  results::write_file_atomically(sbatch_output, output);
  // --parsable prints "JOBID" or "JOBID;CLUSTER" when the array is accepted.
  const std::string job = output.substr(0, output.find_first_of(";\n"));
  if (status != 0 || job.empty() || job.find_first_not_of("0123456789") != std::string::npos)
    throw std::runtime_error("sbatch did not accept " + script.string() + ": " + output);
  return job;
}

void wait_for_slurm_job(const std::string& job) {
  // Our own poll, not `sbatch --wait`: that one sleeps up to 10 s between polls even for an
  // array of seconds. Here the pause grows with the time waited (a tenth of it, 0.2 s to 10 s),
  // so a short array is seen to end soon and a long one costs the controller little.
  const auto start = std::chrono::steady_clock::now();
  int failures = 0;
  for (;;) {
    const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double pause = std::min(10.0, std::max(0.2, waited / 10));
    timespec request{static_cast<time_t>(pause), static_cast<long>((pause - std::floor(pause)) * 1e9)};
    nanosleep(&request, nullptr);  // a stop signal cuts it short
    if (sim::StopSignals::received() != 0) {
      // The array would run on without us: cancel it, so that a stopped sweep leaves nothing behind.
      capture("scancel " + job);
      return;
    }
    // Pending and running tasks are listed; none left means the array has ended. An ended job
    // the controller has already purged is an "Invalid job id".
    const auto [status, output] = capture("squeue -h -j " + job + " -o %i");
    if (status == 0 && output.find_first_not_of(" \n") == std::string::npos) return;
    if (status != 0 && output.find("Invalid job id") != std::string::npos) return;
    failures = status == 0 ? 0 : failures + 1;
    if (failures >= 30) throw std::runtime_error("squeue failed 30 times in a row while waiting for job " + job + ": " + output);
  }
}

}  // namespace aicn::cli
