#pragma once
/// @file child_runs.hpp
/// The one process pool of `aicn compare` and `aicn sweep`: each run is its own child process
/// (`aicn run ...`; SimGrid allows one engine per process), its output going to its own log,
/// at most N at a time. A stop signal (SIGINT, SIGTERM) is passed on to the runs under way.
#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace aicn::cli {

struct ChildRun {
  std::string label;                   ///< for progress lines and failure reports
  std::vector<std::string> arguments;  ///< argv for the child, without the program
  std::filesystem::path log;           ///< stdout and stderr of the child
  std::filesystem::path summary;       ///< the file a complete run leaves (Slurm back end: skip it when there)
};

struct ChildOutcome {
  bool ok = false;
  std::string status;  ///< "exit 2", "by signal 9", "" when ok
};

/// Runs every run, at most `parallel` at a time, and returns the outcome of each (same order).
/// `on_done(index, outcome)` is called as each ends, in the order they end. When a stop signal
/// arrives the runs under way get SIGTERM and are waited for; the runs not started count as
/// failed with status "not started".
std::vector<ChildOutcome> run_children(const std::filesystem::path& program, const std::vector<ChildRun>& runs,
                                       int parallel,
                                       const std::function<void(std::size_t, const ChildOutcome&)>& on_done);

/// The last three non-empty lines of a log, each on its own indented line, for failure reports.
std::string log_tail(const std::filesystem::path& log);

/// The number of cores this process may run on (sched_getaffinity), at least 1.
int available_cores();

}  // namespace aicn::cli
