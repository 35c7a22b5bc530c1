#pragma once
/// @file data_settings.hpp
/// Scenario key `data`: where copies of data sets and base models are kept, where training
/// checkpoints go, and whether final weights and results travel back (docs/data-lifecycle.md).
///   storage: bytes of copies a site keeps (one size for all, or {SITE: size}); default unlimited
///   keep_copies: true (default) or false (every job moves its data, as before named objects)
///   checkpoints: local (default: the work since the last whole checkpoint interval is lost,
///                nothing is written) or home (each checkpoint is written over the network to
///                the job's home site; a failed site's job restarts from the last that arrived)
///   return_results: false (default) or true (result_bytes go back to the origin's home site)
#include <vector>

#include <yaml-cpp/yaml.h>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout.hpp"

namespace aicn::sim {

enum class CheckpointTarget { LOCAL, HOME };

struct DataSettings {
  std::vector<double> storage_bytes;  ///< per site; empty = unlimited everywhere
  bool keep_copies = true;
  CheckpointTarget checkpoints = CheckpointTarget::LOCAL;
  bool return_results = false;

  /// Storage of every site, infinity where unlimited.
  std::vector<double> capacity_per_site(std::size_t sites) const;
  bool is_default() const {
    return storage_bytes.empty() && keep_copies && checkpoints == CheckpointTarget::LOCAL && !return_results;
  }
};

DataSettings parse_data_settings(const config::ConfigNode& node, const topology::Layout& layout);
YAML::Node data_settings_to_yaml(const DataSettings& settings, const topology::Layout& layout);

}  // namespace aicn::sim
