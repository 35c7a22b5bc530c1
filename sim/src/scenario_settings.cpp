#include "aicn/sim/scenario_settings.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace aicn::embedded {
const std::map<std::string, std::string>& builtin_scenarios();
}

namespace aicn::sim {

namespace {
/// `text` as a single-quoted YAML scalar: a path with ': ' or '#' stays one text, and a
/// layout name is never read as YAML.
std::string yaml_quoted(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}
/// `policy: NAME` is short for `{name: NAME}`: written out so that `--set policy.params.KEY=V`
/// reaches it. The name's node is moved, not copied, so its errors keep the file's line.
void spell_out_policy(const config::ConfigNode& root) {
  if (!root.is_map() || !root.child("policy").is_scalar()) return;
  // (yaml-cpp's assignment to an existing node rewires every handle to it: the old entry is
  // removed first so that the name's node is referred to only by the new map.)
  YAML::Node document = root.yaml();
  const YAML::Node name = document["policy"];
  document.remove("policy");
  YAML::Node policy(YAML::NodeType::Map);
  policy["name"] = name;
  document["policy"] = policy;
}

}  // namespace

config::KeySetting layout_setting(const std::string& name_or_path) {
  if (name_or_path.empty()) throw std::invalid_argument("--layout: needs a built-in layout name or a layout file");
  config::KeySetting setting = config::parse_key_setting("--layout", "layout=" + name_or_path);
  setting.option = "--layout " + name_or_path;
  std::error_code error;
  const bool is_file = std::filesystem::is_regular_file(name_or_path, error);
  setting.value = yaml_quoted(is_file ? std::filesystem::absolute(name_or_path).string() : name_or_path);
  return setting;
}

std::optional<config::KeySetting> policy_setting(const std::string& option, const std::string& text) {
  const std::size_t colon = text.find(':');
  if (!text.starts_with('{') && colon == std::string::npos) return std::nullopt;
  std::string value = text;
  if (!text.starts_with('{')) {
    // NAME:KEY=VALUE,...: each value is YAML text as in the file (a number, a duration).
    value = "{name: " + yaml_quoted(text.substr(0, colon)) + ", params: {";
    std::size_t at = colon + 1;
    bool first = true;
    while (at <= text.size()) {
      const std::size_t comma = std::min(text.find(',', at), text.size());
      const std::string pair = text.substr(at, comma - at);
      const std::size_t equals = pair.find('=');
      if (equals == std::string::npos || equals == 0 || equals + 1 == pair.size())
        throw std::invalid_argument(option + " '" + text + "': '" + pair +
                                    "' is not KEY=VALUE (expected NAME:KEY=VALUE,KEY=VALUE, e.g. cost-aware:max_extra_wait=1h)");
      value += (first ? "" : ", ") + yaml_quoted(pair.substr(0, equals)) + ": " + pair.substr(equals + 1);
      first = false;
      at = comma + 1;
    }
    value += "}}";
  }
  config::KeySetting setting = config::parse_key_setting(option, "policy=" + value);
  setting.option = option + " " + text;
  return setting;
}

std::vector<config::KeySetting> key_settings(const std::vector<std::string>& texts) {
  std::vector<config::KeySetting> settings;
  for (const auto& text : texts) settings.push_back(config::parse_key_setting("--set", text));
  return settings;
}

Scenario load_scenario_with(const std::string& path, const ScenarioOverrides& overrides,
                            const std::vector<config::KeySetting>& settings) {
  if (settings.empty())
    return path.empty() ? load_builtin_scenario("national-default", overrides) : load_scenario_file(path, overrides);
  std::string origin = path;
  std::string base_dir;
  config::ConfigNode root(YAML::Node(), "");
  if (path.empty()) {
    origin = "built-in scenario national-default";
    root = config::ConfigNode::load_text(embedded::builtin_scenarios().at("national-default"), origin);
    base_dir = std::filesystem::current_path().string();
  } else {
    root = config::ConfigNode::load_file(path);
    base_dir = std::filesystem::absolute(path).parent_path().string();
  }
  try {
    for (const auto& setting : settings) {
      if (setting.steps.size() > 1 && setting.steps[0].key == "policy") spell_out_policy(root);
      root = config::apply_key_settings(root, {setting});
    }
    return parse_scenario(root, base_dir, overrides);
  } catch (const config::ConfigError& e) {
    throw config::attribute_to_settings(e, origin, settings);
  }
}

}  // namespace aicn::sim
