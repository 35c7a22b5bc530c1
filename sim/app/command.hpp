#pragma once
/// @file command.hpp
/// One `aicn` subcommand per file. Each file defines a Command and registers it with
/// AICN_REGISTER_COMMAND, so adding a command never touches main.cpp.
#include <CLI/CLI.hpp>

#include "aicn/topology/registry.hpp"

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

/// What a command is built from (nothing yet; a struct so that it can grow).
struct CommandContext {};

/// The subcommands by name.
class CommandRegistry final : public registry::Registry<Command, CommandContext> {
 public:
  static CommandRegistry& instance();
  /// One instance of every command, sorted by order().
  std::vector<std::unique_ptr<Command>> create_all() const;

 private:
  CommandRegistry() : Registry("command") {}
};

/// Sets the spdlog level from a --log-level value; throws std::invalid_argument naming the
/// valid levels when the value is unknown.
void apply_log_level(const std::string& level_name);

/// Option check for a number of at least `minimum` ("--seed: must be 0 or more, got '-1'").
/// CLI11's own NonNegativeNumber and PositiveNumber print a range up to the largest double.
CLI::Validator number_at_least(double minimum);

/// Check of a scenario FILE argument. CLI11's ExistingFile says "File does not exist: NAME";
/// a name that is a policy or a layout was meant for an option, so the message says which:
/// "scenario: no file 'local-first' (that is a dispatch policy: --policy local-first)".
CLI::Validator scenario_file(const std::string& policy_option = "--policy");

/// `--jobs` once meant "include the job table" in `aicn baseline` and `aicn check` and "runs in
/// parallel" in `aicn compare`; one name has one meaning now (--jobs: parallel runs), and the
/// old spelling in baseline and check is a hidden flag whose use is refused with this message.
void renamed_jobs_flag(CLI::App& command, bool& given);
std::string renamed_jobs_message();

}  // namespace aicn::cli

/// Registers a default-constructible Command subclass as `aicn NAME` at static initialisation.
/// Its description is the one add_to() gives CLI11 (printed by `aicn --help`).
#define AICN_REGISTER_COMMAND(Class, name)                                                         \
  namespace {                                                                                      \
  [[maybe_unused]] const bool AICN_REGISTRY_CONCAT(aicn_command_registered_, __LINE__) =           \
      ::aicn::cli::CommandRegistry::instance().add(                                                \
          {name, "", {}, [](const ::aicn::cli::CommandContext&) -> std::unique_ptr<::aicn::cli::Command> { \
             return std::make_unique<Class>();                                                     \
           }});                                                                                    \
  }
