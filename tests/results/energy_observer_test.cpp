// EnergyAccountant as an observer: allocated-GPU changes and finished transfers from the events
// give the same figures as feeding it directly.
#include <gtest/gtest.h>

#include "aicn/results/energy_accountant.hpp"
#include "observer_test_layout.hpp"

using namespace aicn;

TEST(EnergyAccountantObserver, poolAllocatedEventsIntegrateLikeSetBusy) {
  const auto layout = observer_test::two_site_layout();
  const auto economics = topology::Economics::defaults();
  const topology::NetworkGraph graph(layout);
  results::EnergyAccountant observed(layout, economics, graph), direct(layout, economics, graph);
  results::RunObserver& observer = observed;
  observer.pool_allocated_changed(100.0, 1, 0, 12.0);
  observer.pool_busy_changed(100.0, 1, 0, 13);  // a GPU with a share on it: not what power follows
  observer.pool_allocated_changed(700.0, 1, 0, 4.0);
  direct.set_busy(1, 0, 100.0, 12);
  direct.set_busy(1, 0, 700.0, 4);
  const auto a = observed.finish(1000.0), b = direct.finish(1000.0);
  EXPECT_DOUBLE_EQ(a.sites[1].it_kwh, b.sites[1].it_kwh);
  // 12 GPUs for 600 s and 4 for 300 s.
  EXPECT_DOUBLE_EQ(a.sites[1].gpu_hours_sold, (12 * 600.0 + 4 * 300.0) / 3600.0);
}

// A site outage event switches the site's power off until the site_up event: 100 s of its
// idle power are missing from 1,000 s (two_site_layout's site b, fed directly for comparison).
TEST(EnergyAccountantObserver, aSiteDownEventStopsTheSitesPowerUntilItIsUp) {
  const auto layout = observer_test::two_site_layout();
  const auto economics = topology::Economics::defaults();
  const topology::NetworkGraph graph(layout);
  results::EnergyAccountant observed(layout, economics, graph), idle(layout, economics, graph);
  results::RunObserver& observer = observed;
  const double idle_w = idle.it_power_w(1);
  EXPECT_GT(idle_w, 0.0);
  observer.outage(200.0, results::OutageKind::SITE_DOWN, layout.sites[1].name, "scheduled outage");
  EXPECT_EQ(observed.it_power_w(1), 0.0);
  observer.outage(300.0, results::OutageKind::SITE_UP, layout.sites[1].name, "repaired");
  EXPECT_EQ(observed.it_power_w(1), idle_w);
  const auto a = observed.finish(1000.0), b = idle.finish(1000.0);
  EXPECT_DOUBLE_EQ(a.sites[1].it_kwh, idle_w * 900.0 / 3.6e6);
  EXPECT_DOUBLE_EQ(a.sites[0].it_kwh, b.sites[0].it_kwh);  // the other site is untouched
}

TEST(EnergyAccountantObserver, aFinishedTransferCostsBytesTimesRouteKmTimesTheFactor) {
  const auto layout = observer_test::two_site_layout();
  const auto economics = topology::Economics::defaults();
  const topology::NetworkGraph graph(layout);
  results::EnergyAccountant accountant(layout, economics, graph);
  const auto job = observer_test::job(1, 0.0, 4);
  results::JobSnapshot snapshot;
  snapshot.job = &job;
  accountant.transfer_ended(50.0, snapshot, 0, 1, 1e12);
  const auto summary = accountant.finish(100.0);
  // One hop a--b: its great-circle km x the layout's route factor, at 1e-8 J per byte-km.
  const double km = layout.links[0].distance_km * layout.parameters.route_factor;
  EXPECT_GT(layout.links[0].distance_km, 1000.0);  // Hebei to Sichuan
  EXPECT_DOUBLE_EQ(summary.network.it_kwh, 1e12 * km * economics.power.network_j_per_byte_km / 3.6e6);
}
