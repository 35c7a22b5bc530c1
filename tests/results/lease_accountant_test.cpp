// LeaseAccountant (results/lease_accountant.hpp) fed events by hand: revenue by contract type,
// leased and on-demand utilisation, idle paid capacity, each worked out below.
#include <gtest/gtest.h>

#include <cmath>

#include "aicn/results/lease_accountant.hpp"

using namespace aicn;

namespace {

topology::Layout one_site() {
  topology::Layout layout;
  layout.hubs.push_back({"E", "East", topology::Side::EAST});
  topology::Site site;
  site.name = "east";
  site.hub = 0;
  site.pools.push_back({topology::find_gpu_model("A100-80GB"), 16, 8, {}});
  layout.sites.push_back(site);
  return layout;
}

}  // namespace

TEST(LeaseAccountant, splitsTheBusyHoursBetweenTheLeaseAndOnDemand) {
  const topology::Layout layout = one_site();
  topology::Lease lease;
  lease.id = "l";
  lease.site = 0;
  lease.pool = 0;
  lease.model = topology::find_gpu_model("A100-80GB");
  lease.gpus = 8;
  lease.start_s = 0.0;
  lease.term_s = 100.0;
  lease.yuan_per_gpu_hour = 36.0;
  const std::vector<topology::Lease> leases{lease};
  topology::SitePrices prices;
  prices.base.models[static_cast<std::size_t>(lease.model)].hourly_yuan_per_gpu = 72.0;
  const topology::Economics economics = topology::Economics::defaults();
  results::LeaseAccountant books(layout, leases, prices, economics);
  // The lessee holds 8 GPUs of its lease from 0 to 50 s; an on-demand job 4 GPUs from 20 to
  // 80 s; the lease ends at 100 s; the window ends at 200 s.
  books.lease_started(0.0, 0);
  books.lease_busy_changed(0.0, 0, 8);
  books.pool_busy_changed(0.0, 0, 0, 8);
  books.pool_busy_changed(20.0, 0, 0, 12);
  books.lease_busy_changed(50.0, 0, 0);
  books.pool_busy_changed(50.0, 0, 0, 4);
  books.pool_busy_changed(80.0, 0, 0, 0);
  books.lease_ended(100.0, 0);
  books.finish(200.0);
  const results::LeaseBooks& l = books.leases()[0];
  EXPECT_DOUBLE_EQ(l.running_h, 100.0 / 3600);
  EXPECT_NEAR(l.revenue_yuan, 8 * 100 / 3600.0 * 36.0, 1e-12);  // 8 yuan: paid used or not
  EXPECT_NEAR(l.busy_gpu_h, 400 / 3600.0, 1e-12);
  EXPECT_NEAR(l.idle_paid_gpu_h, 400 / 3600.0, 1e-12);
  const results::SiteBooks& s = books.sites()[0];
  // Busy 8 x 20 + 12 x 30 + 4 x 30 = 640 GPU-s, 400 of them on the lease: 240 on demand at 72.
  EXPECT_NEAR(s.on_demand_busy_gpu_h, 240 / 3600.0, 1e-12);
  EXPECT_NEAR(s.on_demand_revenue_yuan, 240 / 3600.0 * 72.0, 1e-12);
  EXPECT_NEAR(s.lease_revenue_yuan, 8.0, 1e-12);
  EXPECT_NEAR(s.leased_utilisation, 0.5, 1e-12);
  // Capacity 16 x 200 = 3200 GPU-s, 800 leased: on demand 240 / 2400 = 0.1.
  EXPECT_NEAR(s.on_demand_capacity_gpu_h, 2400 / 3600.0, 1e-12);
  EXPECT_NEAR(s.on_demand_utilisation, 0.1, 1e-12);
  // 12.8 yuan in 200 s = 2,018,304 a year; 2 servers x 1.80 M capex, cash 480,000 a year.
  EXPECT_NEAR(s.payback_years, 3.6e6 / (12.8 * 8760 * 3600 / 200 - 480000.0), 1e-9);
  const auto json = books.to_json();
  EXPECT_EQ(json["sites"][0]["name"], "east");
  EXPECT_EQ(json["leases"][0]["id"], "l");
}

TEST(LeaseAccountant, theMarginIsRevenueLessTheWindowsDepreciationAndCashCostAndTheTotalAddsTheSites) {
  // Two sites of 16 A100s: a lease of 8 GPUs at `a` for the whole 3600 s window at 36 yuan
  // per GPU-hour, used 4 GPUs for the first half; 8 on-demand GPUs at `b` for 1800 s at 72.
  topology::Layout layout = one_site();
  layout.sites[0].name = "a";
  topology::Site b = layout.sites[0];
  b.name = "b";
  layout.sites.push_back(b);
  topology::Lease lease;
  lease.id = "l";
  lease.site = 0;
  lease.pool = 0;
  lease.model = topology::find_gpu_model("A100-80GB");
  lease.gpus = 8;
  lease.term_s = 3600.0;
  lease.yuan_per_gpu_hour = 36.0;
  const std::vector<topology::Lease> leases{lease};
  topology::SitePrices prices;
  prices.base.models[static_cast<std::size_t>(lease.model)].hourly_yuan_per_gpu = 72.0;
  const topology::Economics economics = topology::Economics::defaults();
  results::LeaseAccountant books(layout, leases, prices, economics);
  books.lease_started(0.0, 0);
  books.lease_busy_changed(0.0, 0, 4);
  books.pool_busy_changed(0.0, 0, 0, 4);
  books.pool_busy_changed(0.0, 1, 0, 8);
  books.lease_busy_changed(1800.0, 0, 0);
  books.pool_busy_changed(1800.0, 0, 0, 0);
  books.pool_busy_changed(1800.0, 1, 0, 0);
  books.lease_ended(3600.0, 0);
  books.finish(3600.0);
  // a: the lease 8 x 1 h x 36 = 288 yuan; 4 x 0.5 = 2 GPU-h used, 6 idle and paid.
  // b: 8 x 0.5 = 4 GPU-h on demand at 72 = 288 yuan.
  // Each site: 2 servers x 1.80 M = 3.6 M capex; depreciation 3.6 M / 5 = 720,000 and cash
  // 480,000 a year (60 : 40), 1.2 M a year, of which the 1 h window carries 1.2 M / 8760 =
  // 136.986 yuan. Margins: 288 - 136.986 = 151.014 at each site.
  const double cost_per_site = 1.2e6 / 8760.0;
  EXPECT_NEAR(books.sites()[0].cost_yuan, cost_per_site, 1e-9);
  EXPECT_NEAR(books.sites()[0].margin_yuan, 288.0 - cost_per_site, 1e-9);
  EXPECT_NEAR(books.sites()[1].margin_yuan, 288.0 - cost_per_site, 1e-9);
  const results::SiteBooks& total = books.total();
  EXPECT_NEAR(total.lease_revenue_yuan, 288.0, 1e-9);
  EXPECT_NEAR(total.on_demand_revenue_yuan, 288.0, 1e-9);
  EXPECT_NEAR(total.idle_paid_gpu_h, 6.0, 1e-9);
  EXPECT_NEAR(total.leased_utilisation, 2.0 / 8.0, 1e-12);
  // On-demand capacity: 32 GPU-h less the 8 leased = 24; busy on demand 4 (b) + 0 (a).
  EXPECT_NEAR(total.on_demand_capacity_gpu_h, 24.0, 1e-9);
  EXPECT_NEAR(total.on_demand_utilisation, 4.0 / 24.0, 1e-12);
  EXPECT_NEAR(total.margin_yuan, 576.0 - 2 * cost_per_site, 1e-9);
  // 576 yuan an hour is 5,045,760 a year; 7.2 M capex, 960,000 cash: 7.2 / 4.08576 = 1.7622 y.
  EXPECT_NEAR(total.payback_years, 7.2e6 / (576.0 * 8760 - 960000.0), 1e-9);
  // The trace's rows: the two sites, the total, the lease.
  const std::vector<results::BooksRow> rows = books.books_rows();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_STREQ(rows[2].scope, "total");
  EXPECT_STREQ(rows[3].name, "l");
  EXPECT_STREQ(rows[3].site, "a");
  EXPECT_NEAR(rows[3].lease_revenue_yuan, 288.0, 1e-9);
  EXPECT_NEAR(rows[3].idle_paid_gpu_hours, 6.0, 1e-9);
  EXPECT_TRUE(std::isnan(rows[3].margin_yuan));
}
