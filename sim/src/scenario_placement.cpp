#include "scenario_placement.hpp"

#include "aicn/policy/placement_policy.hpp"

namespace aicn::sim {

using config::ConfigNode;

void parse_placement(Scenario& scenario, const ConfigNode& root, const ConfigNode* override_name) {
  const auto& registry = policy::PlacementRegistry::instance();
  if (root.has("placement")) {
    const ConfigNode placement = root.child("placement");
    ConfigNode name = placement;
    ConfigNode params(YAML::Node(), root.file(), "placement.params");
    if (placement.is_map()) {
      placement.expect_keys({"name", "params"});
      name = placement.required("name");
      params = placement.child("params");
    }
    scenario.placement = registry.at(name).name;
    scenario.placement_params = registry.validate(scenario.placement, params);
  }
  if (root.has("admission")) {
    const ConfigNode admission = root.child("admission");
    const std::string text = admission.as_string();
    if (text != "queue" && text != "now") admission.fail("must be 'queue' or 'now', got '" + text + "'");
    scenario.admit_now = text == "now";
  }
  if (override_name == nullptr) return;
  const std::string name = registry.at(*override_name).name;
  if (root.has("placement") && name == scenario.placement) return;  // the file's params were written for it
  scenario.placement = name;
  scenario.placement_params = registry.validate(name, ConfigNode(YAML::Node(), "", "placement.params"));
}

}  // namespace aicn::sim
