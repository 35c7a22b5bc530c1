#pragma once
/// @file graph_resilience.hpp
/// Single points of failure of a layout, found with Boost.Graph: links whose cut splits the
/// network (bridges), sites whose loss splits it (articulation points) and hubs whose loss
/// splits the remaining hubs apart (articulation points of the hub graph).
#include <vector>

#include "aicn/topology/layout.hpp"
#include "aicn/topology/network_graph.hpp"

namespace aicn::topology {

struct Bridge {
  int link = -1;
  /// The sites cut off from the rest when the link fails: the smaller side, in index order.
  std::vector<int> cut_off_sites;
};

struct Resilience {
  std::vector<int> components_of_sites;  ///< connected-component number of each site
  int component_count = 0;
  std::vector<Bridge> bridges;           ///< in link order
  std::vector<int> articulation_sites;   ///< in site order
  /// Hubs whose loss (all their sites) disconnects other hubs, on the graph whose vertices
  /// are hubs and whose edges are the links between sites of different hubs.
  std::vector<int> articulation_hubs;
};

Resilience analyse_resilience(const Layout& layout, const NetworkGraph& graph);

}  // namespace aicn::topology
