#include "usage_check.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "aicn/topology/nearest_name.hpp"

namespace aicn::cli {
namespace {

bool looks_like_number(const std::string& token) {
  return token.size() > 1 && token[0] == '-' && (std::isdigit(static_cast<unsigned char>(token[1])) || token[1] == '.');
}

/// The option of `app` or of one of its parents named `name` ("--seed", "-q").
const CLI::Option* find_option(const CLI::App* app, const std::string& name) {
  for (; app != nullptr; app = app->get_parent())
    for (const CLI::Option* option : app->get_options())
      if (option->nonpositional() && option->check_name(name)) return option;
  return nullptr;
}

std::vector<std::string> option_names(const CLI::App* app, bool long_names) {
  std::vector<std::string> names;
  for (; app != nullptr; app = app->get_parent())
    for (const CLI::Option* option : app->get_options()) {
      for (const auto& name : long_names ? option->get_lnames() : option->get_snames())
        names.push_back((long_names ? "--" : "-") + name);
    }
  return names;
}

std::vector<std::string> subcommand_names(const CLI::App* app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

std::string command_path(const CLI::App* app) {
  std::string path;
  for (; app != nullptr; app = app->get_parent()) path = (app->get_parent() == nullptr ? "aicn" : app->get_name()) + (path.empty() ? "" : " " + path);
  return path;
}

}  // namespace

std::optional<UnknownName> unknown_name(const CLI::App& app, int argc, const char* const* argv) {
  const CLI::App* current = &app;
  bool positional_seen = false;  // a command's own arguments have begun: no subcommand follows
  for (int i = 1; i < argc; ++i) {
    const std::string token = argv[i];
    if (token == "--") return std::nullopt;
    if (token.size() > 1 && token[0] == '-' && !looks_like_number(token)) {
      const bool long_name = token.starts_with("--");
      // "--out=DIR" and "-j4" carry their value; "-qj" are two flags, of which the first is checked.
      const std::string name = long_name ? token.substr(0, token.find('=')) : token.substr(0, 2);
      const CLI::Option* option = find_option(current, name);
      if (option == nullptr)
        // One letter is one edit from every other: only a long name gets a suggestion.
        return UnknownName{"unknown option '" + name + "'" +
                               (long_name ? names::did_you_mean(name, option_names(current, true)) : ""),
                           command_path(current)};
      const bool value_attached = long_name ? token.find('=') != std::string::npos : token.size() > 2;
      if (option->get_type_size() > 0 && !value_attached) {
        // Its value (or values, for a list option) is not a name to check.
        const int most = option->get_allow_extra_args() ? option->get_items_expected_max() : 1;
        int taken = 0;
        while (i + 1 < argc && taken < std::max(most, 1)) {
          const std::string next = argv[i + 1];
          if (taken > 0 && next.size() > 1 && next[0] == '-' && !looks_like_number(next)) break;
          ++i;
          ++taken;
        }
      }
      continue;
    }
    if (positional_seen) continue;
    const std::vector<std::string> commands = subcommand_names(current);
    if (!commands.empty()) {
      bool found = false;
      for (const CLI::App* sub : current->get_subcommands([](const CLI::App*) { return true; }))
        if (sub->check_name(token)) {
          current = sub;
          found = true;
          break;
        }
      if (found) continue;
      if (current->get_require_subcommand_min() > 0) {
        const std::string prefix = current->get_parent() == nullptr ? "" : current->get_name() + " ";
        std::string list;
        for (const auto& name : commands) list += (list.empty() ? "" : ", ") + name;
        return UnknownName{"unknown command '" + prefix + token + "'" + names::did_you_mean(token, commands) +
                               "; valid commands: " + list,
                           command_path(current)};
      }
    }
    positional_seen = true;
  }
  return std::nullopt;
}

}  // namespace aicn::cli
