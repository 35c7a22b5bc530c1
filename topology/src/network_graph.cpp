#include "aicn/topology/network_graph.hpp"

#include <algorithm>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <limits>

namespace aicn::topology {

NetworkGraph::NetworkGraph(const Layout& layout) : NetworkGraph(layout, std::vector<bool>(layout.links.size(), true)) {}

NetworkGraph::NetworkGraph(const Layout& layout, const std::vector<bool>& link_usable)
    : graph_(layout.sites.size()), sites_(static_cast<int>(layout.sites.size())) {
  for (int site = 0; site < sites_; ++site) graph_[static_cast<std::size_t>(site)].site = site;
  for (std::size_t i = 0; i < layout.links.size(); ++i) {
    if (!link_usable.at(i)) continue;
    const Link& link = layout.links[i];
    boost::add_edge(static_cast<std::size_t>(link.a), static_cast<std::size_t>(link.b),
                    EdgeProperties{static_cast<int>(i), link.latency_s}, graph_);
  }
  routes_.resize(static_cast<std::size_t>(sites_) * static_cast<std::size_t>(sites_));
  for (int source = 0; source < sites_; ++source) compute_routes_from(source, layout);
}

void NetworkGraph::compute_routes_from(int source, const Layout& layout) {
  const std::size_t n = static_cast<std::size_t>(sites_);
  std::vector<std::size_t> predecessor(n);
  std::vector<double> distance(n);
  std::vector<int> predecessor_link(n, -1);
  boost::dijkstra_shortest_paths(
      graph_, static_cast<std::size_t>(source),
      boost::weight_map(boost::get(&EdgeProperties::latency_s, graph_))
          .predecessor_map(boost::make_iterator_property_map(predecessor.begin(), boost::get(boost::vertex_index, graph_)))
          .distance_map(boost::make_iterator_property_map(distance.begin(), boost::get(boost::vertex_index, graph_))));

  for (std::size_t target = 0; target < n; ++target) {
    Route& route = routes_[static_cast<std::size_t>(source) * n + target];
    if (target == static_cast<std::size_t>(source)) {
      route.reachable = true;
      route.bottleneck_bps = std::numeric_limits<double>::infinity();
      continue;
    }
    if (predecessor[target] == target) continue;  // Dijkstra leaves unreachable vertices as their own predecessor
    route.reachable = true;
    route.latency_s = distance[target];
    route.bottleneck_bps = std::numeric_limits<double>::infinity();
    for (std::size_t v = target; v != static_cast<std::size_t>(source); v = predecessor[v]) {
      const std::size_t u = predecessor[v];
      // Among parallel candidates, take the lowest-latency edge u-v (the one Dijkstra relaxed).
      int best_link = -1;
      double best_latency = std::numeric_limits<double>::infinity();
      for (auto [edge, end] = boost::out_edges(u, graph_); edge != end; ++edge) {
        if (boost::target(*edge, graph_) != v) continue;
        if (graph_[*edge].latency_s < best_latency) {
          best_latency = graph_[*edge].latency_s;
          best_link = graph_[*edge].link;
        }
      }
      const Link& link = layout.links[static_cast<std::size_t>(best_link)];
      route.hops.push_back(RouteHop{best_link, link.a == static_cast<int>(u)});
      route.bottleneck_bps = std::min(route.bottleneck_bps, link.bandwidth_bps);
    }
    std::reverse(route.hops.begin(), route.hops.end());
  }
}

const Route& NetworkGraph::route(int from, int to) const {
  return routes_.at(static_cast<std::size_t>(from) * static_cast<std::size_t>(sites_) + static_cast<std::size_t>(to));
}

bool NetworkGraph::connected() const {
  if (sites_ <= 1) return true;
  std::vector<int> component(static_cast<std::size_t>(sites_));
  return boost::connected_components(graph_, component.data()) == 1;
}

}  // namespace aicn::topology
