#include "command.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/topology/layout_loader.hpp"

#include <spdlog/spdlog.h>

namespace aicn::cli {

CommandRegistry& CommandRegistry::instance() {
  static CommandRegistry registry;
  return registry;
}

std::vector<std::unique_ptr<Command>> CommandRegistry::create_all() const {
  std::vector<std::unique_ptr<Command>> commands;
  for (const auto& [name, entry] : entries()) commands.push_back(entry.factory(CommandContext{}));
  std::stable_sort(commands.begin(), commands.end(),
                   [](const auto& a, const auto& b) { return a->order() < b->order(); });
  return commands;
}

void apply_log_level(const std::string& level_name) {
  const auto level = spdlog::level::from_str(level_name);
  if (level == spdlog::level::off && level_name != "off")
    throw std::invalid_argument("--log-level: unknown level '" + level_name +
                                "' (valid levels: trace, debug, info, warn, error, critical, off)");
  spdlog::set_level(level);
}

CLI::Validator number_at_least(double minimum) {
  return CLI::Validator(
      [minimum](std::string& text) -> std::string {
        double value = 0.0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error == std::errc() && end == text.data() + text.size() && value >= minimum) return "";
        char bound[32];
        std::snprintf(bound, sizeof bound, "%g", minimum);
        return std::string("must be ") + bound + " or more, got '" + text + "'";
      },
      "");  // no suffix in --help: the option's own text says "0 or more"
}

CLI::Validator scenario_file(const std::string& policy_option) {
  return CLI::Validator(
      [policy_option](std::string& text) -> std::string {
        std::error_code error;
        if (std::filesystem::is_regular_file(text, error)) return "";
        if (std::filesystem::is_directory(text, error)) return "'" + text + "' is a folder, not a scenario file";
        std::string hint;
        if (policy::PolicyRegistry::instance().contains(text))
          hint = " (that is a dispatch policy: " + policy_option + " " + text + ")";
        else if (!topology::builtin_layout_text(text).empty())
          hint = " (that is a built-in layout: --layout " + text + ")";
        else if (text.starts_with("-"))
          hint = " (an option? see --help)";
        return "no file '" + text + "'" + hint;
      },
      "FILE");
}

void renamed_jobs_flag(CLI::App& command, bool& given) {
  command.add_flag("--jobs", given, "")->group("");  // hidden from --help
}

std::string renamed_jobs_message() {
  return "--jobs: renamed --job-table here (it records or compares the job table); --jobs is the number of "
         "runs in parallel in `aicn compare`";
}

}  // namespace aicn::cli
