#include "graph_routed_zone.hpp"

#include <simgrid/kernel/routing/NetPoint.hpp>
#include <simgrid/s4u.hpp>

#include <stdexcept>

namespace aicn::sim {

namespace routing = simgrid::kernel::routing;

void GraphRoutedZone::add_state(const topology::NetworkGraph& graph, const std::vector<simgrid::s4u::NetZone*>& zones,
                                const std::vector<simgrid::s4u::Host*>& gateways) {
  if ((!zones.empty() && zones.size() != gateways.size()) || static_cast<int>(gateways.size()) != graph.site_count())
    throw std::logic_error("GraphRoutedZone: a network state needs one gateway (and zone, if any) per site");
  State state;
  state.graph = &graph;
  for (std::size_t site = 0; site < gateways.size(); ++site) {
    const Endpoint where{states_.size(), static_cast<int>(site)};
    set_endpoint(gateways[site]->get_netpoint(), where);
    if (!zones.empty()) set_endpoint(zones[site]->get_netpoint(), where);
    state.gateways.push_back(gateways[site]->get_netpoint());
  }
  states_.push_back(std::move(state));
}

void GraphRoutedZone::set_endpoint(const routing::NetPoint* point, Endpoint where) {
  if (point->get_englobing_zone() != this)
    throw std::logic_error("GraphRoutedZone: " + point->get_name() + " is not a netpoint of the root zone");
  if (endpoints_.size() <= point->id()) endpoints_.resize(point->id() + 1);
  endpoints_[point->id()] = where;
}

const GraphRoutedZone::Endpoint* GraphRoutedZone::endpoint(const routing::NetPoint* point) const {
  // A server's netpoint belongs to its site's zone, where id() is its rank there, not here.
  if (point->get_englobing_zone() != this || point->id() >= endpoints_.size()) return nullptr;
  const Endpoint& where = endpoints_[point->id()];
  return where.site < 0 ? nullptr : &where;
}

void GraphRoutedZone::get_local_route(const routing::NetPoint* src, const routing::NetPoint* dst, routing::Route* into,
                                      double* latency) {
  const Endpoint* from = endpoint(src);
  const Endpoint* to = endpoint(dst);
  // Endpoints of two different network states are never joined (as in the Full zone, which
  // had no route declared between them), nor is an unreachable pair; nor is a server to its
  // own gateway (no links inside a site): the route stays empty.
  if (from == nullptr || to == nullptr || from->state != to->state) return;
  const State& state = states_[from->state];
  const int a = from->site, b = to->site;
  if (a == b || !state.graph->reachable(a, b)) return;
  into->gw_src_ = state.gateways[static_cast<std::size_t>(a)];
  into->gw_dst_ = state.gateways[static_cast<std::size_t>(b)];
  const CachedRoute& route = cached_route(from->state, a, b);
  into->link_list_.insert(into->link_list_.end(), route.links.begin(), route.links.end());
  // Added link by link onto the latency so far, so the sum is the same to the last bit (from
  // 0, the usual case, that is the cached sum).
  if (latency != nullptr) {
    if (*latency == 0.0)
      *latency = route.latency_s;
    else
      for (const auto* direction : route.directions) *latency += direction->get_latency();
  }
}

const GraphRoutedZone::CachedRoute& GraphRoutedZone::cached_route(std::size_t state, int from, int to) {
  const State& network = states_[state];
  const auto sites = static_cast<std::uint64_t>(network.gateways.size());
  const std::uint64_t key = (static_cast<std::uint64_t>(state) * sites + static_cast<std::uint64_t>(from)) * sites +
                            static_cast<std::uint64_t>(to);
  auto [at, added] = routes_.try_emplace(key);
  if (!added) return at->second;
  CachedRoute& route = at->second;
  auto add = [&route](simgrid::s4u::Link* direction) {
    route.links.push_back(direction->get_impl());
    route.directions.push_back(direction);
    route.latency_s += direction->get_latency();
  };
  const bool borders = !site_links_.empty();
  if (borders && site_links_[static_cast<std::size_t>(from)].up != nullptr) add(site_links_[static_cast<std::size_t>(from)].up);
  for (const auto& hop : network.graph->route(from, to).hops) {
    const LinkPlatform& link = links_[static_cast<std::size_t>(hop.link)];
    add(hop.forward ? link.up : link.down);
  }
  if (borders && site_links_[static_cast<std::size_t>(to)].down != nullptr) add(site_links_[static_cast<std::size_t>(to)].down);
  return route;
}

}  // namespace aicn::sim
