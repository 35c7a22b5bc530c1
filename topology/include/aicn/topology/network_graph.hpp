#pragma once
/// @file network_graph.hpp
/// The layout's sites and links as a Boost.Graph graph, with latency-shortest routes between
/// every pair of sites. The simulator's SimGrid routes are built from these.
/// All pairs are solved once, at construction (one Dijkstra per source), and kept compactly:
/// per pair the latency, the bottleneck bandwidth and the last link of the route, 20 bytes, so
/// 3,000 sites take ~180 MB and a second; a Route's hop list is rebuilt on request from the
/// last links (a walk of its length).
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
  Route route(int from, int to) const;
  /// route(from, to).reachable, .latency_s and .bottleneck_bps without building the hop list.
  bool reachable(int from, int to) const { return from == to || last_link_[index(from, to)] >= 0; }
  double latency_s(int from, int to) const { return latency_s_[index(from, to)]; }
  double bottleneck_bps(int from, int to) const { return bottleneck_bps_[index(from, to)]; }
  /// True when every site can reach every other site.
  bool connected() const;
  int site_count() const { return sites_; }

 private:
  struct LinkEnds {
    int a = -1;
    int b = -1;
    double bandwidth_bps = 0.0;
  };
  void compute_routes_from(int source);
  std::size_t index(int from, int to) const;

  Graph graph_;
  int sites_ = 0;
  std::vector<LinkEnds> links_;  ///< of every layout link, usable or not (indexed like Layout::links)
  // Row-major [from][to]. An unreachable pair has last link -1, latency 0 and bottleneck 0
  // (as a default Route); a site to itself has last link -1, latency 0 and bottleneck infinity.
  std::vector<int> last_link_;        ///< the link that enters `to` on the route
  std::vector<double> latency_s_;
  std::vector<double> bottleneck_bps_;
};

}  // namespace aicn::topology
