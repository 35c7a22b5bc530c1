#include "aicn/topology/config_node.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "aicn/topology/units.hpp"

namespace aicn::config {

namespace {
/// A mapping key of `map` as text. YAML allows a sequence or a map as a key (`? [a, b]: 1`);
/// no AICN key is one, and as<std::string>() would throw yaml-cpp's bad conversion instead
/// (found by fuzz_scenario).
std::string key_text(const ConfigNode& map, const YAML::Node& key) {
  if (key.IsSequence() || key.IsMap()) map.fail("a key must be a plain name, not a " + std::string(key.IsSequence() ? "sequence" : "map"));
  return key.as<std::string>();
}
}  // namespace

ConfigNode::ConfigNode(YAML::Node node, std::string file, std::string path)
    : node_(std::move(node)), file_(std::make_shared<const std::string>(std::move(file))), path_(std::move(path)) {}

ConfigNode& ConfigNode::operator=(const ConfigNode& other) {
  if (this != &other) {
    node_.reset(other.node_);
    file_ = other.file_;
    path_ = other.path_;
  }
  return *this;
}

ConfigNode& ConfigNode::operator=(ConfigNode&& other) { return *this = static_cast<const ConfigNode&>(other); }

ConfigNode ConfigNode::load_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path + ": cannot open file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return load_text(buffer.str(), path);
}

ConfigNode ConfigNode::load_text(const std::string& text, const std::string& origin) {
  try {
    return ConfigNode(YAML::Load(text), origin);
  } catch (const YAML::Exception& e) {
    throw ConfigError(origin + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
  }
}

bool ConfigNode::has(std::string_view key) const {
  return node_.IsMap() && node_[std::string(key)].IsDefined();
}

ConfigNode ConfigNode::child(std::string_view key) const {
  const std::string child_path = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  ConfigNode result(YAML::Node(), "", child_path);
  result.file_ = file_;
  if (node_.IsMap()) {
    YAML::Node value = node_[std::string(key)];
    if (value.IsDefined()) result.node_ = value;
  }
  return result;
}

ConfigNode ConfigNode::required(std::string_view key) const {
  expect_map();
  ConfigNode result = child(key);
  if (!result.defined()) fail("missing required key '" + std::string(key) + "'");
  return result;
}

std::vector<ConfigNode> ConfigNode::elements() const {
  expect_sequence();
  std::vector<ConfigNode> result;
  result.reserve(node_.size());
  for (std::size_t i = 0; i < node_.size(); ++i) {
    ConfigNode element(node_[i], "", path_ + "[" + std::to_string(i) + "]");
    element.file_ = file_;
    result.push_back(std::move(element));
  }
  return result;
}

std::vector<std::pair<std::string, ConfigNode>> ConfigNode::entries() const {
  expect_map();
  std::vector<std::pair<std::string, ConfigNode>> result;
  for (const auto& item : node_) {
    const auto key = key_text(*this, item.first);
    result.emplace_back(key, child(key));
  }
  return result;
}

void ConfigNode::expect_keys(std::initializer_list<std::string_view> allowed) const {
  expect_map();
  for (const auto& item : node_) {
    const auto key = key_text(*this, item.first);
    bool known = false;
    for (auto candidate : allowed) known = known || candidate == key;
    if (!known) {
      std::string valid;
      for (auto candidate : allowed) valid += (valid.empty() ? "" : ", ") + std::string(candidate);
      const ConfigNode bad = child(key);
      bad.fail("unknown key '" + key + "' (valid keys here: " + valid + ")");
    }
  }
}

void ConfigNode::expect_map() const {
  if (!node_.IsMap()) fail("expected a mapping of keys to values, got " + (defined() ? "'" + text() + "'" : "nothing"));
}

void ConfigNode::expect_sequence() const {
  if (!node_.IsSequence()) fail("expected a list, got " + (defined() ? "'" + text() + "'" : "nothing"));
}

std::string ConfigNode::text() const {
  if (node_.IsScalar()) return node_.Scalar();
  if (!node_.IsDefined() || node_.IsNull()) return "";
  YAML::Emitter out;
  out << YAML::Flow << node_;
  return out.c_str();
}

std::string ConfigNode::as_string() const {
  if (!node_.IsScalar()) fail("expected a text value, got '" + text() + "'");
  return node_.Scalar();
}

double ConfigNode::as_double() const {
  if (!node_.IsScalar()) fail("expected a number, got '" + text() + "'");
  double value = 0.0;
  if (!YAML::convert<double>::decode(node_, value) || !std::isfinite(value))
    fail("expected a number, got '" + text() + "'");
  return value;
}

double ConfigNode::as_positive_double() const {
  const double value = as_double();
  if (!(value > 0.0)) fail("must be a positive number, got '" + text() + "'");
  return value;
}

std::int64_t ConfigNode::as_int() const {
  if (!node_.IsScalar()) fail("expected an integer, got '" + text() + "'");
  std::int64_t value = 0;
  if (!YAML::convert<std::int64_t>::decode(node_, value)) fail("expected an integer, got '" + text() + "'");
  return value;
}

std::int64_t ConfigNode::as_positive_int() const {
  if (!node_.IsScalar()) fail("must be a positive integer, got '" + text() + "'");
  std::int64_t value = 0;
  if (!YAML::convert<std::int64_t>::decode(node_, value) || value <= 0)
    fail("must be a positive integer, got '" + text() + "'");
  return value;
}

bool ConfigNode::as_bool() const {
  bool value = false;
  if (!node_.IsScalar() || !YAML::convert<bool>::decode(node_, value))
    fail("expected true or false, got '" + text() + "'");
  return value;
}

namespace {
template <typename Parse>
double parse_positive_quantity(const ConfigNode& node, Parse parse) {
  if (!node.is_scalar()) node.fail("expected a value with a unit, got '" + node.text() + "'");
  double value = 0.0;
  try {
    value = parse(node.yaml().Scalar());
  } catch (const units::UnitError& e) {
    node.fail(e.what());
  }
  if (!(value > 0.0)) node.fail("must be positive, got '" + node.text() + "'");
  return value;
}
}  // namespace

double ConfigNode::as_duration_s() const { return parse_positive_quantity(*this, units::parse_duration_s); }
double ConfigNode::as_bandwidth_bps() const { return parse_positive_quantity(*this, units::parse_bandwidth_bps); }
double ConfigNode::as_flops() const { return parse_positive_quantity(*this, units::parse_flops); }
double ConfigNode::as_bytes() const { return parse_positive_quantity(*this, units::parse_bytes); }
double ConfigNode::as_distance_km() const { return parse_positive_quantity(*this, units::parse_distance_km); }

void ConfigNode::fail(const std::string& message) const {
  std::string where = *file_;
  if (node_.IsDefined() && node_.Mark().line >= 0) where += ":" + std::to_string(node_.Mark().line + 1);
  throw ConfigError(where + ": " + (path_.empty() ? std::string("(top level)") : path_) + ": " + message);
}

}  // namespace aicn::config
