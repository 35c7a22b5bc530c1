#include "aicn/topology/network_graph.hpp"

#include <algorithm>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <limits>
#include <stdexcept>
#include <string>

namespace aicn::topology {

NetworkGraph::NetworkGraph(const Layout& layout) : NetworkGraph(layout, std::vector<bool>(layout.links.size(), true)) {}

NetworkGraph::NetworkGraph(const Layout& layout, const std::vector<bool>& link_usable)
    : graph_(layout.sites.size()), sites_(static_cast<int>(layout.sites.size())) {
  for (int site = 0; site < sites_; ++site) graph_[static_cast<std::size_t>(site)].site = site;
  links_.reserve(layout.links.size());
  for (std::size_t i = 0; i < layout.links.size(); ++i) {
    const Link& link = layout.links[i];
    links_.push_back(LinkEnds{link.a, link.b, link.bandwidth_bps});
    if (!link_usable.at(i)) continue;
    boost::add_edge(static_cast<std::size_t>(link.a), static_cast<std::size_t>(link.b),
                    EdgeProperties{static_cast<int>(i), link.latency_s}, graph_);
  }
  const std::size_t pairs = static_cast<std::size_t>(sites_) * static_cast<std::size_t>(sites_);
  last_link_.assign(pairs, -1);
  latency_s_.assign(pairs, 0.0);
  bottleneck_bps_.assign(pairs, 0.0);
  for (int source = 0; source < sites_; ++source) compute_routes_from(source);
}

std::size_t NetworkGraph::index(int from, int to) const {
  if (from < 0 || to < 0 || from >= sites_ || to >= sites_)
    throw std::out_of_range("NetworkGraph: no site pair (" + std::to_string(from) + ", " + std::to_string(to) + ")");
  return static_cast<std::size_t>(from) * static_cast<std::size_t>(sites_) + static_cast<std::size_t>(to);
}

void NetworkGraph::compute_routes_from(int source) {
  const std::size_t n = static_cast<std::size_t>(sites_);
  const std::size_t row = static_cast<std::size_t>(source) * n;
  std::vector<std::size_t> predecessor(n);
  std::vector<double> distance(n);
  boost::dijkstra_shortest_paths(
      graph_, static_cast<std::size_t>(source),
      boost::weight_map(boost::get(&EdgeProperties::latency_s, graph_))
          .predecessor_map(boost::make_iterator_property_map(predecessor.begin(), boost::get(boost::vertex_index, graph_)))
          .distance_map(boost::make_iterator_property_map(distance.begin(), boost::get(boost::vertex_index, graph_))));

  for (std::size_t v = 0; v < n; ++v) {
    const std::size_t u = predecessor[v];
    if (u == v) continue;  // the source, or unreachable: Dijkstra leaves them as their own predecessor
    latency_s_[row + v] = distance[v];
    // Among parallel candidates, take the lowest-latency edge u-v (the one Dijkstra relaxed);
    // ties go to the lowest link index. Both ends list their edges in link order, so scanning
    // the end with fewer edges finds the same link, and a star's centre is never scanned.
    const bool from_u = boost::out_degree(u, graph_) <= boost::out_degree(v, graph_);
    const std::size_t scan = from_u ? u : v, other = from_u ? v : u;
    int best_link = -1;
    double best_latency = std::numeric_limits<double>::infinity();
    for (auto [edge, end] = boost::out_edges(scan, graph_); edge != end; ++edge) {
      if (boost::target(*edge, graph_) != other) continue;
      if (graph_[*edge].latency_s < best_latency) {
        best_latency = graph_[*edge].latency_s;
        best_link = graph_[*edge].link;
      }
    }
    last_link_[row + v] = best_link;
  }

  // Bottleneck of each route = min(bottleneck up to the predecessor, the last link), filled
  // along the shortest-path tree; `done` marks the source and the unreachable sites first.
  std::vector<char> done(n, 0);
  bottleneck_bps_[row + static_cast<std::size_t>(source)] = std::numeric_limits<double>::infinity();
  for (std::size_t v = 0; v < n; ++v) done[v] = last_link_[row + v] < 0;
  std::vector<std::size_t> path;
  for (std::size_t target = 0; target < n; ++target) {
    for (std::size_t v = target; !done[v]; v = predecessor[v]) path.push_back(v);
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      const LinkEnds& link = links_[static_cast<std::size_t>(last_link_[row + *it])];
      bottleneck_bps_[row + *it] = std::min(bottleneck_bps_[row + predecessor[*it]], link.bandwidth_bps);
      done[*it] = 1;
    }
    path.clear();
  }
}

Route NetworkGraph::route(int from, int to) const {
  Route route;
  const std::size_t at = index(from, to);
  route.reachable = reachable(from, to);
  if (!route.reachable) return route;
  route.latency_s = latency_s_[at];
  route.bottleneck_bps = bottleneck_bps_[at];
  for (int v = to; v != from;) {
    const int link_index = last_link_[index(from, v)];
    const LinkEnds& link = links_[static_cast<std::size_t>(link_index)];
    const int u = link.a == v ? link.b : link.a;  // the predecessor: the link's other end
    route.hops.push_back(RouteHop{link_index, link.a == u});
    v = u;
  }
  std::reverse(route.hops.begin(), route.hops.end());
  return route;
}

bool NetworkGraph::connected() const {
  if (sites_ <= 1) return true;
  std::vector<int> component(static_cast<std::size_t>(sites_));
  return boost::connected_components(graph_, component.data()) == 1;
}

}  // namespace aicn::topology
