#include "child_runs.hpp"

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <stdexcept>

#include "../src/stop_signals.hpp"

namespace aicn::cli {
namespace {

namespace fs = std::filesystem;

/// Starts the program with its output going to the run's log file; returns the child's pid.
pid_t spawn(const fs::path& program, const ChildRun& run) {
  std::vector<std::string> words{program.string()};
  words.insert(words.end(), run.arguments.begin(), run.arguments.end());
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot start a child process for " + run.label);
  if (pid == 0) {
    FILE* log = std::freopen(run.log.c_str(), "w", stdout);
    if (log != nullptr) dup2(fileno(stdout), fileno(stderr));
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

/// Passes a stop signal on to the runs under way (each removes its own unfinished folder)
/// and waits for them, so none outlives the parent.
void stop_all(std::map<pid_t, std::size_t>& running) {
  for (const auto& [pid, index] : running) kill(pid, SIGTERM);
  for (const auto& [pid, index] : running) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  running.clear();
}

}  // namespace

std::vector<ChildOutcome> run_children(const fs::path& program, const std::vector<ChildRun>& runs, int parallel,
                                       const std::function<void(std::size_t, const ChildOutcome&)>& on_done) {
  std::vector<ChildOutcome> outcomes(runs.size(), ChildOutcome{false, "not started"});
  std::map<pid_t, std::size_t> running;
  std::size_t next = 0, done = 0;
  while (done < runs.size()) {
    while (next < runs.size() && static_cast<int>(running.size()) < parallel) {
      running[spawn(program, runs[next])] = next;
      ++next;
    }
    if (sim::StopSignals::received() != 0) {
      for (const auto& [pid, index] : running) outcomes[index].status = "stopped";
      stop_all(running);
      return outcomes;
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0 && errno == EINTR) continue;  // a stop signal: handled at the loop's top
    if (pid < 0) throw std::runtime_error("lost track of the child runs");
    auto found = running.find(pid);
    if (found == running.end()) continue;
    const std::size_t index = found->second;
    running.erase(found);
    ++done;
    ChildOutcome& outcome = outcomes[index];
    outcome.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    outcome.status = outcome.ok ? ""
                     : WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                                         : "by signal " + std::to_string(WTERMSIG(status));
    on_done(index, outcome);
  }
  return outcomes;
}

std::string log_tail(const fs::path& log) {
  std::ifstream in(log);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  std::string tail;
  for (std::size_t i = lines.size() > 3 ? lines.size() - 3 : 0; i < lines.size(); ++i) tail += "\n    " + lines[i];
  return tail;
}

int available_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  const int count = CPU_COUNT(&set);
  return count > 0 ? count : 1;
}

}  // namespace aicn::cli
