// aicn: the command-line entry point. Each subcommand lives in its own cmd_*.cpp file and
// registers itself (see command.hpp); main only parses, dispatches and turns exceptions into
// one readable line and an exit code.
#include <CLI/CLI.hpp>
#include <H5Cpp.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "aicn/results/output_error.hpp"
#include "aicn/sim/version.hpp"
#include "aicn/topology/config_node.hpp"
#include "aicn/sim/simulation.hpp"
#include "command.hpp"
#include "usage_check.hpp"

namespace {

std::string version_text() {
  return "aicn " + aicn::sim::aicn_version() + " (commit " + aicn::sim::git_commit() + ", SimGrid " +
         aicn::sim::simgrid_version() + ", HDF5 " + aicn::sim::hdf5_version() + ")";
}

std::string joined_command_line(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) line += (i ? " " : "") + std::string(argv[i]);
  return line;
}

/// "aicn run" (the deepest subcommand the user named), for the --help hint of an error.
std::string subcommand_path(const CLI::App& app) {
  std::string path = "aicn";
  const CLI::App* current = &app;
  while (true) {
    const auto chosen = current->get_subcommands();
    if (chosen.empty()) return path;
    current = chosen.front();
    path += " " + current->get_name();
  }
}

/// "cannot create PATH: File name too long": the operation, the path and the system's reason,
/// without the library's "filesystem error:" prefix and bracketed paths.
std::string filesystem_message(const std::filesystem::filesystem_error& e) {
  std::string what = e.what();
  const std::string prefix = "filesystem error: ";
  if (what.starts_with(prefix)) what.erase(0, prefix.size());
  std::string operation = what.substr(0, what.find(':'));
  if (operation.starts_with("cannot create director")) operation = "cannot create";
  if (operation.empty() || operation.size() == what.size()) operation = "cannot access";
  std::string message = operation;
  if (!e.path1().empty()) message += " " + e.path1().string();
  if (!e.path2().empty()) message += " -> " + e.path2().string();
  return message + ": " + e.code().message();
}

/// Whatever escapes (a destructor that throws, an exception from a library that is not a
/// std::exception) still ends in one `aicn: error:` line, not in "terminate called".
[[noreturn]] void on_terminate() {
  std::string what = "unexpected internal error";
  try {
    if (const std::exception_ptr current = std::current_exception()) std::rethrow_exception(current);
  } catch (const std::exception& e) {
    what += ": " + std::string(e.what());
  } catch (...) {
  }
  std::fprintf(stderr, "aicn: error: %s\n", what.c_str());
  std::fflush(stderr);
  _exit(aicn::cli::kExitRunError);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace aicn::cli;
  std::set_terminate(on_terminate);
  CLI::App app{"AICN: a discrete-event simulator of a national network of AI data centres.\n"
               "Replays east-to-west AI workloads against dispatch policies on SimGrid and writes an HDF5 trace."};
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);

  const std::vector<std::unique_ptr<Command>> commands = CommandRegistry::instance().create_all();
  std::map<CLI::App*, Command*> by_subcommand;
  for (const auto& command : commands) by_subcommand[command->add_to(app)] = command.get();

  if (const auto problem = unknown_name(app, argc, argv)) {
    std::fprintf(stderr, "aicn: error: %s\n(see `%s --help`)\n", problem->message.c_str(), problem->command.c_str());
    return kExitInputError;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with exit code 0; every real parse error is bad input,
    // reported in the same one-line form as the other input errors.
    if (e.get_exit_code() == 0) return app.exit(e);
    const std::string path = subcommand_path(app);
    std::string message = e.what();
    if (message.starts_with("A subcommand is required")) message = "'" + path + "' needs a command";
    std::fprintf(stderr, "aicn: error: %s\n(see `%s --help`)\n", message.c_str(), path.c_str());
    return kExitInputError;
  }

  const Invocation invocation{joined_command_line(argc, argv)};
  try {
    for (const auto& [subcommand, command] : by_subcommand)
      if (subcommand->parsed()) return command->run(invocation);
  } catch (const aicn::sim::RunInterrupted& e) {
    std::fprintf(stderr, "aicn: %s\n", e.what());
    return 128 + e.signal();  // the shell's convention for a command ended by a signal
  } catch (const aicn::config::ConfigError& e) {
    std::fprintf(stderr, "aicn: error: %s\n", e.what());
    return kExitInputError;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "aicn: error: %s\n", e.what());
    return kExitInputError;
  } catch (const aicn::results::OutputError& e) {
    // A full disk, a permission problem, a folder in use: the environment, not the input.
    // Everything the command wrote was removed while the error unwound. HDF5 1.10 leaks
    // internal blocks on a failed write and then loops and complains when it shuts down at
    // exit, so the process ends here, without exit handlers.
    std::fprintf(stderr, "aicn: error: %s\n", e.what());
    std::fflush(nullptr);
    std::_Exit(kExitRunError);
  } catch (const std::filesystem::filesystem_error& e) {
    std::fprintf(stderr, "aicn: error: %s\n", filesystem_message(e).c_str());
    return kExitRunError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "aicn: error: %s\n", e.what());
    return kExitRunError;
  } catch (const H5::Exception& e) {
    // HDF5's C++ exceptions derive from nothing standard; the trace writer should have named
    // its file, but the library's own words are better than none.
    std::fprintf(stderr, "aicn: error: HDF5: %s: %s\n", e.getCFuncName(), e.getCDetailMsg());
    return kExitRunError;
  } catch (...) {
    std::fprintf(stderr, "aicn: error: an error that names no cause (not a std::exception)\n");
    return kExitRunError;
  }
  return kExitOk;
}
