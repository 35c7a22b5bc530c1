#include "aicn/sim/network_outages.hpp"

#include <simgrid/s4u.hpp>

#include <stdexcept>
#include <string>

#include "aicn/topology/input_limits.hpp"

namespace aicn::sim {

NetworkOutages::NetworkOutages(const topology::Layout& layout, const std::vector<topology::OutageEvent>& events)
    : layout_(layout), states_(topology::network_states(layout, events)), link_on_(layout.links.size(), true) {
  // Each state costs a relay host per site and a route per site pair in SimGrid.
  constexpr auto kMaxStates = static_cast<std::size_t>(limits::kMaxNetworkStates);
  if (states_.size() > kMaxStates)
    throw std::invalid_argument("the outages make " + std::to_string(states_.size()) + " network states (at most " +
                                std::to_string(kMaxStates) + "); raise random_failures mtbf or shorten the horizon");
  graphs_.reserve(states_.size());
  for (const auto& state : states_) graphs_.push_back(topology::graph_for_state(layout, state));
}

std::vector<const topology::NetworkGraph*> NetworkOutages::later_graphs() const {
  std::vector<const topology::NetworkGraph*> later;
  for (std::size_t s = 1; s < graphs_.size(); ++s) later.push_back(&graphs_[s]);
  return later;
}

std::vector<std::pair<int, bool>> NetworkOutages::enter_state(int state, const Platform& platform) {
  // The state changes first: SimGrid may report the transfers a turn_off fails right away,
  // and their retries must already see the new routes.
  current_ = state;
  const std::vector<bool> usable = states_[static_cast<std::size_t>(state)].usable_links(layout_);
  std::vector<std::pair<int, bool>> changes;
  for (std::size_t l = 0; l < usable.size(); ++l) {
    if (usable[l] == link_on_[l]) continue;
    link_on_[l] = usable[l];
    changes.emplace_back(static_cast<int>(l), usable[l]);
  }
  for (const auto& [link, up] : changes) {
    const LinkPlatform& directions = platform.links[static_cast<std::size_t>(link)];
    for (auto* direction : {directions.up, directions.down}) {
      if (up)
        direction->turn_on();
      else
        direction->turn_off();
    }
  }
  return changes;
}

bool NetworkOutages::route_returns(int from_site, int to_site) const {
  for (std::size_t s = static_cast<std::size_t>(current_) + 1; s < graphs_.size(); ++s)
    if (graphs_[s].reachable(from_site, to_site)) return true;
  return false;
}

bool NetworkOutages::site_returns(int site) const {
  for (std::size_t s = static_cast<std::size_t>(current_) + 1; s < states_.size(); ++s)
    if (states_[s].site_up[static_cast<std::size_t>(site)]) return true;
  return false;
}

}  // namespace aicn::sim
