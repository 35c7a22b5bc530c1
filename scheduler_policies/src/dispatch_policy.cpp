#include "aicn/policy/dispatch_policy.hpp"

#include <stdexcept>

namespace aicn::policy {

PolicyRegistry& PolicyRegistry::instance() {
  static PolicyRegistry registry;
  return registry;
}

bool PolicyRegistry::add(const std::string& name, const std::string& description, PolicyFactory factory,
                         int interface_version) {
  std::string problem;
  if (interface_version != kPolicyInterfaceVersion)
    problem = "policy '" + name + "' was built against policy interface version " + std::to_string(interface_version) +
              ", but this aicn has version " + std::to_string(kPolicyInterfaceVersion) + "; rebuild it against these headers";
  else if (entries_.count(name) != 0)
    problem = "two dispatch policies are registered as '" + name + "'";
  if (!problem.empty()) {
    if (!loading_library_) throw std::logic_error(problem);
    library_.errors.push_back(problem);
    return false;
  }
  entries_.emplace(name, Entry{description, std::move(factory)});
  if (loading_library_) library_.added.push_back(name);
  return true;
}

void PolicyRegistry::begin_library() {
  loading_library_ = true;
  library_ = {};
}

PolicyRegistry::LibraryRegistrations PolicyRegistry::end_library() {
  loading_library_ = false;
  return std::move(library_);
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
