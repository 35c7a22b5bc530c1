#pragma once
// Outages: scheduled and random site and link outages during a run.
//
// Owns: the network-state schedule (NetworkOutages: which links and sites are up in each
// state, the routes of each state) and which state is current.
// Publishes: outage events (site_down, site_up, link_down, link_up).
// One apply(state) serves time 0 and every later change, so both follow the same rules.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "aicn/results/run_observer.hpp"
#include "aicn/sim/network_outages.hpp"
#include "aicn/sim/platform_builder.hpp"

namespace aicn::sim {

class Outages {
 public:
  Outages(const topology::Layout& layout, std::unique_ptr<NetworkOutages> schedule, results::RunObserver& observer)
      : layout_(layout), schedule_(std::move(schedule)), observer_(observer) {}

  const NetworkOutages& schedule() const { return *schedule_; }
  int state_count() const { return static_cast<int>(schedule_->states().size()); }
  double state_start_s(int state) const { return schedule_->states()[static_cast<std::size_t>(state)].from_s; }

  struct Change {
    std::vector<int> sites_down;  ///< sites that went down, in index order
    std::vector<int> sites_up;
    std::string cut;              ///< what the change cut ("site, link, ..."), for transfer events
  };
  /// Makes `state` current. `set_site(site, up)` is called for every site whose state changes
  /// before any SimGrid link is switched, so transfers cut by the switch see the sites' new state.
  Change apply(int state, const Platform& platform, const std::function<void(int site, bool up)>& set_site);

 private:
  const topology::Layout& layout_;
  std::unique_ptr<NetworkOutages> schedule_;
  results::RunObserver& observer_;
};

}  // namespace aicn::sim
