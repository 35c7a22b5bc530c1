#pragma once
/// @file command.hpp
/// One `aicn` subcommand per file. Each file defines a Command and registers it with
/// AICN_REGISTER_COMMAND, so adding a command never touches main.cpp.
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

namespace aicn::cli {

/// Exit codes shared by every command.
constexpr int kExitOk = 0;
constexpr int kExitRunError = 1;    ///< the run itself failed (I/O, internal error)
constexpr int kExitInputError = 2;  ///< bad input: file, key or value named in the message
constexpr int kExitCheckFailed = 3; ///< a check ran and found a violation (regression, rule)

/// What every command may need besides its own options.
struct Invocation {
  std::string command_line;  ///< argv joined by spaces, recorded for provenance
};

class Command {
 public:
  virtual ~Command() = default;
  /// Position in `aicn --help`; lower comes first.
  virtual int order() const = 0;
  /// Adds the subcommand and its options to the application; returns the subcommand.
  virtual CLI::App* add_to(CLI::App& app) = 0;
  /// Runs after parsing when this subcommand was chosen. Throws config::ConfigError or
  /// std::invalid_argument for input errors; returns the exit code otherwise.
  virtual int run(const Invocation& invocation) = 0;
};

class CommandRegistry {
 public:
  static CommandRegistry& instance();
  void add(std::unique_ptr<Command> command);
  /// Commands sorted by order().
  std::vector<Command*> commands() const;

 private:
  std::vector<std::unique_ptr<Command>> commands_;
};

/// Sets the spdlog level from a --log-level value; throws std::invalid_argument naming the
/// valid levels when the value is unknown.
void apply_log_level(const std::string& level_name);

/// Option check for a number of at least `minimum` ("--seed: must be 0 or more, got '-1'").
/// CLI11's own NonNegativeNumber and PositiveNumber print a range up to the largest double.
CLI::Validator number_at_least(double minimum);

}  // namespace aicn::cli

#define AICN_CLI_CONCAT_INNER(a, b) a##b
#define AICN_CLI_CONCAT(a, b) AICN_CLI_CONCAT_INNER(a, b)
/// Registers a Command subclass at static initialisation.
#define AICN_REGISTER_COMMAND(Class)                                                     \
  namespace {                                                                            \
  const bool AICN_CLI_CONCAT(aicn_command_registered_, __LINE__) = [] {                  \
    ::aicn::cli::CommandRegistry::instance().add(std::make_unique<Class>());             \
    return true;                                                                         \
  }();                                                                                   \
  }
