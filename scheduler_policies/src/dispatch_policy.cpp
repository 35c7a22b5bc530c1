#include "aicn/policy/dispatch_policy.hpp"

namespace aicn::policy {

PolicyRegistry& PolicyRegistry::instance() {
  static PolicyRegistry registry;
  return registry;
}

bool PolicyRegistry::add_policy(Entry entry, int interface_version) {
  if (interface_version != kPolicyInterfaceVersion)
    return report("policy '" + entry.name + "' was built against policy interface version " +
                  std::to_string(interface_version) + ", but this aicn has version " +
                  std::to_string(kPolicyInterfaceVersion) + "; rebuild it against these headers");
  return add(std::move(entry));
}

std::unique_ptr<DispatchPolicy> PolicyRegistry::make(std::string_view name, std::uint64_t seed,
                                                     const config::ConfigNode& params) const {
  PolicyContext context;
  context.seed = seed;
  context.params = validate(name, params);
  return create(name, context);
}

}  // namespace aicn::policy
