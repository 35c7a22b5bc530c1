#include "outages.hpp"

#include <simgrid/s4u/Engine.hpp>

namespace aicn::sim {

Outages::Change Outages::apply(int state, const Platform& platform, const std::function<void(int, bool)>& set_site) {
  const auto& states = schedule_->states();
  const auto& now = states[static_cast<std::size_t>(state)];
  // Time 0 is compared with the intact network, later states with the one before.
  const std::vector<bool> all_sites(now.site_up.size(), true), all_links(now.link_up.size(), true);
  const auto& sites_before = state == 0 ? all_sites : states[static_cast<std::size_t>(state - 1)].site_up;
  const auto& links_before = state == 0 ? all_links : states[static_cast<std::size_t>(state - 1)].link_up;
  Change change;
  for (std::size_t s = 0; s < now.site_up.size(); ++s) {
    if (now.site_up[s] == sites_before[s]) continue;
    (now.site_up[s] ? change.sites_up : change.sites_down).push_back(static_cast<int>(s));
    set_site(static_cast<int>(s), now.site_up[s]);
  }
  const auto switched = schedule_->enter_state(state, platform);  // SimGrid fails the transfers it cuts
  const double now_s = simgrid::s4u::Engine::get_clock();
  for (int site : change.sites_down) {
    const std::string& name = layout_.sites[static_cast<std::size_t>(site)].name;
    observer_.outage(now_s, results::OutageKind::SITE_DOWN, name, "scheduled outage");
    change.cut = name;
  }
  for (int site : change.sites_up)
    observer_.outage(now_s, results::OutageKind::SITE_UP, layout_.sites[static_cast<std::size_t>(site)].name, "repaired");
  for (const auto& [link, up] : switched)
    if (!up) change.cut += (change.cut.empty() ? "" : ", ") + layout_.link_name(link);
  // Link events are the links' own outages, not links that follow a site going down or up.
  for (std::size_t l = 0; l < now.link_up.size(); ++l) {
    if (now.link_up[l] == links_before[l]) continue;
    observer_.outage(now_s, now.link_up[l] ? results::OutageKind::LINK_UP : results::OutageKind::LINK_DOWN,
                     layout_.link_name(static_cast<int>(l)), now.link_up[l] ? "repaired" : "scheduled outage");
  }
  return change;
}

}  // namespace aicn::sim
