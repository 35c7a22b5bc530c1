#pragma once
/// @file usage_check.hpp
/// Names a mistyped subcommand or option before CLI11 parses the command line. CLI11 alone
/// says "A subcommand is required" for `aicn rnu`, and for `aicn run --polcy local-first x.yaml`
/// it takes `local-first` as the scenario file; this check says what was wrong and suggests the
/// nearest valid name: "unknown option '--polcy' (did you mean '--policy'?)".
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace aicn::cli {

struct UnknownName {
  std::string message;  ///< "unknown option '--polcy' (did you mean '--policy'?)"
  std::string command;  ///< the command it was given to, "aicn run", for the --help hint
};

/// The first unknown subcommand or option in argv; std::nullopt when every name is known
/// (CLI11 then checks the rest: values, counts, required options).
std::optional<UnknownName> unknown_name(const CLI::App& app, int argc, const char* const* argv);

}  // namespace aicn::cli
