#include "aicn/sim/platform_builder.hpp"

#include <simgrid/s4u.hpp>

#include <cstdio>
#include <string>

#include "aicn/topology/gpu_catalog.hpp"
#include "graph_routed_zone.hpp"

namespace aicn::sim {

namespace sg4 = simgrid::s4u;

namespace {
/// "Idle:Epsilon:AllCores" for SimGrid's host energy plugin. Epsilon = Idle makes the plugin's
/// power linear in busy cores (= GPUs), exactly like Economics::server_power_w. A server's host
/// has one core per GPU of its whole pool (see build_platform), so AllCores is the server's idle
/// power plus that many busy GPUs' extra power: each busy core adds one busy GPU's share.
std::string server_wattage(const topology::Economics& economics, const topology::GpuPool& pool, int cores) {
  const double idle = economics.server_power_w(pool.gpu_model, pool.gpus_per_server, 0);
  const double full = economics.server_power_w(pool.gpu_model, pool.gpus_per_server, pool.gpus_per_server);
  const double all_cores = idle + cores * (full - idle) / pool.gpus_per_server;
  char text[96];
  std::snprintf(text, sizeof text, "%.17g:%.17g:%.17g", idle, idle, all_cores);
  return text;
}

}  // namespace

Platform build_platform(const topology::Layout& layout, const topology::NetworkGraph& graph,
                        const topology::Economics* wattage,
                        const std::vector<const topology::NetworkGraph*>& later_states,
                        const std::vector<double>& site_transfer_bps) {
  Platform platform;
  // Routes come from the NetworkGraphs on demand (see graph_routed_zone.hpp): declaring every
  // site pair's route in a Full zone took minutes at 3,000 sites. SimGrid owns and frees the zone.
  auto* routing = new GraphRoutedZone("aicn-national");
  sg4::NetZone* root = routing->get_iface();

  for (const auto& site : layout.sites) {
    SitePlatform built;
    // A star zone keeps per-host routing state linear in the number of servers.
    built.zone = sg4::create_star_zone(site.name);
    built.zone->set_parent(root);
    // The gateway stands for the site's storage and border router; it never computes. It is
    // a host of the root zone itself, not of the site's zone: a transfer between two
    // gateways is then one route lookup in the root, where SimGrid otherwise walks both
    // zones' ancestry and allocates for it at every communication start.
    built.gateway = root->create_host(site.name + "-gw", 1e9);
    if (wattage) built.gateway->set_property("wattage_per_state", "0:0");
    for (std::size_t p = 0; p < site.pools.size(); ++p) {
      const auto& pool = site.pools[p];
      const auto& model = topology::gpu_model(pool.gpu_model);
      std::vector<sg4::Host*> servers;
      servers.reserve(static_cast<std::size_t>(pool.servers()));
      // A job runs as one exec on the host of its first server, whatever its server count
      // (docs/exec-model.md: SimGrid 3.32 scans every live exec at each completion, so one
      // exec per server held was O(servers busy) per completion). So each server's host has
      // as many cores as the pool has GPUs: a job spanning servers fits on one host. The
      // allocator never gives a GPU to two jobs, so no host is ever oversubscribed, each exec
      // runs at gpus x peak, and a host carries at most gpus_per_server execs (each holds a
      // GPU of that server), which keeps SimGrid's sharing on it small.
      const int cores = pool.servers() * pool.gpus_per_server;
      for (int s = 0; s < pool.servers(); ++s) {
        auto* host = built.zone->create_host(site.name + "-" + model.name + "-" + std::to_string(s),
                                             model.peak_fp16_flops);
        host->set_core_count(cores);
        if (wattage) host->set_property("wattage_per_state", server_wattage(*wattage, pool, cores));
        servers.push_back(host);
      }
      built.servers.push_back(std::move(servers));
    }
    built.zone->seal();
    platform.sites.push_back(std::move(built));
  }

  for (std::size_t i = 0; i < layout.links.size(); ++i) {
    const auto& link = layout.links[i];
    const std::string name = layout.sites[static_cast<std::size_t>(link.a)].name + "--" +
                             layout.sites[static_cast<std::size_t>(link.b)].name;
    // SimGrid bandwidths are in bytes per second.
    auto* duplex = root->create_split_duplex_link(name, link.bandwidth_bps / 8.0);
    duplex->set_latency(link.latency_s);
    duplex->seal();
    platform.links.push_back({duplex->get_link_up(), duplex->get_link_down()});
  }

  for (std::size_t site = 0; site < site_transfer_bps.size() && site < layout.sites.size(); ++site) {
    if (platform.site_links.empty()) platform.site_links.resize(layout.sites.size());
    if (!(site_transfer_bps[site] > 0)) continue;
    auto* border = root->create_split_duplex_link(layout.sites[site].name + "-border", site_transfer_bps[site] / 8.0);
    border->seal();
    platform.site_links[site] = {border->get_link_up(), border->get_link_down()};
  }

  std::vector<sg4::NetZone*> zones;
  std::vector<sg4::Host*> gateways;
  for (const auto& site : platform.sites) {
    zones.push_back(site.zone);
    gateways.push_back(site.gateway);
  }
  routing->set_links(platform.links);
  routing->set_site_links(platform.site_links);
  routing->add_state(graph, zones, gateways);
  platform.state_gateways.push_back(gateways);

  for (std::size_t state = 0; state < later_states.size(); ++state) {
    std::string suffix = "@";  // built in two steps: GCC 12 warns (-Wrestrict) on "@" + to_string()
    suffix += std::to_string(state + 1);
    std::vector<sg4::Host*> relays;
    for (const auto& site : layout.sites) {
      auto* relay = root->create_host(site.name + "-gw" + suffix, 1e9);  // in the root, as the gateways
      if (wattage) relay->set_property("wattage_per_state", "0:0");  // relays move data, draw nothing
      relays.push_back(relay);
    }
    routing->add_state(*later_states[state], {}, relays);
    platform.state_gateways.push_back(relays);
  }
  root->seal();
  return platform;
}

}  // namespace aicn::sim
