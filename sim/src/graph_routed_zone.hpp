#pragma once
// GraphRoutedZone: the root SimGrid zone, whose zone-to-zone routes are read on demand from
// the layout's NetworkGraph instead of being declared pair by pair.
//
// Why: a SimGrid "Full" zone stores one declared route per ordered pair of sites, so 3,000
// sites cost 9 million add_route calls (minutes, gigabytes) per network state. SimGrid's own
// Dijkstra/Floyd zones would compute routes themselves, with their own tie-breaking and cost
// metric, so routes (and results) could differ from the NetworkGraph's that every other part
// of AICN (policies' view, `topology check`, outage rerouting) uses. This zone answers each
// route query with exactly the route the Full zone would have been given: the NetworkGraph's
// shortest path, its links in order, between the two sites' gateways.
#include <simgrid/kernel/routing/NetZoneImpl.hpp>

#include <string>
#include <unordered_map>
#include <vector>

#include "aicn/sim/platform_builder.hpp"
#include "aicn/topology/network_graph.hpp"

namespace aicn::sim {

class GraphRoutedZone final : public simgrid::kernel::routing::NetZoneImpl {
 public:
  explicit GraphRoutedZone(const std::string& name) : NetZoneImpl(name) {}

  /// The platform's SimGrid links, per layout link (the zone keeps a copy: pointers only).
  void set_links(std::vector<LinkPlatform> links) { links_ = std::move(links); }
  /// Per site, its border link out (up) and in (down), or nulls: a route starts with its
  /// source's way out and ends with its destination's way in. Empty: no site has one.
  void set_site_links(std::vector<LinkPlatform> site_links) { site_links_ = std::move(site_links); }

  /// Declares one network state: `gateways[site]` (hosts of this zone) reach each other over
  /// `graph`'s routes; so do `zones[site]` (children of this zone holding a site's servers,
  /// reached through its gateway; empty for a state without servers of its own).
  /// `graph` must outlive the simulation.
  void add_state(const topology::NetworkGraph& graph, const std::vector<simgrid::s4u::NetZone*>& zones,
                 const std::vector<simgrid::s4u::Host*>& gateways);

 protected:
  void get_local_route(const simgrid::kernel::routing::NetPoint* src, const simgrid::kernel::routing::NetPoint* dst,
                       simgrid::kernel::routing::Route* into, double* latency) override;

 private:
  struct Endpoint {
    std::size_t state = 0;
    int site = -1;
  };
  struct State {
    const topology::NetworkGraph* graph = nullptr;
    std::vector<simgrid::kernel::routing::NetPoint*> gateways;  ///< per site
  };
  /// One route as SimGrid wants it: the link directions in order (the s4u links give
  /// their latency).
  struct CachedRoute {
    std::vector<simgrid::kernel::resource::StandardLinkImpl*> links;
    std::vector<const simgrid::s4u::Link*> directions;
    double latency_s = 0.0;  ///< the directions' latencies added one by one from 0, in order
  };
  /// The route between two sites of one state, built from the graph on first use. A state's
  /// graph never changes, so a route once built stays right; only pairs that carry traffic
  /// are kept (a few dozen in practice, not sites squared).
  const CachedRoute& cached_route(std::size_t state, int from, int to);

  std::vector<LinkPlatform> links_;
  std::vector<LinkPlatform> site_links_;
  std::vector<State> states_;
  std::unordered_map<std::uint64_t, CachedRoute> routes_;
  /// The site and state of each of this zone's netpoints (gateways, relays, site zones), by
  /// NetPoint::id(), its rank in this zone; site -1 for none.
  std::vector<Endpoint> endpoints_;
  const Endpoint* endpoint(const simgrid::kernel::routing::NetPoint* point) const;
  void set_endpoint(const simgrid::kernel::routing::NetPoint* point, Endpoint where);
};

}  // namespace aicn::sim
