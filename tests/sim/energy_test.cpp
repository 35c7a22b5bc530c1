// Energy accounting in whole simulations on tiny platforms, checked against hand calculations,
// and against SimGrid's own host energy plugin with the exec compute model.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/results/trace_reader.hpp"
#include "aicn_test_support.hpp"

using namespace aicn;

namespace {

constexpr double kA100 = 312e12;

std::filesystem::path test_dir() { return aicn_test::test_folder(); }

/// Site `a` (Hebei, PUE 1.25, 0.5 yuan/kWh) with `a_servers` 8-GPU A100 servers and site `b`
/// (Sichuan, PUE 1.1) with two; jobs from the CSV rows; horizon and drain as given.
sim::Scenario scenario(const std::string& jobs_csv, const std::string& compute_model, int a_servers,
                       const std::string& horizon, bool drain) {
  const auto dir = test_dir();
  std::ofstream(dir / "jobs.csv") << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n"
                                  << jobs_csv;
  const std::string yaml = "name: energy\nhorizon: " + horizon + "\ndrain: " + (drain ? "true" : "false") +
                           "\nsample_interval: 1h\ncompute_model: " + compute_model + R"(
layout:
  name: energy
  hubs: [{name: E, side: east}, {name: W, side: west}]
  sites:
    - name: a
      hub: E
      province: Hebei
      lat: 40.8
      lon: 115.0
      pue: 1.25
      electricity: {price: 0.5}
      pools: [{gpu: A100-80GB, gpus: )" + std::to_string(8 * a_servers) + R"(, gpus_per_server: 8}]
    - name: b
      hub: W
      province: Sichuan
      lat: 30.6
      lon: 104.1
      pue: 1.1
      pools: [{gpu: A100-80GB, gpus: 16, gpus_per_server: 8}]
  links:
    - {between: [a, b], bandwidth: 100Gbps, latency: 10ms}
workload: {source: aicn-csv, path: jobs.csv}
policy: local-first
)";
  std::ofstream(dir / "scenario.yaml") << yaml;
  return sim::load_scenario_file((dir / "scenario.yaml").string());
}

/// FLOPs that take `seconds` on `gpus` A100 at 50 % utilisation.
std::string flops_for(int gpus, double seconds) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", gpus * kA100 * 0.5 * seconds);
  return text;
}

sim::RunResult run(const sim::Scenario& s) {
  sim::RunOptions options;
  options.out_dir = (test_dir() / "out").string();
  return sim::run_simulation(s, options);
}

void expect_relative(double actual, double expected, double tolerance) {
  EXPECT_NEAR(actual, expected, std::abs(expected) * tolerance) << "expected " << expected;
}

void check_single_job_energy(const std::string& compute_model) {
  // One server, one 8-GPU job of exactly one hour: the site's energy is the busy server's
  // power x 3600 s, times the PUE.
  const auto s = scenario("0,training,E,0,A100-80GB,8," + flops_for(8, 3600) + ",0.5,0\n", compute_model, 1, "1d", true);
  const auto result = run(s);
  ASSERT_DOUBLE_EQ(result.summary.end_s, 3600.0);
  const double busy_w = s.economics.server_power_w(topology::find_gpu_model("A100-80GB"), 8, 8);
  const auto& a = result.summary.energy.sites.at(0);
  expect_relative(a.it_kwh * 3.6e6, busy_w * 3600.0, 1e-9);
  expect_relative(a.facility_kwh * 3.6e6, busy_w * 3600.0 * 1.25, 1e-9);
  expect_relative(a.electricity_cost_yuan, busy_w * 3600.0 * 1.25 / 3.6e6 * 0.5, 1e-9);
  expect_relative(a.gpu_hours_sold, 8.0, 1e-9);
  if (compute_model == "exec") {
    ASSERT_TRUE(a.simgrid_it_kwh.has_value());
    expect_relative(*a.simgrid_it_kwh, a.it_kwh, 1e-9);
  }
}

}  // namespace

TEST(Energy, singleJobEnergyIsPowerTimesTimeTimesPueWithTimerCompute) { check_single_job_energy("timer"); }

TEST(Energy, singleJobEnergyIsPowerTimesTimeTimesPueWithExecCompute) { check_single_job_energy("exec"); }

TEST(Energy, anEmptySiteDrawsIdlePowerOverTheHorizon) {
  // A two-day job keeps the run going to the one-day horizon; site b never gets work.
  const auto s = scenario("0,training,E,0,A100-80GB,8," + flops_for(8, 2 * 86400) + ",0.5,0\n", "timer", 1, "1d", false);
  const auto result = run(s);
  ASSERT_DOUBLE_EQ(result.summary.end_s, 86400.0);
  const double idle_w = s.economics.server_power_w(topology::find_gpu_model("A100-80GB"), 8, 0);
  const auto& b = result.summary.energy.sites.at(1);
  expect_relative(b.it_kwh * 3.6e6, 2 * idle_w * 86400.0, 1e-9);
  expect_relative(b.facility_kwh * 3.6e6, 2 * idle_w * 86400.0 * 1.1, 1e-9);
  expect_relative(b.co2_t, b.facility_kwh * 0.1404 / 1000.0, 1e-12);
  EXPECT_EQ(b.revenue_yuan, 0.0);

  // /energy/samples: one row per site per sample, cumulative energy growing linearly.
  const auto rows = results::read_energy_samples(result.trace_path);
  std::vector<results::EnergySampleRow> b_rows;
  for (const auto& row : rows)
    if (row.site == 1) b_rows.push_back(row);
  ASSERT_EQ(b_rows.size(), 25u);  // 0 h .. 24 h
  EXPECT_EQ(rows.size(), 50u);
  for (const auto& row : b_rows) {
    expect_relative(row.it_power_w, 2 * idle_w, 1e-12);
    expect_relative(row.facility_power_w, 2 * idle_w * 1.1, 1e-12);
    EXPECT_NEAR(row.energy_kwh, 2 * idle_w * 1.1 * row.time_s / 3.6e6, 1e-9 * (1.0 + row.energy_kwh));
    EXPECT_DOUBLE_EQ(row.price_yuan_per_kwh, 0.0);  // Sichuan is not in the tariff table
  }
  expect_relative(b_rows.back().energy_kwh, b.facility_kwh, 1e-12);
  expect_relative(b_rows.back().co2_kg, b.co2_t * 1000.0, 1e-12);
}

TEST(Energy, simgridHostEnergyPluginAgreesWithTheAccountantWhenCutAtTheHorizon) {
  // Jobs of 2, 3, 8 and 16 GPUs share four servers, start and end at different times, and some
  // are still running at the horizon.
  std::string csv;
  csv += "0,training,E,0,A100-80GB,2," + flops_for(2, 5000) + ",0.5,0\n";
  csv += "1,training,E,100,A100-80GB,3," + flops_for(3, 20000) + ",0.5,0\n";
  csv += "2,training,E,700,A100-80GB,8," + flops_for(8, 9000) + ",0.5,0\n";
  csv += "3,training,E,1500,A100-80GB,16," + flops_for(16, 100000) + ",0.5,0\n";
  csv += "4,training,W,2000,A100-80GB,5," + flops_for(5, 3000) + ",0.5,0\n";
  const auto result = run(scenario(csv, "exec", 4, "10h", false));
  ASSERT_DOUBLE_EQ(result.summary.end_s, 36000.0);
  EXPECT_GT(result.summary.jobs_unfinished, 0u);
  for (const auto& site : result.summary.energy.sites) {
    ASSERT_TRUE(site.simgrid_it_kwh.has_value()) << site.name;
    expect_relative(*site.simgrid_it_kwh, site.it_kwh, 1e-9);
  }
}

TEST(Energy, simgridHostEnergyPluginAgreesWithTheAccountantWhenDrained) {
  std::string csv;
  csv += "0,training,E,0,A100-80GB,4," + flops_for(4, 4000) + ",0.5,0\n";
  csv += "1,training,E,10,A100-80GB,12," + flops_for(12, 2500) + ",0.5,0\n";
  csv += "2,training,E,20,A100-80GB,6," + flops_for(6, 7777) + ",0.5,0\n";
  const auto result = run(scenario(csv, "exec", 3, "1d", true));
  EXPECT_EQ(result.summary.jobs_finished, 3u);
  for (const auto& site : result.summary.energy.sites) {
    ASSERT_TRUE(site.simgrid_it_kwh.has_value()) << site.name;
    expect_relative(*site.simgrid_it_kwh, site.it_kwh, 1e-9);
  }
}
