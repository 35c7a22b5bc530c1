#pragma once
/// @file config_node.hpp
/// Read-only access to a YAML document that remembers where each value came from, so that
/// every input error names the file, the key path and the bad value:
///   "scenario.yaml:12: sites[2].pools[0].gpus: must be a positive integer, got '-8'".
#include <yaml-cpp/yaml.h>

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "aicn/topology/checked_number.hpp"

namespace aicn::config {

/// An input error that already names its file, key path and bad value.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A YAML node plus its origin (file name and key path from the document root).
class ConfigNode {
 public:
  ConfigNode(YAML::Node node, std::string file, std::string path = "");
  ConfigNode(const ConfigNode&) = default;
  ConfigNode(ConfigNode&&) = default;
  /// Rebinds this handle. (YAML::Node's own operator= writes through to the node it refers
  /// to, so the default assignment would overwrite part of the loaded document.)
  ConfigNode& operator=(const ConfigNode& other);
  ConfigNode& operator=(ConfigNode&& other);

  /// Parses a YAML file; a missing file, a syntax error or a key given twice in one mapping
  /// (yaml-cpp would silently keep the first) becomes a ConfigError.
  static ConfigNode load_file(const std::string& path);
  /// Parses YAML text; `origin` names it in error messages (e.g. "built-in layout china-national").
  static ConfigNode load_text(const std::string& text, const std::string& origin);

  const YAML::Node& yaml() const { return node_; }
  const std::string& file() const { return *file_; }
  const std::string& path() const { return path_; }
  bool defined() const { return node_.IsDefined() && !node_.IsNull(); }
  bool is_map() const { return node_.IsMap(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }

  bool has(std::string_view key) const;
  /// The child under `key`; undefined (check defined()) when absent.
  ConfigNode child(std::string_view key) const;
  /// The child under `key`, or a ConfigError saying the key is required.
  ConfigNode required(std::string_view key) const;
  /// Elements of a sequence (a ConfigError if this is not a sequence).
  std::vector<ConfigNode> elements() const;
  /// Key/value pairs of a map in document order (a ConfigError if this is not a map).
  std::vector<std::pair<std::string, ConfigNode>> entries() const;

  /// Fails when this map has a key outside `allowed`, listing the valid keys.
  void expect_keys(std::initializer_list<std::string_view> allowed) const;
  void expect_map() const;
  void expect_sequence() const;

  /// A text value; a ConfigError when it is not valid UTF-8 (names end up in JSON outputs).
  std::string as_string() const;
  double as_double() const;
  double as_positive_double() const;
  bool as_bool() const;
  /// A whole number within [lo, hi], written as an integer ("64") or in exponent form
  /// ("1e6"); anything else is a ConfigError "file:line: key: must be a whole number from lo
  /// to hi, got 'text'". Integer text is read exactly (a double is exact only to 2^53).
  template <std::integral T>
  T as_integer(T lo, T hi) const {
    if (node_.IsScalar()) {
      std::int64_t whole = 0;
      std::uint64_t positive = 0;
      double number = 0.0;
      if (YAML::convert<std::int64_t>::decode(node_, whole)) {
        if (const auto value = checked::to_integer<T>(whole, lo, hi)) return *value;
      } else if (YAML::convert<std::uint64_t>::decode(node_, positive)) {
        if (const auto value = checked::to_integer<T>(positive, lo, hi)) return *value;
      } else if (YAML::convert<double>::decode(node_, number)) {
        if (const auto value = checked::to_integer<T>(number, lo, hi)) return *value;
      }
    }
    fail("must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got '" + text() + "'");
  }
  double as_duration_s() const;
  double as_bandwidth_bps() const;
  double as_flops() const;
  double as_bytes() const;
  double as_distance_km() const;

  /// The raw scalar text, for messages.
  std::string text() const;
  /// Throws a ConfigError "<file>:<line>: <path>: <message>".
  [[noreturn]] void fail(const std::string& message) const;

 private:
  YAML::Node node_;
  std::shared_ptr<const std::string> file_;
  std::string path_;
};

/// The byte offset of the first byte in `text` that is not part of a valid UTF-8 sequence,
/// or std::string::npos when all of it is valid.
std::size_t invalid_utf8_offset(std::string_view text);

}  // namespace aicn::config
