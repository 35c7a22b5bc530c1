#include "aicn/topology/graph_resilience.hpp"

#include <algorithm>
#include <boost/graph/biconnected_components.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <iterator>
#include <map>

namespace aicn::topology {
namespace {

using Graph = NetworkGraph::Graph;

/// Keeps every edge except one link: the network as it is after that link is cut.
struct WithoutLink {
  const Graph* graph = nullptr;
  int link = -1;
  bool operator()(Graph::edge_descriptor edge) const { return (*graph)[edge].link != link; }
};

std::vector<int> cut_off_side(const Graph& graph, int link, int site_count) {
  const boost::filtered_graph<Graph, WithoutLink> cut(graph, WithoutLink{&graph, link});
  std::vector<int> component(static_cast<std::size_t>(site_count));
  boost::connected_components(cut, component.data());
  // The bridge's two ends now lie in two components; report the smaller one (ties: the side
  // of the link's second end, so the report is deterministic).
  Graph::edge_descriptor edge{};
  for (auto [e, end] = boost::edges(graph); e != end; ++e)
    if (graph[*e].link == link) edge = *e;
  const int side_a = component[boost::source(edge, graph)];
  const int side_b = component[boost::target(edge, graph)];
  const auto size_a = std::count(component.begin(), component.end(), side_a);
  const auto size_b = std::count(component.begin(), component.end(), side_b);
  const int side = size_a < size_b ? side_a : side_b;
  std::vector<int> sites;
  for (int s = 0; s < site_count; ++s)
    if (component[static_cast<std::size_t>(s)] == side) sites.push_back(s);
  return sites;
}

std::vector<int> hub_articulation_points(const Layout& layout) {
  boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS> hubs(layout.hubs.size());
  for (const auto& link : layout.links) {
    const int hub_a = layout.sites[static_cast<std::size_t>(link.a)].hub;
    const int hub_b = layout.sites[static_cast<std::size_t>(link.b)].hub;
    if (hub_a != hub_b) boost::add_edge(static_cast<std::size_t>(hub_a), static_cast<std::size_t>(hub_b), hubs);
  }
  std::vector<std::size_t> points;
  boost::articulation_points(hubs, std::back_inserter(points));
  std::vector<int> result(points.begin(), points.end());
  std::sort(result.begin(), result.end());
  return result;
}

}  // namespace

Resilience analyse_resilience(const Layout& layout, const NetworkGraph& network) {
  const Graph& graph = network.graph();
  const int sites = static_cast<int>(layout.sites.size());
  Resilience result;
  result.components_of_sites.assign(static_cast<std::size_t>(sites), 0);
  result.component_count =
      sites == 0 ? 0 : static_cast<int>(boost::connected_components(graph, result.components_of_sites.data()));

  // Biconnected components label every edge; an edge alone in its component lies on no
  // cycle, so cutting it splits the network: a bridge. (Parallel links are refused by the
  // loader, so a single-edge component is never one of two parallel fibres.)
  std::vector<std::size_t> edge_component(layout.links.size());
  const auto component_map =
      boost::make_iterator_property_map(edge_component.begin(), boost::get(&NetworkGraph::EdgeProperties::link, graph));
  std::vector<std::size_t> articulation;
  boost::biconnected_components(graph, component_map, std::back_inserter(articulation));
  // Count over the graph's edges, not all layout links: a graph built without some links
  // (an outage) leaves their slots unused.
  std::map<std::size_t, int> edges_in_component;
  std::vector<int> present;
  for (auto [edge, end] = boost::edges(graph); edge != end; ++edge) {
    const int link = graph[*edge].link;
    present.push_back(link);
    ++edges_in_component[edge_component[static_cast<std::size_t>(link)]];
  }
  std::sort(present.begin(), present.end());
  for (int link : present)
    if (edges_in_component[edge_component[static_cast<std::size_t>(link)]] == 1)
      result.bridges.push_back(Bridge{link, cut_off_side(graph, link, sites)});

  result.articulation_sites.assign(articulation.begin(), articulation.end());
  std::sort(result.articulation_sites.begin(), result.articulation_sites.end());
  result.articulation_hubs = hub_articulation_points(layout);
  return result;
}

}  // namespace aicn::topology
