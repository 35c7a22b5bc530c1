#pragma once
/// @file network_outages.hpp
/// Scheduled link and site outages during a run. The network states (which links are up between two
/// events) and their routes come from topology/outage_schedule.hpp; this class switches
/// SimGrid links off and on as the states change and says which state's gateways and routes
/// new and retried transfers must use.
#include <utility>
#include <vector>

#include "aicn/sim/platform_builder.hpp"
#include "aicn/topology/config_node.hpp"
#include "aicn/topology/outage_schedule.hpp"

namespace aicn::sim {

class NetworkOutages {
 public:
  NetworkOutages(const topology::Layout& layout, const std::vector<topology::OutageEvent>& events);

  const std::vector<topology::NetworkState>& states() const { return states_; }
  /// The routes of every state after the first, for build_platform().
  std::vector<const topology::NetworkGraph*> later_graphs() const;
  const topology::NetworkGraph& graph(int state) const { return graphs_[static_cast<std::size_t>(state)]; }
  int current() const { return current_; }
  const topology::NetworkGraph& current_graph() const { return graphs_[static_cast<std::size_t>(current_)]; }

  /// Makes `state` current, then turns the platform's links off or on to match it (SimGrid
  /// fails the transfers crossing a link it turns off). Returns each link whose state
  /// changed, with true when it came up.
  std::vector<std::pair<int, bool>> enter_state(int state, const Platform& platform);
  /// Whether a state after the current one routes from one site to the other.
  bool route_returns(int from_site, int to_site) const;
  /// Whether a state after the current one has `site` up.
  bool site_returns(int site) const;

 private:
  const topology::Layout& layout_;
  std::vector<topology::NetworkState> states_;
  std::vector<topology::NetworkGraph> graphs_;
  std::vector<bool> link_on_;  ///< what SimGrid currently has
  int current_ = 0;
};

}  // namespace aicn::sim
