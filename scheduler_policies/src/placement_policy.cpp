#include "aicn/policy/placement_policy.hpp"

namespace aicn::policy {

PlacementRegistry& PlacementRegistry::instance() {
  static PlacementRegistry registry;
  return registry;
}

std::unique_ptr<PlacementPolicy> PlacementRegistry::make(std::string_view name, std::uint64_t seed, std::string stream,
                                                         const config::ConfigNode& params) const {
  PlacementContext context;
  context.seed = seed;
  context.stream = std::move(stream);
  context.params = validate(name, params);
  return create(name, context);
}

}  // namespace aicn::policy
