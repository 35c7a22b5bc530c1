#include "aicn/topology/param_spec.hpp"

#include <cmath>
#include <cstdio>

#include "aicn/topology/units.hpp"

namespace aicn::registry {
namespace {

std::string format_bound(double value) {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::string joined(const std::vector<std::string>& items) {
  std::string list;
  for (const auto& item : items) list += (list.empty() ? "" : ", ") + item;
  return list;
}

std::string valid_keys(const std::vector<ParamSpec>& specs) {
  std::vector<std::string> names;
  for (const auto& spec : specs) names.push_back(spec.name);
  return joined(names);
}

bool numeric(ParamType type) {
  return type == ParamType::number || type == ParamType::integer || type == ParamType::duration ||
         type == ParamType::number_map;
}

void check_range(const ParamSpec& spec, const config::ConfigNode& node, double value) {
  const bool low_ok = spec.min_open ? value > spec.min : value >= spec.min;
  if (!low_ok || value > spec.max)
    node.fail("must be within " + spec.range_text() + ", got '" + node.text() + "'");
}

double read_number(const config::ConfigNode& node) {
  double value = 0.0;
  if (!node.is_scalar() || !YAML::convert<double>::decode(node.yaml(), value) || !std::isfinite(value))
    node.fail("must be a number, got '" + node.text() + "'");
  return value;
}

ParamValues::Value read_value(const ParamSpec& spec, const config::ConfigNode& node) {
  ParamValues::Value value;
  value.type = spec.type;
  value.node = node;
  switch (spec.type) {
    case ParamType::number:
      value.number = read_number(node);
      break;
    case ParamType::integer: {
      std::int64_t integer = 0;
      if (!node.is_scalar() || !YAML::convert<std::int64_t>::decode(node.yaml(), integer))
        node.fail("must be an integer, got '" + node.text() + "'");
      value.integer = integer;
      value.number = static_cast<double>(integer);  // only for the range check
      break;
    }
    case ParamType::duration:
      if (!node.is_scalar()) node.fail("must be a duration such as 30min or 2h, got '" + node.text() + "'");
      try {
        value.number = units::parse_duration_s(node.yaml().Scalar());
      } catch (const units::UnitError& e) {
        node.fail(std::string(e.what()) + ", got '" + node.text() + "'");
      }
      break;
    case ParamType::boolean:
      if (!node.is_scalar() || !YAML::convert<bool>::decode(node.yaml(), value.boolean))
        node.fail("must be true or false, got '" + node.text() + "'");
      break;
    case ParamType::string:
      if (!node.is_scalar()) node.fail("must be a text value, got '" + node.text() + "'");
      value.text = node.yaml().Scalar();
      break;
    case ParamType::enumeration: {
      if (!node.is_scalar()) node.fail("must be one of " + joined(spec.choices) + ", got '" + node.text() + "'");
      value.text = node.yaml().Scalar();
      bool known = false;
      for (const auto& choice : spec.choices) known = known || choice == value.text;
      if (!known) node.fail("must be one of " + joined(spec.choices) + ", got '" + node.text() + "'");
      break;
    }
    case ParamType::number_map:
      if (!node.is_map()) node.fail("must be a mapping of " + joined(spec.choices) + " to numbers, got '" + node.text() + "'");
      for (const auto& [key, item] : node.entries()) {
        bool known = false;
        for (const auto& choice : spec.choices) known = known || choice == key;
        if (!known) item.fail("unknown key '" + key + "', got '" + item.text() + "' (valid keys: " + joined(spec.choices) + ")");
        const double number = read_number(item);
        check_range(spec, item, number);
        value.table[key] = number;
      }
      return value;
  }
  if (numeric(spec.type)) check_range(spec, node, value.number);
  return value;
}

config::ConfigNode default_node(const ParamSpec& spec, const std::string& owner) {
  return config::ConfigNode::load_text(spec.default_text, "default of " + owner + " parameter '" + spec.name + "'");
}

}  // namespace

std::string_view param_type_name(ParamType type) {
  switch (type) {
    case ParamType::number: return "number";
    case ParamType::integer: return "integer";
    case ParamType::boolean: return "boolean";
    case ParamType::string: return "string";
    case ParamType::enumeration: return "enum";
    case ParamType::duration: return "duration";
    case ParamType::number_map: return "map of numbers";
  }
  return "?";
}

std::string ParamSpec::range_text() const {
  if (!numeric(type) || (std::isinf(min) && std::isinf(max))) return "";
  return std::string(min_open ? "(" : "[") + format_bound(min) + ", " + format_bound(max) + (std::isinf(max) ? ")" : "]");
}

ParamValues validate_params(const std::vector<ParamSpec>& specs, const config::ConfigNode& params,
                            const std::string& owner) {
  std::map<std::string, ParamValues::Value, std::less<>> values;
  if (params.defined()) {
    if (!params.is_map()) params.fail("must be a mapping of parameters, got '" + params.text() + "'");
    for (const auto& [key, node] : params.entries()) {
      const ParamSpec* spec = nullptr;
      for (const auto& candidate : specs)
        if (candidate.name == key) spec = &candidate;
      if (spec == nullptr) {
        if (specs.empty()) node.fail(owner + " takes no parameters, got '" + key + ": " + node.text() + "'");
        node.fail("unknown parameter '" + key + "' of " + owner + ", got '" + node.text() +
                  "' (valid keys: " + valid_keys(specs) + ")");
      }
      ParamValues::Value value = read_value(*spec, node);
      value.given = true;
      values.emplace(key, std::move(value));
    }
  }
  for (const auto& spec : specs)
    if (values.find(spec.name) == values.end()) values.emplace(spec.name, read_value(spec, default_node(spec, owner)));
  return ParamValues(params, std::move(values));
}

void check_param_specs(const std::vector<ParamSpec>& specs, const std::string& owner) {
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].name.empty()) throw std::logic_error(owner + " declares a parameter without a name");
    for (std::size_t j = 0; j < i; ++j)
      if (specs[j].name == specs[i].name)
        throw std::logic_error(owner + " declares the parameter '" + specs[i].name + "' twice");
    try {
      read_value(specs[i], default_node(specs[i], owner));
    } catch (const config::ConfigError& e) {
      throw std::logic_error(std::string("bad default: ") + e.what());
    }
  }
}

}  // namespace aicn::registry
