// EnergyAccountant on hand-made layouts: exact integrals across allocation changes, time-of-use
// price boundaries, PUE profiles, green share and provincial carbon factors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "aicn/results/energy_accountant.hpp"
#include "aicn/topology/layout_loader.hpp"

using namespace aicn;
using aicn::config::ConfigNode;

namespace {

/// Two one-server A100 sites: `a` in Hebei and `b` in Sichuan, with the given extra site keys.
topology::Layout two_sites(const std::string& a_extra, const std::string& b_extra) {
  const std::string yaml = R"(
name: t
hubs: [{name: E, side: east}, {name: W, side: west}]
sites:
  - name: a
    hub: E
    province: Hebei
    lat: 40.8
    lon: 115
)" + a_extra + R"(    pools: [{gpu: A100-80GB, gpus: 8}]
  - name: b
    hub: W
    province: Sichuan
    lat: 30.6
    lon: 104.1
)" + b_extra + R"(    pools: [{gpu: A100-80GB, gpus: 8}]
links:
  - {between: [a, b], bandwidth: 100Gbps}
)";
  return topology::parse_layout(ConfigNode::load_text(yaml, "test.yaml"));
}

void expect_relative(double actual, double expected, double tolerance = 1e-12) {
  EXPECT_NEAR(actual, expected, std::abs(expected) * tolerance) << "expected " << expected;
}

}  // namespace

TEST(EnergyAccountant, busyAndIdleIntervalsIntegrateExactly) {
  const auto layout = two_sites("    pue: 1.25\n    electricity: {price: 0.5}\n", "    electricity: {price: 0.4}\n");
  const auto economics = topology::Economics::defaults();
  const auto a100 = topology::find_gpu_model("A100-80GB");
  const topology::NetworkGraph graph(layout);
  results::EnergyAccountant accountant(layout, economics, graph);
  accountant.set_busy(0, 0, 1000.0, 4);
  accountant.set_busy(0, 0, 4600.0, 8);
  accountant.set_busy(0, 0, 8200.0, 0);
  const auto summary = accountant.finish(10000.0);
  const double it_j = economics.server_power_w(a100, 8, 0) * (1000.0 + 1800.0) +
                      economics.server_power_w(a100, 8, 4) * 3600.0 + economics.server_power_w(a100, 8, 8) * 3600.0;
  expect_relative(summary.sites[0].it_kwh, it_j / 3.6e6);
  expect_relative(summary.sites[0].facility_kwh, 1.25 * it_j / 3.6e6);
  expect_relative(summary.sites[0].electricity_cost_yuan, 0.5 * 1.25 * it_j / 3.6e6);
  expect_relative(summary.sites[0].gpu_hours_sold, (4 * 3600.0 + 8 * 3600.0) / 3600.0);
  expect_relative(summary.sites[0].revenue_yuan, 12.0 * 22.5);
  // Site b stayed idle the whole time.
  expect_relative(summary.sites[1].it_kwh, economics.server_power_w(a100, 8, 0) * 10000.0 / 3.6e6);
  EXPECT_EQ(summary.sites[1].gpu_hours_sold, 0.0);
}

TEST(EnergyAccountant, timeOfUsePriceAppliesOnEachSideOfTheBoundary) {
  // Price 0.3 before 08:00 and 0.9 after; a job runs 07:00-09:00 and the site is then emptied.
  const auto layout = two_sites(R"(    pue: 1.2
    electricity:
      time_of_use: [{from: "00:00", price: 0.3}, {from: "08:00", price: 0.9}]
)", "");
  const auto economics = topology::Economics::defaults();
  const auto a100 = topology::find_gpu_model("A100-80GB");
  const topology::NetworkGraph graph(layout);
  results::EnergyAccountant accountant(layout, economics, graph);
  accountant.set_busy(0, 0, 7 * 3600.0, 8);
  accountant.set_busy(0, 0, 9 * 3600.0, 0);
  const auto summary = accountant.finish(9 * 3600.0);
  const double idle_kwh = economics.server_power_w(a100, 8, 0) * 1.2 / 1000.0;  // per hour
  const double busy_kwh = economics.server_power_w(a100, 8, 8) * 1.2 / 1000.0;
  const double expected = 7 * idle_kwh * 0.3 + busy_kwh * 0.3 + busy_kwh * 0.9;
  expect_relative(summary.sites[0].electricity_cost_yuan, expected);
  // A flat price at the daily mean would give a different bill: the boundary matters.
  EXPECT_GT(std::abs(summary.sites[0].electricity_cost_yuan - (7 * idle_kwh + 2 * busy_kwh) * 0.3), 1.0);

  // The /energy rows show the price in force at each sample time.
  const auto rows = accountant.sample_rows(8.5 * 3600.0);
  EXPECT_DOUBLE_EQ(rows[0].price_yuan_per_kwh, 0.9);
}

TEST(EnergyAccountant, sameJobEmitsByTheProvincialFactorHebeiVersusSichuan) {
  const auto layout = two_sites("    pue: 1.2\n", "    pue: 1.2\n");
  const auto economics = topology::Economics::defaults();
  const auto a100 = topology::find_gpu_model("A100-80GB");
  const topology::NetworkGraph graph(layout);
  results::EnergyAccountant accountant(layout, economics, graph);
  accountant.set_busy(0, 0, 0.0, 8);
  accountant.set_busy(1, 0, 0.0, 8);
  const auto summary = accountant.finish(3600.0);
  const double kwh = economics.server_power_w(a100, 8, 8) * 1.2 / 1000.0;
  expect_relative(summary.sites[0].co2_t, kwh * 0.7252 / 1000.0);  // Hebei 2022
  expect_relative(summary.sites[1].co2_t, kwh * 0.1404 / 1000.0);  // Sichuan 2022
  expect_relative(summary.sites[0].co2_t / summary.sites[1].co2_t, 0.7252 / 0.1404);
  EXPECT_EQ(summary.sites[0].carbon_region, "Hebei");
  EXPECT_EQ(summary.sites[1].carbon_region, "Sichuan");
}

TEST(EnergyAccountant, greenShareCountsAtZeroCarbonButIsPaidFor) {
  const auto layout = two_sites("    electricity: {price: 0.5, green_share: 0.6}\n", "");
  const auto economics = topology::Economics::defaults();
  const topology::NetworkGraph graph(layout);
  results::EnergyAccountant accountant(layout, economics, graph);
  const auto summary = accountant.finish(86400.0);
  const auto& a = summary.sites[0];
  expect_relative(a.green_kwh, 0.6 * a.facility_kwh);
  expect_relative(a.grid_kwh, 0.4 * a.facility_kwh);
  expect_relative(a.co2_t, a.grid_kwh * 0.7252 / 1000.0);
  expect_relative(a.electricity_cost_yuan, a.facility_kwh * 0.5);
}

TEST(EnergyAccountant, monthlyPueChangesAtTheMonthBoundary) {
  std::string months = "[1.5, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1]";
  const auto layout = two_sites("    pue: {monthly: " + months + "}\n", "");
  const auto economics = topology::Economics::defaults();
  const auto a100 = topology::find_gpu_model("A100-80GB");
  const topology::NetworkGraph graph(layout);
  results::EnergyAccountant accountant(layout, economics, graph);
  const double feb1 = 31 * 86400.0;
  const auto summary = accountant.finish(feb1 + 86400.0);  // January, then one day of February
  const double idle = economics.server_power_w(a100, 8, 0);
  expect_relative(summary.sites[0].facility_kwh, idle * (feb1 * 1.5 + 86400.0 * 1.1) / 3.6e6);
}

TEST(EnergyAccountant, networkEnergyIsBytesTimesKmTimesTheFactor) {
  const auto layout = two_sites("    electricity: {price: 0.5}\n", "");
  const auto economics = topology::Economics::defaults();
  const topology::NetworkGraph graph(layout);
  results::EnergyAccountant accountant(layout, economics, graph);
  accountant.add_transfer(0, 1e12, 1500.0, 0.0);
  const auto summary = accountant.finish(1.0);
  const double kwh = 1e12 * 1500.0 * economics.power.network_j_per_byte_km / 3.6e6;
  expect_relative(summary.network.facility_kwh, kwh);
  expect_relative(summary.network.electricity_cost_yuan, kwh * 0.5);
  expect_relative(summary.network.co2_t, kwh * 0.7252 / 1000.0);
  expect_relative(summary.total.facility_kwh, summary.sites[0].facility_kwh + summary.sites[1].facility_kwh + kwh);
}

TEST(EnergyAccountant, fullUseOfTheBriefServerPaysBackIn16Point2Months) {
  const auto layout = two_sites("", "");
  const auto economics = topology::Economics::defaults();
  const topology::NetworkGraph graph(layout);
  results::EnergyAccountant accountant(layout, economics, graph);
  accountant.set_busy(0, 0, 0.0, 8);
  const auto summary = accountant.finish(30 * 86400.0);  // a month at full use, annualised
  EXPECT_NEAR(summary.sites[0].payback_months, 16.2, 0.05);
  EXPECT_DOUBLE_EQ(summary.sites[0].capex_yuan, 1.80e6);
  EXPECT_NEAR(summary.sites[0].broker_margin_yuan_per_pflops_year, 431000, 1000);
  EXPECT_TRUE(std::isinf(summary.sites[1].payback_months));  // never rented
  // The hub of site a is the site itself; the total halves the revenue rate per capex.
  EXPECT_NEAR(summary.hubs[0].payback_months, 16.2, 0.05);
  EXPECT_GT(summary.total.payback_months, 16.2 * 2);
}

TEST(EnergyAccountant, manyPowerChangesAcrossTariffAndHourlyPueBoundariesIntegrateExactly) {
  // Power changes far more often than the tariff (0.3 before 08:00, 0.9 to 20:00, 0.5 after)
  // or the PUE (hourly, 1.1 + 0.01 x hour); some changes fall on a boundary exactly. The
  // expected figures come from an independent integration over every hour and change.
  std::string hourly = "[";
  for (int h = 0; h < 24; ++h) hourly += (h ? ", " : "") + std::to_string(1.1 + 0.01 * h);
  hourly += "]";
  const auto layout = two_sites("    pue: {hourly: " + hourly + R"(}
    electricity:
      time_of_use: [{from: "00:00", price: 0.3}, {from: "08:00", price: 0.9}, {from: "20:00", price: 0.5}]
)", "");
  const auto economics = topology::Economics::defaults();
  const auto a100 = topology::find_gpu_model("A100-80GB");
  const topology::NetworkGraph graph(layout);
  results::EnergyAccountant accountant(layout, economics, graph);

  const double end_s = 3 * 86400.0;
  std::vector<std::pair<double, int>> changes;  // (time, busy GPUs from then on)
  std::uint64_t state = 12345;
  for (double t = 0.0; t < end_s;) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double step = static_cast<double>((state >> 33) % 1200) + 1.0;  // 1 s to 20 min
    t = changes.size() % 7 == 3 ? std::ceil(t / 3600.0 + 1e-9) * 3600.0 : t + step;  // every 7th on the hour
    if (t >= end_s) break;
    changes.emplace_back(t, static_cast<int>((state >> 20) % 9));
  }
  ASSERT_GT(changes.size(), 300u);
  for (const auto& [t, busy] : changes) accountant.set_busy(0, 0, t, busy);
  const auto summary = accountant.finish(end_s);

  // Independent integral: cut [0, end] at every change and every hour.
  std::vector<double> cuts = {0.0, end_s};
  for (const auto& change : changes) cuts.push_back(change.first);
  for (double h = 3600.0; h < end_s; h += 3600.0) cuts.push_back(h);
  std::sort(cuts.begin(), cuts.end());
  double it_j = 0.0, facility_j = 0.0, cost = 0.0;
  std::size_t next_change = 0;
  int busy = 0;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    const double t0 = cuts[i], t1 = cuts[i + 1];
    while (next_change < changes.size() && changes[next_change].first <= t0) busy = changes[next_change++].second;
    if (t1 <= t0) continue;
    const int hour = static_cast<int>(std::fmod(t0, 86400.0) / 3600.0);
    const double pue = 1.1 + 0.01 * hour;
    const double price = hour < 8 ? 0.3 : hour < 20 ? 0.9 : 0.5;
    const double it = economics.server_power_w(a100, 8, busy) * (t1 - t0);
    it_j += it;
    facility_j += it * pue;
    cost += it * pue / 3.6e6 * price;
  }
  expect_relative(summary.sites[0].it_kwh, it_j / 3.6e6, 1e-11);
  expect_relative(summary.sites[0].facility_kwh, facility_j / 3.6e6, 1e-11);
  expect_relative(summary.sites[0].electricity_cost_yuan, cost, 1e-11);
}
