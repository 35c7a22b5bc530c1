#include "simgrid_energy.hpp"

#include <simgrid/plugins/energy.h>
#include <simgrid/s4u.hpp>

namespace aicn::sim {

void enable_simgrid_host_energy() { sg_host_energy_plugin_init(); }

std::vector<double> simgrid_site_it_energy_j(const Platform& platform, double end_s) {
  const double now = simgrid::s4u::Engine::get_clock();
  std::vector<double> energy;
  for (const auto& site : platform.sites) {
    double joules = 0.0;
    for (const auto& pool : site.servers)
      for (const auto* host : pool)
        joules += sg_host_get_consumed_energy(host) + sg_host_get_current_consumption(host) * (end_s - now);
    energy.push_back(joules);
  }
  return energy;
}

}  // namespace aicn::sim
