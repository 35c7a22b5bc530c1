#include "aicn/topology/key_settings.hpp"

#include <charconv>
#include <stdexcept>

namespace aicn::config {
namespace {

/// A node with the same content as `parsed` and no position: yaml-cpp gives a node built in
/// code the null mark (line -1), while a parsed one has line 0 of the option's text, which
/// ConfigNode::fail would report as line 1 of the scenario file.
YAML::Node without_position(const YAML::Node& parsed) {
  switch (parsed.Type()) {
    case YAML::NodeType::Scalar:
      return YAML::Node(parsed.Scalar());
    case YAML::NodeType::Sequence: {
      YAML::Node sequence(YAML::NodeType::Sequence);
      for (const auto& element : parsed) sequence.push_back(without_position(element));
      return sequence;
    }
    case YAML::NodeType::Map: {
      YAML::Node map(YAML::NodeType::Map);
      for (const auto& item : parsed) map[without_position(item.first)] = without_position(item.second);
      return map;
    }
    default:
      return YAML::Node(YAML::NodeType::Null);
  }
}

std::vector<KeyStep> split_path(const std::string& option, const std::string& text, const std::string& path) {
  const auto refuse = [&](const std::string& why) -> std::invalid_argument {
    return std::invalid_argument(option + " '" + text + "': " + why + " (expected KEY.PATH=VALUE, e.g. horizon=7d or workload.arrivals_per_hour=12)");
  };
  std::vector<KeyStep> steps;
  std::size_t at = 0;
  while (at <= path.size()) {
    const std::size_t dot = path.find('.', at);
    std::string part = path.substr(at, dot == std::string::npos ? std::string::npos : dot - at);
    // "sites[2][0]": a key followed by any number of indices.
    const std::size_t bracket = part.find('[');
    const std::string key = part.substr(0, bracket);
    if (key.empty()) throw refuse("an empty key in '" + path + "'");
    steps.push_back({key, -1});
    for (std::size_t open = bracket; open != std::string::npos;) {
      const std::size_t close = part.find(']', open);
      const std::string digits = close == std::string::npos ? "" : part.substr(open + 1, close - open - 1);
      long index = -1;
      const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || index < 0)
        throw refuse("'" + part + "' has an index that is not a whole number 0 or more");
      steps.push_back({"", index});
      open = close + 1 == part.size() ? std::string::npos : close + 1;
      if (open != std::string::npos && part[open] != '[') throw refuse("'" + part + "': text after an index");
    }
    if (dot == std::string::npos) break;
    at = dot + 1;
  }
  return steps;
}

/// "a.b[2]" of the first `count` steps, the way ConfigNode names paths.
std::string path_of(const std::vector<KeyStep>& steps, std::size_t count) {
  std::string path;
  // Appended piece by piece: GCC 12 warns (-Wrestrict, a false alarm) on "[" + to_string() + "]".
  for (std::size_t i = 0; i < count; ++i) {
    if (steps[i].index >= 0) {
      path += '[';
      path += std::to_string(steps[i].index);
      path += ']';
    } else {
      if (!path.empty()) path += '.';
      path += steps[i].key;
    }
  }
  return path;
}

/// Whether `path` (from a ConfigNode error) is `prefix` or lies under it.
bool within(const std::string& path, const std::string& prefix) {
  return path == prefix ||
         (path.starts_with(prefix) && (path[prefix.size()] == '.' || path[prefix.size()] == '['));
}

}  // namespace

KeySetting parse_key_setting(const std::string& option, const std::string& text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos)
    throw std::invalid_argument(option + " '" + text + "': no '=' (expected KEY.PATH=VALUE, e.g. horizon=7d or workload.arrivals_per_hour=12)");
  KeySetting setting;
  setting.option = option + " " + text;
  setting.path = text.substr(0, equals);
  setting.value = text.substr(equals + 1);
  if (setting.value.empty())
    throw std::invalid_argument(option + " '" + text + "': no value after '=' (write ~ to clear a key)");
  setting.steps = split_path(option, text, setting.path);
  setting.path = path_of(setting.steps, setting.steps.size());
  return setting;
}

ConfigNode apply_key_settings(const ConfigNode& root, const std::vector<KeySetting>& settings) {
  // yaml-cpp's Clone() drops every position (each node would claim line 1), so the settings
  // are written into the loaded document itself; the callers load it for this one use.
  YAML::Node document = root.yaml();
  if (!settings.empty() && !document.IsMap() && !document.IsNull())
    throw ConfigError(root.file() + ": the document is not a mapping of keys, so " + settings.front().option + " cannot apply");
  if (!document.IsDefined() || document.IsNull()) document = YAML::Node(YAML::NodeType::Map);
  for (const auto& setting : settings) {
    YAML::Node value;
    try {
      value = without_position(YAML::Load(setting.value));
    } catch (const YAML::Exception& e) {
      throw ConfigError(setting.option + ": the value is not valid YAML: " + e.msg);
    }
    YAML::Node at = document;
    for (std::size_t i = 0; i < setting.steps.size(); ++i) {
      const KeyStep& step = setting.steps[i];
      const bool last = i + 1 == setting.steps.size();
      const auto refuse = [&](const std::string& what) {
        throw ConfigError(setting.option + ": " + (i == 0 ? std::string("the document") : path_of(setting.steps, i)) +
                          " is " + what);
      };
      if (step.index >= 0) {
        if (!at.IsSequence()) refuse("not a list, so it has no element [" + std::to_string(step.index) + "]");
        if (static_cast<std::size_t>(step.index) >= at.size())
          refuse("a list of " + std::to_string(at.size()) + " elements, so it has no element [" + std::to_string(step.index) + "]");
        if (last) {
          at[static_cast<std::size_t>(step.index)] = value;
        } else {
          // operator[] on a node handle rebinds nothing: take the element's own handle.
          YAML::Node next = at[static_cast<std::size_t>(step.index)];
          at.reset(next);
        }
        continue;
      }
      if (!at.IsMap() && !at.IsNull()) {
        const std::string shown = at.IsScalar() ? "'" + at.Scalar() + "'" : std::string("a list");
        refuse(shown + ", not a mapping, so it has no key '" + step.key + "'" +
               (i == 1 && setting.steps[0].key == "layout" ? " (to choose another layout use --layout NAME|FILE)" : ""));
      }
      if (last) {
        at[step.key] = value;
      } else {
        if (!at[step.key].IsDefined() || at[step.key].IsNull()) at[step.key] = YAML::Node(YAML::NodeType::Map);
        YAML::Node next = at[step.key];
        at.reset(next);
      }
    }
  }
  return ConfigNode(document, root.file(), root.path());
}

ConfigError attribute_to_settings(const ConfigError& error, const std::string& file,
                                  const std::vector<KeySetting>& settings) {
  // An error about a value with no position reads "FILE: PATH: message"; one at a line of
  // the file reads "FILE:LINE: ..." and stays the file's.
  const std::string message = error.what();
  const std::string prefix = file + ": ";
  if (!message.starts_with(prefix)) return error;
  const std::string rest = message.substr(prefix.size());
  const std::string path = rest.substr(0, rest.find(": "));
  // The last setting of a key is the one in the document.
  for (auto it = settings.rbegin(); it != settings.rend(); ++it)
    if (within(path, it->path)) return ConfigError(it->option + ": " + rest);
  return error;
}

}  // namespace aicn::config
