#include "aicn/topology/config_node.hpp"

#include <cmath>
#include <fstream>
#include <map>
#include <set>
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

namespace {

/// "a.b[2].c" for messages about a key found while walking the whole document.
std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

/// yaml-cpp keeps every entry of a mapping whose key is repeated but answers node["key"]
/// with the first, so a later correction would be silently ignored: refuse the document.
/// Walks with an explicit stack (deep documents cannot exhaust the call stack) and visits a
/// node reached through several aliases once (an alias bomb cannot multiply the work).
void refuse_duplicate_keys(const YAML::Node& root, const std::string& origin) {
  std::vector<std::pair<YAML::Node, std::string>> pending{{root, ""}};
  std::set<std::size_t> visited;  // document offsets of mappings and sequences already walked
  while (!pending.empty()) {
    auto [node, path] = std::move(pending.back());
    pending.pop_back();
    if (!node.IsMap() && !node.IsSequence()) continue;
    if (!visited.insert(static_cast<std::size_t>(node.Mark().pos)).second) continue;
    if (node.IsSequence()) {
      for (std::size_t i = 0; i < node.size(); ++i) pending.emplace_back(node[i], path + "[" + std::to_string(i) + "]");
      continue;
    }
    std::map<std::string, int> first_line;
    for (const auto& item : node) {
      if (!item.first.IsScalar()) continue;  // complex keys: nothing in AICN's formats uses them
      const std::string& key = item.first.Scalar();
      const int line = item.first.Mark().line + 1;
      const auto [found, inserted] = first_line.emplace(key, line);
      if (!inserted)
        throw ConfigError(origin + ":" + std::to_string(line) + ": " + join_path(path, key) + ": the key '" + key +
                          "' is given twice in one mapping (lines " + std::to_string(found->second) + " and " +
                          std::to_string(line) + "); keep one");
      pending.emplace_back(item.second, join_path(path, key));
    }
  }
}

}  // namespace

ConfigNode ConfigNode::load_text(const std::string& text, const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(origin + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
  }
  refuse_duplicate_keys(root, origin);
  return ConfigNode(root, origin);
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
    if (invalid_utf8_offset(key) != std::string::npos) fail("a key is not valid UTF-8 text");
    result.emplace_back(key, child(key));
  }
  return result;
}

void ConfigNode::expect_keys(std::initializer_list<std::string_view> allowed) const {
  expect_map();
  for (const auto& item : node_) {
    const auto key = key_text(*this, item.first);
    if (invalid_utf8_offset(key) != std::string::npos) fail("a key is not valid UTF-8 text");
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
  const std::string& value = node_.Scalar();
  if (const std::size_t bad = invalid_utf8_offset(value); bad != std::string::npos) {
    // Show the valid part only: the raw bytes would garble the terminal or a log file.
    fail("is not valid UTF-8 text (byte " + std::to_string(bad + 1) + " of the value, after '" + value.substr(0, bad) +
         "')");
  }
  return value;
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
  // A value from the command line has no file: its path is the option ("--seed: ...").
  if (!where.empty()) where += ": ";
  throw ConfigError(where + (path_.empty() ? std::string("(top level)") : path_) + ": " + message);
}

std::size_t invalid_utf8_offset(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = bytes[i];
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte (RFC 3629, table 3-7)
    if (c < 0x80) length = 1;
    else if (c >= 0xC2 && c <= 0xDF) length = 2;
    else if (c == 0xE0) length = 3, low = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC) length = 3;
    else if (c == 0xED) length = 3, high = 0x9F;  // no UTF-16 surrogates
    else if (c >= 0xEE && c <= 0xEF) length = 3;
    else if (c == 0xF0) length = 4, low = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) length = 4;
    else if (c == 0xF4) length = 4, high = 0x8F;  // nothing above U+10FFFF
    else return i;
    if (i + length > n) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const unsigned char next = bytes[i + k];
      if (k == 1 ? (next < low || next > high) : (next < 0x80 || next > 0xBF)) return i;
    }
    i += length;
  }
  return std::string::npos;
}

}  // namespace aicn::config
