#include "aicn/sim/data_settings.hpp"

#include <limits>
#include <string>

#include "aicn/topology/checked_number.hpp"

namespace aicn::sim {

using config::ConfigNode;

std::vector<double> DataSettings::capacity_per_site(std::size_t sites) const {
  std::vector<double> capacity(sites, std::numeric_limits<double>::infinity());
  for (std::size_t s = 0; s < sites && s < storage_bytes.size(); ++s)
    if (storage_bytes[s] >= 0) capacity[s] = storage_bytes[s];
  return capacity;
}

DataSettings parse_data_settings(const ConfigNode& node, const topology::Layout& layout) {
  DataSettings settings;
  if (!node.defined()) return settings;
  node.expect_keys({"storage", "keep_copies", "checkpoints", "return_results"});
  if (node.has("storage")) {
    const ConfigNode storage = node.child("storage");
    auto size = [](const ConfigNode& value) {
      const double bytes = value.as_bytes();
      if (!(bytes >= 0)) value.fail("must be a size of 0 or more, got '" + value.text() + "'");
      return bytes;
    };
    // -1: this site keeps what it likes (unlimited); only sites named in a mapping are limited.
    settings.storage_bytes.assign(layout.sites.size(), -1.0);
    if (storage.is_map()) {
      for (const auto& [site, value] : storage.entries()) {
        const int index = layout.site_index(site);
        if (index < 0) value.fail("'" + site + "' is not a site of layout " + layout.name);
        settings.storage_bytes[static_cast<std::size_t>(index)] = size(value);
      }
    } else {
      settings.storage_bytes.assign(layout.sites.size(), size(storage));
    }
  }
  if (node.has("keep_copies")) settings.keep_copies = node.child("keep_copies").as_bool();
  if (node.has("checkpoints")) {
    const ConfigNode target = node.child("checkpoints");
    const std::string text = target.as_string();
    if (text == "home")
      settings.checkpoints = CheckpointTarget::HOME;
    else if (text != "local")
      target.fail("must be 'local' or 'home', got '" + text + "'");
  }
  if (node.has("return_results")) settings.return_results = node.child("return_results").as_bool();
  return settings;
}

YAML::Node data_settings_to_yaml(const DataSettings& settings, const topology::Layout& layout) {
  YAML::Node node;
  for (std::size_t s = 0; s < settings.storage_bytes.size() && s < layout.sites.size(); ++s)
    if (settings.storage_bytes[s] >= 0)
      node["storage"][layout.sites[s].name] = checked::format_number(settings.storage_bytes[s]) + "B";
  node["keep_copies"] = settings.keep_copies;
  node["checkpoints"] = settings.checkpoints == CheckpointTarget::HOME ? "home" : "local";
  node["return_results"] = settings.return_results;
  return node;
}

}  // namespace aicn::sim
