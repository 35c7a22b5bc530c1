#pragma once
// Connects a scenario's leases to the rooms of a run: the sites and the dispatcher learn of the
// LeaseRuntime, and its start and end timers are set. Kept out of simulation.cpp, which only
// calls it.
#include <functional>
#include <memory>
#include <vector>

#include "aicn/results/run_observer.hpp"
#include "aicn/sim/scenario.hpp"
#include "dispatcher.hpp"
#include "lease_runtime.hpp"
#include "site_runtime.hpp"

namespace aicn::sim {

/// Null when the scenario has no leases (the run is then exactly as without this feature).
std::unique_ptr<LeaseRuntime> attach_leases(const Scenario& scenario, std::vector<SiteRuntime>& sites,
                                            Dispatcher& dispatcher, results::RunObserver& observer,
                                            std::function<bool()> live);

}  // namespace aicn::sim
