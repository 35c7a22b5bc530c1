#include "initial_view.hpp"

#include "view_energy.hpp"

namespace aicn::sim {

policy::ClusterView initial_view(const Scenario& scenario) {
  const auto& layout = scenario.layout;
  policy::ClusterView view;
  for (const auto& site : layout.sites) {
    policy::SiteView site_view;
    site_view.name = site.name;
    site_view.hub = site.hub;
    site_view.side = layout.hubs[static_cast<std::size_t>(site.hub)].side;
    site_view.pue = site.pue;
    for (const auto& pool : site.pools) {
      site_view.pools.push_back(policy::PoolView{pool.gpu_model, pool.gpus, pool.gpus, pool.gpus_per_server, 0, 0, 0});
      fill_pool_economics(site_view.pools.back(), pool, scenario.economics);
    }
    view.sites.push_back(std::move(site_view));
  }
  for (std::size_t hub = 0; hub < layout.hubs.size(); ++hub) view.hub_home_site.push_back(layout.home_site(static_cast<int>(hub)));
  view.dispatch_tick_s = scenario.dispatch_tick_s;
  view.index_pools();  // the pools never change model during a run
  return view;
}

}  // namespace aicn::sim
