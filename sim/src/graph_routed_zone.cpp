#include "graph_routed_zone.hpp"

#include <simgrid/s4u.hpp>

#include <stdexcept>

namespace aicn::sim {

namespace routing = simgrid::kernel::routing;

void GraphRoutedZone::add_state(const topology::NetworkGraph& graph, const std::vector<simgrid::s4u::NetZone*>& zones,
                                const std::vector<simgrid::s4u::Host*>& gateways) {
  if (zones.size() != gateways.size() || static_cast<int>(zones.size()) != graph.site_count())
    throw std::logic_error("GraphRoutedZone: a network state needs one zone and one gateway per site");
  State state;
  state.graph = &graph;
  for (std::size_t site = 0; site < zones.size(); ++site) {
    endpoints_[zones[site]->get_netpoint()] = Endpoint{states_.size(), static_cast<int>(site)};
    state.gateways.push_back(gateways[site]->get_netpoint());
  }
  states_.push_back(std::move(state));
}

void GraphRoutedZone::get_local_route(const routing::NetPoint* src, const routing::NetPoint* dst, routing::Route* into,
                                      double* latency) {
  const auto from = endpoints_.find(src);
  const auto to = endpoints_.find(dst);
  // Zones of two different network states are never joined (as in the Full zone, which had no
  // route declared between them), nor is an unreachable pair: the route stays empty.
  if (from == endpoints_.end() || to == endpoints_.end() || from->second.state != to->second.state) return;
  const State& state = states_[from->second.state];
  const int a = from->second.site, b = to->second.site;
  if (a == b || !state.graph->reachable(a, b)) return;
  into->gw_src_ = state.gateways[static_cast<std::size_t>(a)];
  into->gw_dst_ = state.gateways[static_cast<std::size_t>(b)];
  const CachedRoute& route = cached_route(from->second.state, a, b);
  into->link_list_.insert(into->link_list_.end(), route.links.begin(), route.links.end());
  // Added link by link onto the latency so far, so the sum is the same to the last bit.
  if (latency != nullptr)
    for (const auto* direction : route.directions) *latency += direction->get_latency();
}

const GraphRoutedZone::CachedRoute& GraphRoutedZone::cached_route(std::size_t state, int from, int to) {
  const State& network = states_[state];
  const auto sites = static_cast<std::uint64_t>(network.gateways.size());
  const std::uint64_t key = (static_cast<std::uint64_t>(state) * sites + static_cast<std::uint64_t>(from)) * sites +
                            static_cast<std::uint64_t>(to);
  auto [at, added] = routes_.try_emplace(key);
  if (!added) return at->second;
  CachedRoute& route = at->second;
  for (const auto& hop : network.graph->route(from, to).hops) {
    const LinkPlatform& link = links_[static_cast<std::size_t>(hop.link)];
    simgrid::s4u::Link* direction = hop.forward ? link.up : link.down;
    route.links.push_back(direction->get_impl());
    route.directions.push_back(direction);
  }
  return route;
}

}  // namespace aicn::sim
