#include "command.hpp"

#include <algorithm>
#include <stdexcept>

#include <spdlog/spdlog.h>

namespace aicn::cli {

CommandRegistry& CommandRegistry::instance() {
  static CommandRegistry registry;
  return registry;
}

void CommandRegistry::add(std::unique_ptr<Command> command) { commands_.push_back(std::move(command)); }

std::vector<Command*> CommandRegistry::commands() const {
  std::vector<Command*> sorted;
  for (const auto& command : commands_) sorted.push_back(command.get());
  std::stable_sort(sorted.begin(), sorted.end(), [](const Command* a, const Command* b) { return a->order() < b->order(); });
  return sorted;
}

void apply_log_level(const std::string& level_name) {
  const auto level = spdlog::level::from_str(level_name);
  if (level == spdlog::level::off && level_name != "off")
    throw std::invalid_argument("--log-level: unknown level '" + level_name +
                                "' (valid levels: trace, debug, info, warn, error, critical, off)");
  spdlog::set_level(level);
}

}  // namespace aicn::cli
