#pragma once
// SimGrid's host energy plugin, used with the `exec` compute model to cross-check the
// EnergyAccountant: both integrate the same linear server power model.
#include <vector>

#include "aicn/sim/platform_builder.hpp"

namespace aicn::sim {

/// Must run before the platform is built (the plugin reads each host's properties then).
void enable_simgrid_host_energy();
/// IT energy of each site's servers over [0, end_s], joules. The engine clock may differ from
/// end_s (a sample timer may fire after the last job); nothing changes in between, so the
/// plugin's current power extends or trims its total to end_s exactly.
std::vector<double> simgrid_site_it_energy_j(const Platform& platform, double end_s);

}  // namespace aicn::sim
