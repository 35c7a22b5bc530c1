// The runtime fills the policies' ClusterView with the layout's energy figures and the
// scenario's economics: price now and its schedule ahead (time of use), PUE now (hourly
// profile), grid carbon and green share, power and cost per GPU of each pool.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/results/trace_reader.hpp"
#include "aicn/topology/economics.hpp"

using namespace aicn;

namespace {

struct Seen {
  double now_s, price, pue, carbon, green, busy_w, depreciation, tick;
  std::vector<std::pair<double, double>> schedule;
};
std::vector<Seen> seen;

/// Records what the view says about site 0 at every call, and places every job there.
class RecordEnergy final : public policy::DispatchPolicy {
 public:
  std::vector<policy::Decision> decide(const policy::ClusterView& view,
                                       std::span<const workloads::Job* const> pending) override {
    const auto& site = view.sites.at(0);
    const auto& pool = site.pools.at(0);
    seen.push_back({view.now_s, site.electricity_price_per_kwh, site.pue, site.carbon_g_per_kwh, site.green_share,
                    pool.gpu_busy_w, pool.depreciation_yuan_per_gpu_hour, view.dispatch_tick_s, site.price_schedule});
    std::vector<policy::Decision> decisions;
    for (const auto* job : pending) decisions.push_back(policy::Decision::place(job->id, 0, 0));
    return decisions;
  }
};

}  // namespace

AICN_REGISTER_POLICY(RecordEnergy, "test-record-energy", "test only: records the view's energy figures")

TEST(EnergyView, theRuntimeFillsPriceScheduleCarbonGreenSharePueAndPoolCosts) {
  const auto dir = std::filesystem::temp_directory_path() / ("aicn-energy-view-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream csv(dir / "jobs.csv");
  csv << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n";
  csv << "0,training,E,3600,A100-80GB,1,1.56e14,0.5,0\n";   // 01:00, valley price
  csv << "1,training,E,36000,A100-80GB,1,1.56e14,0.5,0\n";  // 10:00, peak price
  csv.close();
  std::ofstream(dir / "scenario.yaml") << R"(name: energy-view
horizon: 1d
drain: true
dispatch_tick: 12h
layout:
  name: one-site
  hubs: [{name: E, side: east}]
  sites:
    - name: east
      hub: E
      province: Hebei
      lat: 39.0
      lon: 116.0
      pue: {hourly: [1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.5, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2]}
      electricity:
        time_of_use: [{from: "00:00", price: 0.2}, {from: "08:00", price: 0.7}]
        green_share: 0.25
      pools: [{gpu: A100-80GB, gpus: 8}]
  links: []
workload: {source: aicn-csv, path: jobs.csv}
policy: test-record-energy
)";
  const sim::Scenario scenario = sim::load_scenario_file((dir / "scenario.yaml").string());
  sim::RunOptions options;
  options.out_dir = (dir / "out").string();
  seen.clear();
  sim::run_simulation(scenario, options);
  ASSERT_GE(seen.size(), 2u);
  const auto& site = scenario.layout.sites.at(0);
  const auto economics = topology::Economics::defaults();
  for (const Seen& s : seen) {
    SCOPED_TRACE(s.now_s);
    EXPECT_DOUBLE_EQ(s.price, site.energy.price.at(s.now_s));
    EXPECT_DOUBLE_EQ(s.pue, site.energy.pue.at(s.now_s));
    EXPECT_DOUBLE_EQ(s.carbon, site.energy.grid_co2_kg_per_kwh * 1000.0);
    EXPECT_GT(s.carbon, 0.0) << "Hebei is in the carbon table";
    EXPECT_DOUBLE_EQ(s.green, 0.25);
    EXPECT_DOUBLE_EQ(s.tick, 12 * 3600.0);
    EXPECT_DOUBLE_EQ(s.busy_w, economics.server_power_w(site.pools[0].gpu_model, 8, 8) / 8);
    EXPECT_NEAR(s.depreciation, 1.80e6 / 8 / 5 / 8760, 1e-9) << "the brief's A100 server over 5 years";
    // The schedule lists the next 7 days of changes, alternating valley and peak.
    ASSERT_EQ(s.schedule.size(), 14u);
    EXPECT_GT(s.schedule.front().first, s.now_s);
    for (const auto& [t, price] : s.schedule) EXPECT_DOUBLE_EQ(price, site.energy.price.at(t));
  }
  EXPECT_DOUBLE_EQ(seen.front().price, 0.2);  // the first arrival at 01:00
  bool saw_peak = false;
  for (const Seen& s : seen) saw_peak = saw_peak || (s.now_s == 36000.0 && s.price == 0.7 && s.pue == 1.5);
  EXPECT_TRUE(saw_peak) << "the arrival at 10:00 sees the peak price and that hour's PUE";
  std::filesystem::remove_all(dir);
}

TEST(EnergyView, carbonAwareHoldsADeferrableJobUntilTheCheaperHoursInARun) {
  const auto dir = std::filesystem::temp_directory_path() / ("aicn-carbon-defer-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream csv(dir / "jobs.csv");
  csv << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n";
  csv << "0,fine-tuning,E,36000,A100-80GB,1,1.56e14,0.5,0\n";  // 10:00, peak price: deferrable
  csv << "1,training,E,36000,A100-80GB,1,1.56e14,0.5,0\n";     // not deferrable
  csv.close();
  std::ofstream(dir / "scenario.yaml") << R"(name: carbon-defer
horizon: 2d
drain: true
dispatch_tick: 10min
layout:
  name: one-site
  hubs: [{name: E, side: east}]
  sites:
    - name: east
      hub: E
      province: Hebei
      lat: 39.0
      lon: 116.0
      electricity:
        time_of_use: [{from: "00:00", price: 0.2}, {from: "08:00", price: 0.7}, {from: "22:00", price: 0.2}]
      pools: [{gpu: A100-80GB, gpus: 8}]
  links: []
workload: {source: aicn-csv, path: jobs.csv}
policy: {name: carbon-aware, params: {max_delay: 14h}}
)";
  const sim::Scenario scenario = sim::load_scenario_file((dir / "scenario.yaml").string());
  sim::RunOptions options;
  options.out_dir = (dir / "out").string();
  const auto result = sim::run_simulation(scenario, options);
  ASSERT_EQ(result.summary.jobs_finished, 2u);
  for (const auto& row : results::read_job_rows(result.trace_path)) {
    const double expected = row.id == 0 ? 22 * 3600.0 : 36000.0;  // held until the 22:00 valley; training not deferred
    EXPECT_DOUBLE_EQ(row.start_s, expected) << "job " << row.id;
  }
  std::filesystem::remove_all(dir);
}
