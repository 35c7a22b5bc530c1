#pragma once
/// @file param_spec.hpp
/// Declared parameters of a registered entry (a policy, a discipline, a source) and the
/// checked values read from a scenario's `params` mapping. An entry lists what it accepts
/// once; the same list checks the scenario (unknown key, wrong type, out of range: an error
/// naming file, line, key and value), fills in defaults and is printed by `aicn policies`.
#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aicn/topology/config_node.hpp"

namespace aicn::registry {

/// What a parameter's value is. `duration` is a number of seconds written with a unit ("2h");
/// `number_map` maps keys (from `choices`) to numbers, each within the range.
enum class ParamType { number, integer, boolean, string, enumeration, duration, number_map };

/// "number", "integer", "boolean", "string", "enum", "duration", "map of numbers".
std::string_view param_type_name(ParamType type);

/// One declared parameter. `default_text` is YAML, read as the scenario's value would be (so
/// a bad default is caught at registration); the range is inclusive unless `min_open`.
struct ParamSpec {
  std::string name;
  ParamType type = ParamType::number;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;
  std::string default_text;
  std::string help;
  std::vector<std::string> choices;  ///< enum values, or the keys of a number_map

  /// Range [lo, hi]; either end may be infinite.
  ParamSpec range(double lo, double hi) && {
    min = lo;
    max = hi;
    return std::move(*this);
  }
  ParamSpec at_least(double lo) && {
    min = lo;
    return std::move(*this);
  }
  /// Strictly above `lo`.
  ParamSpec above(double lo) && {
    min = lo;
    min_open = true;
    return std::move(*this);
  }
  /// "[0, 1]", "(0, inf)", or "" when unbounded or not numeric.
  std::string range_text() const;
};

inline ParamSpec number(std::string name, std::string default_text, std::string help) {
  return {std::move(name), ParamType::number, -std::numeric_limits<double>::infinity(),
          std::numeric_limits<double>::infinity(), false, std::move(default_text), std::move(help), {}};
}
inline ParamSpec integer(std::string name, std::string default_text, std::string help) {
  ParamSpec spec = number(std::move(name), std::move(default_text), std::move(help));
  spec.type = ParamType::integer;
  return spec;
}
inline ParamSpec boolean(std::string name, std::string default_text, std::string help) {
  ParamSpec spec = number(std::move(name), std::move(default_text), std::move(help));
  spec.type = ParamType::boolean;
  return spec;
}
inline ParamSpec string(std::string name, std::string default_text, std::string help) {
  ParamSpec spec = number(std::move(name), std::move(default_text), std::move(help));
  spec.type = ParamType::string;
  return spec;
}
inline ParamSpec enumeration(std::string name, std::vector<std::string> choices, std::string default_text,
                             std::string help) {
  ParamSpec spec = number(std::move(name), std::move(default_text), std::move(help));
  spec.type = ParamType::enumeration;
  spec.choices = std::move(choices);
  return spec;
}
/// A duration in seconds; never negative.
inline ParamSpec duration(std::string name, std::string default_text, std::string help) {
  ParamSpec spec = number(std::move(name), std::move(default_text), std::move(help));
  spec.type = ParamType::duration;
  spec.min = 0.0;
  return spec;
}
inline ParamSpec number_map(std::string name, std::vector<std::string> keys, std::string help) {
  ParamSpec spec = number(std::move(name), "{}", std::move(help));
  spec.type = ParamType::number_map;
  spec.choices = std::move(keys);
  return spec;
}

/// Checked parameter values, defaults filled in. Reading a name that was not declared, or
/// as another type, is a programming error (std::logic_error).
class ParamValues {
 public:
  struct Value {
    ParamType type = ParamType::number;
    double number = 0.0;  ///< number, duration (seconds), integer (for the range check)
    std::int64_t integer = 0;  ///< integer, exactly as written (a double is exact only to 2^53)
    bool boolean = false;
    std::string text;     ///< string, enumeration
    std::map<std::string, double> table;
    bool given = false;   ///< set in the scenario rather than defaulted
    config::ConfigNode node{YAML::Node(), "", ""};  ///< where it came from, for later messages
  };

  ParamValues() = default;
  ParamValues(config::ConfigNode source, std::map<std::string, Value, std::less<>> values)
      : source_(std::move(source)), values_(std::move(values)) {}

  /// A number or a duration (in seconds).
  double number(std::string_view name) const {
    const Value& v = get(name, "a number");
    if (v.type != ParamType::number && v.type != ParamType::duration) wrong_type(name, v, "a number");
    return v.number;
  }
  std::int64_t integer(std::string_view name) const {
    const Value& v = get(name, "an integer");
    if (v.type != ParamType::integer) wrong_type(name, v, "an integer");
    return v.integer;
  }
  bool boolean(std::string_view name) const {
    const Value& v = get(name, "a boolean");
    if (v.type != ParamType::boolean) wrong_type(name, v, "a boolean");
    return v.boolean;
  }
  /// A string or an enum value.
  const std::string& text(std::string_view name) const {
    const Value& v = get(name, "a string");
    if (v.type != ParamType::string && v.type != ParamType::enumeration) wrong_type(name, v, "a string");
    return v.text;
  }
  const std::map<std::string, double>& table(std::string_view name) const {
    const Value& v = get(name, "a map of numbers");
    if (v.type != ParamType::number_map) wrong_type(name, v, "a map of numbers");
    return v.table;
  }
  bool given(std::string_view name) const { return get(name, "a parameter").given; }
  /// The value's node, so that a check across parameters can fail naming file and line.
  const config::ConfigNode& node(std::string_view name) const { return get(name, "a parameter").node; }
  /// The `params` mapping as written (undefined when absent), e.g. to write the scenario back.
  const config::ConfigNode& source() const { return source_; }
  const std::map<std::string, Value, std::less<>>& values() const { return values_; }

 private:
  const Value& get(std::string_view name, const char* wanted) const {
    auto found = values_.find(name);
    if (found == values_.end())
      throw std::logic_error("parameter '" + std::string(name) + "' read as " + wanted +
                             " was never declared (or these values were not checked against the declaration)");
    return found->second;
  }
  [[noreturn]] static void wrong_type(std::string_view name, const Value& v, const char* wanted) {
    throw std::logic_error("parameter '" + std::string(name) + "' is declared as " +
                           std::string(param_type_name(v.type)) + " but read as " + wanted);
  }

  config::ConfigNode source_{YAML::Node(), "", ""};
  std::map<std::string, Value, std::less<>> values_;
};

/// Checks `params` (a mapping, or undefined for "none given") against `specs` and fills in
/// the defaults. `owner` names the entry in messages ("dispatch policy 'cost-aware'"). An
/// unknown key, a mistyped or out-of-range value is a config::ConfigError naming file, line,
/// key and value and listing the valid keys.
ParamValues validate_params(const std::vector<ParamSpec>& specs, const config::ConfigNode& params,
                            const std::string& owner);

/// Checks the declaration itself: unique names, defaults that pass their own checks. Throws
/// std::logic_error naming the owner and the parameter.
void check_param_specs(const std::vector<ParamSpec>& specs, const std::string& owner);

}  // namespace aicn::registry
