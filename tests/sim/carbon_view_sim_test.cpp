// The policies' view shows a site's carbon and price series: the value now and the known
// changes ahead (what the accounting charges, from the run's one SiteSignals). The expected
// figures are the CSV rows written here, read by hand.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"

using namespace aicn;

namespace {

struct Seen {
  double now_s, carbon, price, carbon_at_2h, mean_carbon_0_to_3h;
  std::vector<std::pair<double, double>> carbon_schedule, price_schedule;
};
std::vector<Seen> recorded;

class RecordSignals final : public policy::DispatchPolicy {
 public:
  std::vector<policy::Decision> decide(const policy::ClusterView& view,
                                       std::span<const workloads::Job* const> pending) override {
    const auto& site = view.sites.at(0);
    recorded.push_back({view.now_s, site.carbon_g_per_kwh, site.electricity_price_per_kwh, site.carbon_at(7200.0),
                    site.mean_carbon(0.0, 10800.0), site.carbon_schedule, site.price_schedule});
    std::vector<policy::Decision> decisions;
    for (const auto* job : pending) decisions.push_back(policy::Decision::place(job->id, 0, 0));
    return decisions;
  }
};

/// Runs the one-site scenario below (with `extra` scenario lines) and returns what the policy saw.
std::vector<Seen> run_recording(const std::string& tag, const std::string& extra) {
  const auto dir = std::filesystem::temp_directory_path() / ("aicn-carbon-view-" + tag + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  // Three hourly rows, looping: 100 g in hour 0, 400 in hour 1, 250 in hour 2, then again.
  std::ofstream(dir / "carbon.csv") << "time,g\n0,100\n3600,400\n7200,250\n";
  // Prices: 0.3 for the first 90 minutes, then 0.6 for 90 more; the loop repeats every 3 h.
  std::ofstream(dir / "price.csv") << "time,yuan\n0,0.3\n5400,0.6\n";
  std::ofstream(dir / "jobs.csv") << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n"
                                     "0,training,E,1800,A100-80GB,1,1.56e14,0.5,0\n"    // 00:30
                                     "1,training,E,6000,A100-80GB,1,1.56e14,0.5,0\n";  // 01:40
  std::ofstream(dir / "scenario.yaml") << R"(name: carbon-view
horizon: 3h
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
        carbon_series: {file: carbon.csv, after_end: loop}
        price_series: {file: price.csv, after_end: loop}
      pools: [{gpu: A100-80GB, gpus: 8}]
  links: []
workload: {source: aicn-csv, path: jobs.csv}
policy: test-record-signals
)" << extra;
  const sim::Scenario scenario = sim::load_scenario_file((dir / "scenario.yaml").string());
  sim::RunOptions options;
  options.out_dir = (dir / "out").string();
  recorded.clear();
  sim::run_simulation(scenario, options);
  std::filesystem::remove_all(dir);
  return recorded;
}

}  // namespace

AICN_REGISTER_POLICY(RecordSignals, "test-record-signals", "test only: records the view's carbon and price")

TEST(CarbonView, policiesSeeTheSeriesNowAndAhead) {
  const std::vector<Seen> seen = run_recording("perfect", "");
  ASSERT_EQ(seen.size(), 2u);

  // 00:30: carbon 100 now; changes at 1 h (400), 2 h (250), 3 h (100 again, the loop), ...
  EXPECT_DOUBLE_EQ(seen[0].now_s, 1800.0);
  EXPECT_DOUBLE_EQ(seen[0].carbon, 100.0);
  ASSERT_GE(seen[0].carbon_schedule.size(), 3u);
  EXPECT_EQ(seen[0].carbon_schedule[0], std::make_pair(3600.0, 400.0));
  EXPECT_EQ(seen[0].carbon_schedule[1], std::make_pair(7200.0, 250.0));
  EXPECT_EQ(seen[0].carbon_schedule[2], std::make_pair(10800.0, 100.0));
  // 7 days ahead of 00:30 at one change an hour: 168 changes (01:00 to 7 d 00:00).
  EXPECT_EQ(seen[0].carbon_schedule.size(), 168u);
  EXPECT_DOUBLE_EQ(seen[0].carbon_at_2h, 250.0);
  EXPECT_DOUBLE_EQ(seen[0].mean_carbon_0_to_3h, (100.0 + 400.0 + 250.0) / 3.0);
  // Price 0.3 now; 0.6 from 01:30, 0.3 again from 03:00.
  EXPECT_DOUBLE_EQ(seen[0].price, 0.3);
  ASSERT_GE(seen[0].price_schedule.size(), 2u);
  EXPECT_EQ(seen[0].price_schedule[0], std::make_pair(5400.0, 0.6));
  EXPECT_EQ(seen[0].price_schedule[1], std::make_pair(10800.0, 0.3));

  // 01:40: carbon 400 now, the next change at 2 h; price 0.6.
  EXPECT_DOUBLE_EQ(seen[1].now_s, 6000.0);
  EXPECT_DOUBLE_EQ(seen[1].carbon, 400.0);
  EXPECT_EQ(seen[1].carbon_schedule.front(), std::make_pair(7200.0, 250.0));
  EXPECT_DOUBLE_EQ(seen[1].price, 0.6);
}

// With a 10 % forecast error the values now stay exact and the changes ahead are off by a
// seeded normal factor: the same for one time whenever it is asked, never negative, and spread
// as N(0, 0.1) says (168 hourly carbon points: their relative errors' standard deviation is 0.1
// within 30 %, more than five standard errors).
TEST(CarbonView, aNoisyForecastLeavesTheValuesNowExact) {
  const std::vector<Seen> seen = run_recording("noisy", "forecast: {relative_error: 0.1}\n");
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_DOUBLE_EQ(seen[0].carbon, 100.0);
  EXPECT_DOUBLE_EQ(seen[0].price, 0.3);
  EXPECT_DOUBLE_EQ(seen[1].carbon, 400.0);
  ASSERT_EQ(seen[0].carbon_schedule.size(), 168u);
  // 02:00 forecast at 00:30 and again at 01:40: one time, one forecast.
  EXPECT_EQ(seen[0].carbon_schedule[1], seen[1].carbon_schedule[0]);
  const double actual[] = {100.0, 400.0, 250.0};
  double sum_squares = 0.0;
  int differ = 0;
  for (const auto& [t, forecast] : seen[0].carbon_schedule) {
    const double truth = actual[static_cast<int>(t / 3600.0) % 3];
    EXPECT_GE(forecast, 0.0);
    if (forecast != truth) ++differ;
    sum_squares += (forecast / truth - 1.0) * (forecast / truth - 1.0);
  }
  EXPECT_EQ(differ, 168);
  const double spread = std::sqrt(sum_squares / 168.0);
  EXPECT_GT(spread, 0.07);
  EXPECT_LT(spread, 0.13);
}

