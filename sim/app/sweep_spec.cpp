#include "sweep_spec.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>

#include "aicn/results/comparison.hpp"
#include "aicn/sim/scenario.hpp"

namespace aicn::embedded {
const std::map<std::string, std::string>& builtin_scenarios();  // generated from sim/scenarios/*.yaml
}

namespace aicn::cli {
namespace {

namespace fs = std::filesystem;
using config::ConfigError;
using config::ConfigNode;

/// One step of a key path: a mapping key and the sequence indices after it ("patch[0]").
struct PathStep {
  std::string key;
  std::vector<std::size_t> indices;
};

std::vector<PathStep> parse_key_path(const std::string& path, const ConfigNode& where) {
  std::vector<PathStep> steps;
  std::size_t at = 0;
  auto bad = [&](const std::string& why) {
    where.fail("'" + path + "' is not a scenario key path such as policy.name or layout.patch[0].scale_pool.factor: " + why);
  };
  while (at <= path.size()) {
    PathStep step;
    while (at < path.size() && path[at] != '.' && path[at] != '[') step.key += path[at++];
    if (step.key.empty()) bad("an empty key");
    for (char c : step.key)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '/') bad("'" + step.key + "' holds '" + std::string(1, c) + "'");
    while (at < path.size() && path[at] == '[') {
      const std::size_t close = path.find(']', at);
      const std::string digits = close == std::string::npos ? "" : path.substr(at + 1, close - at - 1);
      if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos)
        bad("an index must be a whole number in [ ]");
      step.indices.push_back(std::stoul(digits));
      at = close + 1;
    }
    steps.push_back(step);
    if (at == path.size()) break;
    if (path[at] != '.') bad("expected '.' or '[' after '" + step.key + "'");
    ++at;
  }
  return steps;
}

/// A deep copy that carries no marks: a message about it names no line of the base file.
YAML::Node copy_plain(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return YAML::Node(node.Scalar());
    case YAML::NodeType::Sequence: {
      YAML::Node copy(YAML::NodeType::Sequence);
      for (const auto& element : node) copy.push_back(copy_plain(element));
      return copy;
    }
    case YAML::NodeType::Map: {
      YAML::Node copy(YAML::NodeType::Map);
      for (const auto& entry : node) copy[entry.first.Scalar()] = copy_plain(entry.second);
      return copy;
    }
    default:
      return YAML::Node(YAML::NodeType::Null);
  }
}

/// The scalar shorthands a key path may reach into: `policy: NAME` is `{name: NAME}` and
/// `layout: NAME` is `{base: NAME}` (an overlay with no patch yet).
std::string shorthand_key(const std::string& prefix) {
  if (prefix == "policy") return "name";
  if (prefix == "layout") return "base";
  return "";
}

YAML::Node with_value(const YAML::Node& node, const std::vector<PathStep>& steps, std::size_t i, const YAML::Node& value,
                      const std::string& prefix, const SweepSetting& setting);

[[noreturn]] void setting_fail(const SweepSetting& setting, const std::string& message) {
  try {
    setting.value.fail("key " + setting.key + ": " + message);
  } catch (const ConfigError& e) {
    throw SweepSettingError(e.what());
  }
}

YAML::Node with_indexed(YAML::Node node, const std::vector<PathStep>& steps, std::size_t i, std::size_t j,
                        const YAML::Node& value, const std::string& prefix, const SweepSetting& setting) {
  if (j == steps[i].indices.size()) return with_value(node, steps, i + 1, value, prefix, setting);
  const std::size_t index = steps[i].indices[j];
  const std::string here = prefix + "[" + std::to_string(index) + "]";
  if (!node.IsDefined() || !node.IsSequence() || index >= node.size())
    setting_fail(setting, "the base scenario has no " + here);
  node[index] = with_indexed(node[index], steps, i, j + 1, value, here, setting);
  return node;
}

YAML::Node with_value(const YAML::Node& node, const std::vector<PathStep>& steps, std::size_t i, const YAML::Node& value,
                      const std::string& prefix, const SweepSetting& setting) {
  if (i == steps.size()) return copy_plain(value);
  // reset(), not operator=: YAML::Node's assignment writes through to the node it refers to.
  // (A missing key is a "zombie" node that only IsDefined() may be asked about.)
  YAML::Node map(YAML::NodeType::Map);
  if (!node.IsDefined() || node.IsNull()) {
  } else if (node.IsScalar() && !shorthand_key(prefix).empty()) {
    map[shorthand_key(prefix)] = node.Scalar();
  } else if (node.IsMap()) {
    map.reset(node);
  } else {
    setting_fail(setting, prefix + " is not a mapping in the base scenario");
  }
  const std::string& key = steps[i].key;
  const std::string here = prefix.empty() ? key : prefix + "." + key;
  const YAML::Node& lookup = map;
  map[key] = with_indexed(lookup[key], steps, i, 0, value, here, setting);
  return map;
}

std::string sanitized_label(const std::string& text) {
  std::string label;
  for (char c : text) label += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ? c : '-';
  return label.substr(0, 60);
}

/// An axis value: a scalar (its text is its label) or {label: TEXT, value: ANY}.
SweepSetting read_setting(const std::string& key, const ConfigNode& node) {
  if (node.is_scalar()) return {key, node.as_string(), node};
  if (!node.is_map() || !node.has("label") || !node.has("value"))
    node.fail("a list or mapping value is written {label: NAME, value: ...}, so that it has a name in folders and tables");
  node.expect_keys({"label", "value"});
  const std::string label = node.required("label").as_string();
  if (label.empty()) node.child("label").fail("must not be empty");
  return {key, label, node.required("value")};
}

void check_key(const std::string& key, const ConfigNode& where) {
  parse_key_path(key, where);
  if (key == "seed") where.fail("the seed is not an axis: list the seeds under 'seeds:' (every cell runs each of them, paired)");
}

std::vector<std::uint64_t> read_seeds(const ConfigNode& node) {
  std::string text;
  if (node.is_sequence()) {
    for (const auto& element : node.elements()) text.append(text.empty() ? "" : ",").append(element.text());
  } else {
    text = node.text();
  }
  try {
    return results::parse_seed_list(text);
  } catch (const std::invalid_argument& e) {
    std::string message = e.what();
    if (message.rfind("--seeds: ", 0) == 0) message = message.substr(9);
    node.fail(message);
  }
}

std::size_t find_reference(const SweepSpec& spec, const ConfigNode& node) {
  std::vector<std::size_t> matches;
  if (node.is_scalar()) {
    for (std::size_t c = 0; c < spec.cells.size(); ++c)
      if (spec.cells[c].name == node.as_string()) matches.push_back(c);
  } else {
    const auto wanted = node.entries();
    for (std::size_t c = 0; c < spec.cells.size(); ++c) {
      bool all = true;
      for (const auto& [key, label] : wanted) {
        bool found = false;
        for (const auto& setting : spec.cells[c].settings) found |= setting.key == key && setting.label == label.as_string();
        all &= found;
      }
      if (all) matches.push_back(c);
    }
  }
  if (matches.size() != 1) {
    std::string names;
    for (const auto& cell : spec.cells) names += (names.empty() ? "" : ", ") + cell.name;
    node.fail(matches.empty() ? "names no cell of this sweep (cells: " + names + ")"
                              : "matches " + std::to_string(matches.size()) + " cells; give every axis (cells: " + names + ")");
  }
  return matches.front();
}

}  // namespace

SweepSpec load_sweep_spec(const std::string& path) {
  const ConfigNode root = ConfigNode::load_file(path);
  root.expect_map();
  root.expect_keys({"name", "description", "base", "seeds", "reference", "retries", "axes", "cells"});
  SweepSpec spec;
  spec.file = path;
  spec.name = root.has("name") ? root.child("name").as_string() : fs::path(path).stem().string();
  if (spec.name.empty() || sanitized_label(spec.name) != spec.name)
    root.child("name").fail("must be a non-empty name of letters, digits, '.', '-', '_' (at most 60), got '" + spec.name + "'");
  const ConfigNode base = root.required("base");
  const std::string base_text = base.as_string();
  const fs::path base_file = fs::absolute(path).parent_path() / base_text;
  if (fs::is_regular_file(base_file)) {
    spec.base_path = base_file.lexically_normal().string();
  } else {
    std::string names;
    for (const auto& name : sim::builtin_scenario_names()) {
      if (name == base_text) spec.base_builtin = name;
      names += (names.empty() ? "" : ", ") + name;
    }
    if (spec.base_builtin.empty())
      base.fail("'" + base_text + "' is neither a file (relative to the sweep file) nor a built-in scenario (" + names + ")");
  }
  spec.seeds = root.has("seeds") ? read_seeds(root.child("seeds")) : results::parse_seed_list("1-5");
  if (root.has("retries")) spec.retries = root.child("retries").as_integer<int>(0, 100);

  if (root.has("axes") == root.has("cells"))
    root.fail("give either 'axes' (every combination of their values) or 'cells' (an explicit list), not " +
              std::string(root.has("axes") ? "both" : "neither"));
  if (root.has("axes")) {
    std::vector<std::vector<SweepSetting>> axes;
    for (const auto& [key, values] : root.child("axes").entries()) {
      check_key(key, values);
      spec.axes.push_back(key);
      axes.emplace_back();
      std::set<std::string> labels;
      for (const auto& value : values.elements()) {
        axes.back().push_back(read_setting(key, value));
        if (!labels.insert(axes.back().back().label).second) value.fail("label '" + axes.back().back().label + "' is given twice in axis " + key);
      }
      if (axes.back().empty()) values.fail("an axis needs at least one value");
    }
    if (axes.empty()) root.child("axes").fail("no axis given");
    // The cartesian grid, the first axis varying slowest.
    std::vector<std::size_t> pick(axes.size(), 0);
    for (;;) {
      SweepCellSpec cell;
      for (std::size_t a = 0; a < axes.size(); ++a) {
        cell.settings.push_back(axes[a][pick[a]]);
        cell.name.append(a == 0 ? "" : "+").append(sanitized_label(axes[a][pick[a]].label));
      }
      spec.cells.push_back(cell);
      if (spec.cells.size() > 10000) root.child("axes").fail("more than 10000 cells");
      std::size_t a = axes.size();
      while (a > 0 && ++pick[a - 1] == axes[a - 1].size()) pick[--a] = 0;
      if (a == 0) break;
    }
  } else {
    for (const auto& entry : root.child("cells").elements()) {
      entry.expect_map();
      entry.expect_keys({"name", "set"});
      SweepCellSpec cell;
      for (const auto& [key, value] : entry.required("set").entries()) {
        check_key(key, value);
        cell.settings.push_back(read_setting(key, value));
        if (std::find(spec.axes.begin(), spec.axes.end(), key) == spec.axes.end()) spec.axes.push_back(key);
        cell.name.append(cell.name.empty() ? "" : "+").append(sanitized_label(cell.settings.back().label));
      }
      if (entry.has("name")) {
        cell.name = entry.child("name").as_string();
        if (cell.name.empty() || sanitized_label(cell.name) != cell.name)
          entry.child("name").fail("must be a name of letters, digits, '.', '-', '_' (at most 60), got '" + cell.name + "'");
      }
      if (cell.name.empty()) entry.fail("a cell needs a name or at least one setting");
      spec.cells.push_back(cell);
    }
    if (spec.cells.empty()) root.child("cells").fail("no cell given");
  }
  std::set<std::string> names;
  for (const auto& cell : spec.cells)
    if (!names.insert(cell.name).second)
      root.fail("two cells get the folder name '" + cell.name + "': give the values distinct labels");
  if (root.has("reference")) spec.reference = find_reference(spec, root.child("reference"));
  return spec;
}

config::ConfigNode load_base_scenario(const SweepSpec& spec) {
  if (!spec.base_path.empty()) return ConfigNode::load_file(spec.base_path);
  return ConfigNode::load_text(embedded::builtin_scenarios().at(spec.base_builtin), "built-in scenario " + spec.base_builtin);
}

std::string base_directory(const SweepSpec& spec) {
  return spec.base_path.empty() ? fs::current_path().string() : fs::path(spec.base_path).parent_path().string();
}

YAML::Node apply_settings(const ConfigNode& base, const std::vector<SweepSetting>& settings, const std::string& base_dir) {
  YAML::Node root = YAML::Clone(base.yaml());
  bool sets_policy = false, sets_params = false;
  for (const auto& setting : settings) {
    const std::vector<PathStep> steps = parse_key_path(setting.key, setting.value);
    root.reset(with_value(root, steps, 0, setting.value.yaml(), "", setting));
    sets_policy |= setting.key == "policy" || setting.key == "policy.name";
    sets_params |= setting.key.rfind("policy.params", 0) == 0;
  }
  // As with --policy: the base's policy.params were written for the base's policy, so another
  // policy gets its own defaults unless the cell sets its parameters too.
  if (sets_policy && !sets_params && root["policy"].IsMap() && root["policy"]["params"]) {
    const YAML::Node& old_policy = base.yaml()["policy"];
    const std::string old_name = old_policy.IsScalar() ? old_policy.Scalar()
                                 : old_policy.IsMap() && old_policy["name"] ? old_policy["name"].Scalar()
                                                                            : "";
    if (root["policy"]["name"].Scalar() != old_name) root["policy"].remove("params");
  }
  // The cell's scenario is saved in the sweep folder, and its workload is kept as written: a
  // relative trace path must not change meaning there.
  if (root["workload"].IsMap() && root["workload"]["path"] && root["workload"]["path"].IsScalar()) {
    const fs::path trace = root["workload"]["path"].Scalar();
    if (trace.is_relative()) root["workload"]["path"] = (fs::path(base_dir) / trace).string();
  }
  return root;
}

}  // namespace aicn::cli
