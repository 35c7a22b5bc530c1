// `aicn report RUN [--compare OTHER...] [--out DIR]`: PNG figures and an offline HTML page,
// drawn by results/aicn_report.py (matplotlib + h5py). The binary carries a copy of the
// script and of the aicn Python package it imports (results/python/aicn: the one reader of
// catalog names and thinned samples), so the command works from any directory and needs no
// installed package; AICN_REPORT_SCRIPT points it at another copy of the script (for editing
// it) and AICN_PYTHON at another interpreter.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "aicn/results/run_folder.hpp"
#include "aicn/results/run_identity.hpp"
#include "aicn/sim/simulation.hpp"
#include "../src/stop_signals.hpp"
#include "command.hpp"

namespace aicn::embedded {
const std::map<std::string, std::string>& report_scripts();
const std::map<std::string, std::string>& report_python_package();
}

namespace aicn::cli {
namespace {

std::string environment_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

std::string report_script_text() {
  const std::string override_path = environment_or("AICN_REPORT_SCRIPT", "");
  if (override_path.empty()) return embedded::report_scripts().at("aicn_report");
  std::ifstream in(override_path);
  if (!in) throw std::invalid_argument("AICN_REPORT_SCRIPT: cannot read '" + override_path + "'");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Writes the embedded aicn package into `folder`/aicn; returns `folder` (for PYTHONPATH).
std::filesystem::path write_python_package(const std::filesystem::path& folder) {
  const auto package = folder / "aicn";
  std::filesystem::create_directories(package);
  for (const auto& [module, text] : embedded::report_python_package()) {
    std::ofstream out(package / (module + ".py"));
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write " + (package / (module + ".py")).string());
  }
  return folder;
}

/// Runs `python - ARGS...` with `script` on its standard input and `python_path` first on
/// PYTHONPATH; returns its exit status.
int run_python(const std::string& python, const std::string& script, const std::vector<std::string>& arguments,
               const std::string& python_path) {
  // The child's environment, built before fork (the child only execs): ours, with
  // `python_path` put first on PYTHONPATH.
  const char* inherited = std::getenv("PYTHONPATH");
  const std::string search =
      "PYTHONPATH=" + python_path + (inherited && *inherited ? ":" + std::string(inherited) : "");
  std::vector<char*> environment;
  for (char** entry = environ; *entry != nullptr; ++entry)
    if (std::strncmp(*entry, "PYTHONPATH=", 11) != 0) environment.push_back(*entry);
  environment.push_back(const_cast<char*>(search.c_str()));
  environment.push_back(nullptr);
  int pipe_ends[2];
  if (pipe(pipe_ends) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  const pid_t child = fork();
  if (child < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (child == 0) {
    dup2(pipe_ends[0], STDIN_FILENO);
    close(pipe_ends[0]);
    close(pipe_ends[1]);
    std::vector<char*> argv{const_cast<char*>(python.c_str()), const_cast<char*>("-")};
    for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    execvpe(argv[0], argv.data(), environment.data());
    std::fprintf(stderr, "aicn: error: cannot start %s: %s (install python3, or set AICN_PYTHON)\n", python.c_str(),
                 std::strerror(errno));
    _exit(2);
  }
  close(pipe_ends[0]);
  // A child that dies early must not kill us with SIGPIPE; the write error is enough.
  const auto previous = std::signal(SIGPIPE, SIG_IGN);
  std::size_t written = 0;
  while (written < script.size()) {
    const ssize_t n = write(pipe_ends[1], script.data() + written, script.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  close(pipe_ends[1]);
  std::signal(SIGPIPE, previous);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    if (sim::StopSignals::received() != 0) kill(child, SIGTERM);  // a stop signal: pass it on
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

class ReportCommand final : public Command {
 public:
  int order() const override { return 42; }

  CLI::App* add_to(CLI::App& app) override {
    CLI::App* command = app.add_subcommand(
        "report", "PNG figures and an offline HTML page of a run (needs python3-matplotlib and python3-h5py)");
    command->add_option("run", run_, "results folder of `aicn run`, or a folder of `aicn compare` or `aicn sweep`")->required();
    command->add_option("--compare", compare_, "other results folders to compare with (e.g. other policies)");
    command->add_option("--out", out_, "folder for the figures and index.html (default: RUN/report)");
    command->add_flag("--force", force_, "replace an earlier report in the --out folder (replaced whole, once this one is complete)");
    return command;
  }

  int run(const Invocation&) override {
    if (is_sweep_folder(run_)) return report_sweep();
    std::vector<std::string> runs{run_};
    std::vector<std::string> comparison_arguments;
    if (is_compare_folder(run_)) {
      if (!compare_.empty()) throw std::invalid_argument("--compare: a compare folder is reported alone (its policies are the comparison)");
      runs = compared_runs(run_);
      comparison_arguments = {"--comparison", (std::filesystem::path(run_) / "comparison.json").string()};
    }
    runs.insert(runs.end(), compare_.begin(), compare_.end());
    for (const auto& folder : runs) {
      if (!std::filesystem::exists(std::filesystem::path(folder) / "trace.h5"))
        throw std::invalid_argument(folder + ": no trace.h5 here (is it an `aicn run` results folder?)");
      results::verify_run_folder(folder);  // one run's files, not two runs' mixed
    }
    const sim::StopSignals stop_signals;
    results::RunFolder folder(out_.empty() ? std::filesystem::path(run_) / "report" : std::filesystem::path(out_),
                              results::report_folder_kind(), force_);
    // The script writes into the temporary folder and names the files as they will be.
    std::vector<std::string> arguments{"--out", folder.path().string(), "--shown-out", folder.target().string()};
    arguments.insert(arguments.end(), comparison_arguments.begin(), comparison_arguments.end());
    arguments.insert(arguments.end(), runs.begin(), runs.end());
    // The package goes into the temporary folder, which is removed whatever happens; it is
    // taken out again before the report is put in place.
    const auto package_folder = write_python_package(folder.path() / ".aicn-python");
    const int status = run_python(environment_or("AICN_PYTHON", "/usr/bin/python3"), report_script_text(), arguments,
                                  package_folder.string());
    std::filesystem::remove_all(package_folder);
    if (const int signal = sim::StopSignals::received(); signal != 0) throw sim::RunInterrupted(signal, "report");
    if (status == 0) {
      folder.commit();
      return kExitOk;
    }
    return status == kExitInputError ? kExitInputError : kExitRunError;  // the folder is removed
  }

 private:
  /// A folder of `aicn sweep` (results/aicn_sweep_report.py draws it; see docs/sweep.md).
  static bool is_sweep_folder(const std::string& folder) {
    const std::filesystem::path path(folder);
    return !std::filesystem::exists(path / "trace.h5") && std::filesystem::exists(path / "sweep.json");
  }

  /// A folder of `aicn compare`: comparison.json beside one run folder per policy and seed.
  static bool is_compare_folder(const std::string& folder) {
    const std::filesystem::path path(folder);
    return !std::filesystem::exists(path / "trace.h5") && std::filesystem::exists(path / "comparison.json");
  }

  /// The run of each compared policy at the first seed (its figures over time are drawn; the
  /// means and intervals over every seed come from comparison.json).
  static std::vector<std::string> compared_runs(const std::string& folder) {
    const auto file = std::filesystem::path(folder) / "comparison.json";
    std::ifstream in(file);
    nlohmann::json comparison;
    try {
      comparison = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
      throw std::invalid_argument(file.string() + ": not a comparison of `aicn compare`: " + e.what());
    }
    std::vector<std::string> runs;
    if (comparison.contains("policies") && comparison["policies"].is_array())
      for (const auto& policy : comparison["policies"]) {
        if (!policy.contains("policy") || !policy["policy"].is_string() || !policy.contains("seeds") ||
            !policy["seeds"].is_array() || policy["seeds"].empty() || !policy["seeds"][0].is_number_unsigned())
          throw std::invalid_argument(file.string() + ": a policy entry without its name and seeds");
        runs.push_back((std::filesystem::path(folder) / (policy["policy"].get<std::string>() + "-seed" +
                                                         std::to_string(policy["seeds"][0].get<std::uint64_t>())))
                           .string());
      }
    if (runs.empty()) throw std::invalid_argument(file.string() + ": no compared policies in it");
    return runs;
  }

  int report_sweep() {
    if (!compare_.empty()) throw std::invalid_argument("--compare: a sweep folder is reported alone (its cells are the comparison)");
    if (!std::filesystem::exists(std::filesystem::path(run_) / "sweep_stats.csv"))
      throw std::invalid_argument(run_ + ": no sweep_stats.csv here (did the sweep finish?)");
    const sim::StopSignals stop_signals;
    results::RunFolder folder(out_.empty() ? std::filesystem::path(run_) / "report" : std::filesystem::path(out_),
                              results::report_folder_kind(), force_);
    const std::vector<std::string> arguments{"--out", folder.path().string(), "--shown-out", folder.target().string(), run_};
    const auto package_folder = write_python_package(folder.path() / ".aicn-python");  // as for a run's report
    const int status = run_python(environment_or("AICN_PYTHON", "/usr/bin/python3"),
                                  embedded::report_scripts().at("aicn_sweep_report"), arguments, package_folder.string());
    std::filesystem::remove_all(package_folder);
    if (const int signal = sim::StopSignals::received(); signal != 0) throw sim::RunInterrupted(signal, "report");
    if (status == 0) {
      folder.commit();
      return kExitOk;
    }
    return status == kExitInputError ? kExitInputError : kExitRunError;
  }

  std::string run_;
  std::vector<std::string> compare_;
  std::string out_;
  bool force_ = false;
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_COMMAND(aicn::cli::ReportCommand, "report")
