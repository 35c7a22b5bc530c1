#include "lease_wiring.hpp"

namespace aicn::sim {

std::unique_ptr<LeaseRuntime> attach_leases(const Scenario& scenario, std::vector<SiteRuntime>& sites,
                                            Dispatcher& dispatcher, results::RunObserver& observer,
                                            std::function<bool()> live) {
  if (scenario.leases.empty()) return nullptr;
  auto leases = std::make_unique<LeaseRuntime>(scenario.leases, observer, [&sites, &dispatcher](int site, int pool) {
    // A lease began (its lessee's pending jobs may go to it) or ended (its GPUs are open to
    // all): start what now fits, then offer the pending jobs again.
    sites[static_cast<std::size_t>(site)].start_queued(pool);
    dispatcher.dispatch(policy::DispatchTrigger::COMPLETION);
  }, std::move(live));
  for (SiteRuntime& site : sites) site.set_leases(leases.get());
  dispatcher.set_leases(leases.get());
  leases->schedule();
  return leases;
}

}  // namespace aicn::sim
