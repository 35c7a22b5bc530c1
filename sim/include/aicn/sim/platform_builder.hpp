#pragma once
/// @file platform_builder.hpp
/// Turns a layout into a SimGrid platform: one NetZone per site holding a gateway (where the
/// site's data lives) and its GPU servers as hosts (core speed = GPU peak; cores = the GPUs of
/// the server's whole pool, so that a job is one exec: see docs/exec-model.md), one
/// split-duplex SimGrid link per fibre link, and zone-to-zone routes taken from the
/// Boost.Graph shortest paths (read on demand, see sim/src/graph_routed_zone.hpp).
#include <vector>

#include <simgrid/forward.h>

#include "aicn/topology/economics.hpp"
#include "aicn/topology/layout.hpp"
#include "aicn/topology/network_graph.hpp"

namespace aicn::sim {

struct SitePlatform {
  simgrid::s4u::NetZone* zone = nullptr;
  simgrid::s4u::Host* gateway = nullptr;
  /// servers[pool][server]
  std::vector<std::vector<simgrid::s4u::Host*>> servers;
};

struct LinkPlatform {
  simgrid::s4u::Link* up = nullptr;    ///< Link::a -> Link::b
  simgrid::s4u::Link* down = nullptr;  ///< Link::b -> Link::a
};

struct Platform {
  std::vector<SitePlatform> sites;
  std::vector<LinkPlatform> links;
  /// Per site, its border's capacity (network.site_transfer_capacity): `up` carries what
  /// leaves the site, `down` what enters it; both null for a site without a limit, and the
  /// vector empty when no site has one.
  std::vector<LinkPlatform> site_links;
  /// state_gateways[state][site]: where transfers start and end while that network state
  /// holds. State 0 is the intact network (the sites' own gateways); each later state
  /// (a scheduled outage) has one extra relay host per site, routed around the failed links.
  std::vector<std::vector<simgrid::s4u::Host*>> state_gateways;
};

/// Builds the platform in the current SimGrid engine (which must exist and be empty). With
/// `wattage`, every host gets the host energy plugin's `wattage_per_state` property from that
/// power model (servers: idle and all-GPUs-busy power; gateways: 0 W); the plugin must be
/// initialised first. `later_states` are the routes of the network states after scheduled
/// outages: SimGrid cannot change a route once the platform is sealed, so each state gets its
/// own routes now. SimGrid reads the routes from `graph` and `later_states` during the run, so
/// they must outlive the engine's use of the platform. `site_transfer_bps[site]` > 0 puts a
/// border link of that capacity (each way, no latency) at both ends of the site's routes.
Platform build_platform(const topology::Layout& layout, const topology::NetworkGraph& graph,
                        const topology::Economics* wattage = nullptr,
                        const std::vector<const topology::NetworkGraph*>& later_states = {},
                        const std::vector<double>& site_transfer_bps = {});

}  // namespace aicn::sim
