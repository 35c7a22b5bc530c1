#pragma once
/// @file network_settings.hpp
/// Scenario key `network`: how loaded the long-haul links are and how flows share them.
///   sharing: latency-weighted (SimGrid CM02's own rule, the default) or max-min
///   background: a share of every link's capacity taken by other traffic, constant or diurnal
///   site_transfer_capacity: what a site's border (NICs, transfer nodes) moves in and out
/// See docs/network.md for the model, its sources and measured examples.
#include <array>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout.hpp"

namespace aicn::sim {

enum class BandwidthSharing {
  /// CM02: a flow's share of a saturated link is proportional to 1 / its route latency.
  LATENCY_WEIGHTED,
  /// Plain max-min: every flow on a saturated link gets the same share. The route latency
  /// is still paid, before the first byte moves (docs/network.md says how).
  MAX_MIN,
};

struct NetworkSettings {
  BandwidthSharing sharing = BandwidthSharing::LATENCY_WEIGHTED;
  /// Share of each link's capacity that background traffic holds in each hour of the day
  /// (simulated time 0 is local midnight); all 0 = an idle network (the default).
  std::array<double, 24> background_share{};
  /// Each site's border capacity in and out (bits per second), per site index; 0 or an
  /// empty vector = no limit beyond the links.
  std::vector<double> site_transfer_bps;

  bool has_background() const {
    for (double share : background_share)
      if (share > 0) return true;
    return false;
  }
  bool background_constant() const {
    for (double share : background_share)
      if (share != background_share[0]) return false;
    return true;
  }
  bool has_site_limits() const {
    for (double bps : site_transfer_bps)
      if (bps > 0) return true;
    return false;
  }
};

/// `background: caict`: CAICT measured about 16 % of the 751 Tbps configured between hubs in
/// use (Q1 2024; ../shared/data/README.md, "Facts ... for the network model").
constexpr double kCaictBackgroundShare = 0.16;
/// The largest background share accepted: a link with nothing left would never finish a transfer.
constexpr double kMaxBackgroundShare = 0.95;

/// Parses the `network` mapping; errors name the file, line, key and value.
NetworkSettings parse_network_settings(const config::ConfigNode& node, const topology::Layout& layout);
/// The settings as the resolved scenario writes them (they parse back to the same values).
YAML::Node network_settings_to_yaml(const NetworkSettings& settings, const topology::Layout& layout);
const char* sharing_name(BandwidthSharing sharing);

}  // namespace aicn::sim
