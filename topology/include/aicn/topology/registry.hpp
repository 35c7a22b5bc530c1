#pragma once
/// @file registry.hpp
/// One registry template for every extension point: dispatch policies, queue disciplines,
/// workload sources and `aicn` subcommands. As SimGrid does for its plugins: each entry has a
/// name, a one-line description and a declared parameter list, registers itself from its own
/// file, and an unknown name fails listing the valid ones.
///
/// Each extension point owns one instance (a function-local static in a .cpp, so that policy
/// libraries loaded with dlopen reach the aicn binary's copy) and a REGISTER macro.
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/nearest_name.hpp"
#include "aicn/topology/param_spec.hpp"

namespace aicn::registry {

/// Per-entry facts an extension point may add beyond the common ones (none by default).
struct NoInfo {};

/// Entries of type T built from a Context. `kind` names them in messages ("dispatch policy").
template <typename T, typename Context, typename Info = NoInfo>
class Registry {
 public:
  using Factory = std::function<std::unique_ptr<T>(const Context&)>;
  struct Entry {
    std::string name;
    std::string description;  ///< one line, printed by the listing commands
    std::vector<ParamSpec> params;
    Factory factory;
    Info info{};
  };
  /// While a shared library loads, registrations are collected instead of thrown (an
  /// exception cannot cross dlopen): the names added and the problems met.
  struct Collected {
    std::vector<std::string> added;
    std::vector<std::string> errors;
  };

  explicit Registry(std::string kind) : kind_(std::move(kind)) {}
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  /// Adds an entry; a duplicate or empty name, or a bad parameter declaration, is a
  /// std::logic_error (recorded instead while collecting). Returns whether it was added.
  bool add(Entry entry) {
    std::string problem;
    if (entry.name.empty()) problem = "a " + kind_ + " was registered without a name";
    else if (entries_.count(entry.name) != 0) problem = "two " + kind_ + " entries are registered as '" + entry.name + "'";
    else if (!entry.factory) problem = kind_ + " '" + entry.name + "' was registered without a factory";
    if (problem.empty()) {
      try {
        check_param_specs(entry.params, owner(entry.name));
      } catch (const std::logic_error& e) {
        problem = e.what();
      }
    }
    if (!problem.empty()) return report(problem);
    if (collecting_) collected_.added.push_back(entry.name);
    std::string name = entry.name;
    entries_.emplace(std::move(name), std::move(entry));
    return true;
  }

  /// A problem met while registering: thrown as std::logic_error, or recorded while
  /// collecting. Returns false so that it can end a registration.
  bool report(const std::string& problem) {
    if (!collecting_) throw std::logic_error(problem);
    collected_.errors.push_back(problem);
    return false;
  }

  bool contains(std::string_view name) const { return entries_.find(name) != entries_.end(); }
  const Entry* find(std::string_view name) const {
    auto found = entries_.find(name);
    return found == entries_.end() ? nullptr : &found->second;
  }
  /// The named entry; std::invalid_argument "unknown KIND 'foo'; valid values are: a, b".
  const Entry& at(std::string_view name) const {
    if (const Entry* entry = find(name)) return *entry;
    throw std::invalid_argument(unknown_message(name));
  }
  /// The entry `name` (a scalar in a config file) names; a config::ConfigError at its line.
  const Entry& at(const config::ConfigNode& name) const {
    const std::string text = name.as_string();
    if (const Entry* entry = find(text)) return *entry;
    name.fail(unknown_message(text));
  }
  std::unique_ptr<T> create(std::string_view name, const Context& context) const { return at(name).factory(context); }
  /// Checks a `params` mapping against the entry's declaration and fills in the defaults.
  ParamValues validate(std::string_view name, const config::ConfigNode& params) const {
    return validate_params(at(name).params, params, owner(name));
  }

  const std::map<std::string, Entry, std::less<>>& entries() const { return entries_; }
  /// "a, b, c", in name order.
  std::string names() const {
    std::string list;
    for (const auto& [name, entry] : entries_) list += (list.empty() ? "" : ", ") + name;
    return list;
  }
  /// "unknown KIND 'foo' (did you mean 'fog'?); valid values are: a, b" (the hint only for a near miss).
  std::string unknown_message(std::string_view name) const {
    std::vector<std::string> valid;
    for (const auto& [entry_name, entry] : entries_) valid.push_back(entry_name);
    return "unknown " + kind_ + " '" + std::string(name) + "'" + names::did_you_mean(name, valid) +
           "; valid values are: " + names();
  }
  const std::string& kind() const { return kind_; }
  /// "dispatch policy 'cost-aware'".
  std::string owner(std::string_view name) const { return kind_ + " '" + std::string(name) + "'"; }

  void begin_collecting() {
    collecting_ = true;
    collected_ = {};
  }
  Collected end_collecting() {
    collecting_ = false;
    return std::move(collected_);
  }

 private:
  std::string kind_;
  std::map<std::string, Entry, std::less<>> entries_;
  bool collecting_ = false;
  Collected collected_;
};

}  // namespace aicn::registry

#define AICN_REGISTRY_CONCAT_INNER(a, b) a##b
/// A unique identifier per line, for the variables the REGISTER macros define.
#define AICN_REGISTRY_CONCAT(a, b) AICN_REGISTRY_CONCAT_INNER(a, b)
