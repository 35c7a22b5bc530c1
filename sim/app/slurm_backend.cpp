#include "slurm_backend.hpp"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>
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

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
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
      script.append("    ").append(shell_quote(program.string()));
      for (const auto& argument : runs[r].arguments) script.append(" ").append(shell_quote(argument));
      script.append(" > ").append(shell_quote(runs[r].log.string())).append(" 2>&1 || status=1\n");
    }
    script += "    ;;\n";
  }
  script += "  *) echo \"aicn sweep: no array task $SLURM_ARRAY_TASK_ID\" >&2; status=2 ;;\nesac\nexit $status\n";
  return script;
}

void run_slurm_array(const fs::path& script, const fs::path& sbatch_output) {
  const fs::path sbatch = find_in_path("sbatch");
  if (sbatch.empty()) throw std::runtime_error("--backend slurm: no sbatch on the PATH (Debian package slurm-client)");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot start sbatch");
  if (pid == 0) {
    FILE* out = std::freopen(sbatch_output.c_str(), "w", stdout);
    if (out != nullptr) dup2(fileno(stdout), fileno(stderr));
    execl(sbatch.c_str(), "sbatch", "--parsable", "--wait", script.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  for (;;) {
    if (waitpid(pid, &status, 0) == pid) break;
    if (errno != EINTR) throw std::runtime_error("lost track of sbatch");
    if (sim::StopSignals::received() != 0) {
      // The array runs on without us: cancel it, so that a stopped sweep leaves nothing behind.
      const std::string job = read_text(sbatch_output).substr(0, read_text(sbatch_output).find_first_of(";\n"));
      if (!job.empty() && job.find_first_not_of("0123456789") == std::string::npos)
        std::system(("scancel " + job + " >/dev/null 2>&1").c_str());
      kill(pid, SIGTERM);
    }
  }
  const std::string output = read_text(sbatch_output);
  // --parsable prints the job id ("123" or "123;cluster") when the array is accepted; without
  // it the job never ran, whatever the exit status (which with --wait is the tasks' highest).
  if (output.empty() || !std::isdigit(static_cast<unsigned char>(output[0])))
    throw std::runtime_error("sbatch did not accept " + script.string() + ": " + output);
}

}  // namespace aicn::cli
