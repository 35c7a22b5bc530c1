#pragma once
/// @file network_graph.hpp
/// The layout's sites and links as a Boost.Graph graph, with latency-shortest routes between
/// every pair of sites. The simulator's SimGrid routes are built from these.
#include <boost/graph/adjacency_list.hpp>

#include <vector>

#include "aicn/topology/layout.hpp"

namespace aicn::topology {

/// One link traversed in one direction.
struct RouteHop {
  int link = -1;
  bool forward = true;  ///< true when traversed from Link::a to Link::b
};

struct Route {
  std::vector<RouteHop> hops;
  double latency_s = 0.0;       ///< sum of the hops' one-way latencies
  double bottleneck_bps = 0.0;  ///< smallest bandwidth along the route
  bool reachable = false;
};

class NetworkGraph {
 public:
  struct VertexProperties {
    int site = -1;
  };
  struct EdgeProperties {
    int link = -1;
    double latency_s = 0.0;
  };
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, VertexProperties, EdgeProperties>;

  explicit NetworkGraph(const Layout& layout);
  /// The network with only the links whose `link_usable[i]` is true (e.g. during an outage).
  NetworkGraph(const Layout& layout, const std::vector<bool>& link_usable);

  const Graph& graph() const { return graph_; }
  /// The lowest-latency route from site `from` to site `to` (empty and reachable when equal).
  const Route& route(int from, int to) const;
  /// True when every site can reach every other site.
  bool connected() const;
  int site_count() const { return sites_; }

 private:
  void compute_routes_from(int source, const Layout& layout);

  Graph graph_;
  int sites_ = 0;
  std::vector<Route> routes_;  ///< row-major [from][to]
};

}  // namespace aicn::topology
