#pragma once
// The policies' view at the start of a run: every site's pools with their economics, empty
// job lists, and where each hub's data lives. From then on each room writes its own part
// (SiteRuntime its site, Transfers the routes, Dispatcher the time and energy figures).
#include "aicn/policy/cluster_view.hpp"
#include "aicn/sim/scenario.hpp"

namespace aicn::sim {

policy::ClusterView initial_view(const Scenario& scenario);

}  // namespace aicn::sim
