#include "aicn/policy/dispatch_policy.hpp"

#include <stdexcept>

namespace aicn::policy {

PolicyRegistry& PolicyRegistry::instance() {
  static PolicyRegistry registry;
  return registry;
}

bool PolicyRegistry::add(const std::string& name, const std::string& description, PolicyFactory factory) {
  if (!entries_.emplace(name, Entry{description, std::move(factory)}).second)
    throw std::logic_error("two dispatch policies are registered as '" + name + "'");
  return true;
}

std::string PolicyRegistry::names() const {
  std::string names;
  for (const auto& [name, entry] : entries_) names += (names.empty() ? "" : ", ") + name;
  return names;
}

std::unique_ptr<DispatchPolicy> PolicyRegistry::create(const std::string& name, const PolicyContext& context) const {
  auto found = entries_.find(name);
  if (found == entries_.end())
    throw std::invalid_argument("unknown dispatch policy '" + name + "' (valid policies: " + names() + ")");
  return found->second.factory(context);
}

}  // namespace aicn::policy
