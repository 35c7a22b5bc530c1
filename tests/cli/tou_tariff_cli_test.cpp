// A site on the NDRC 2021 time-of-use rule (electricity.tariff), run for one day under a
// constant load: its cost follows the schedule hour by hour. Worked out by hand:
//   64 A100-80GB in 8 servers, one 8-GPU job busy all day: GPUs 8 x 400 W + 56 x 60 W (15 %
//   idle) = 6,560 W; servers 1 x 2,500 W busy + 7 x 1,000 W idle = 9,500 W; IT 16,060 W,
//   x PUE 1.2 = 19,272 W, so 19.272 kWh every hour.
//   Inner Mongolia's flat level 0.38 at 3:1: valley 0.19, flat 0.38, peak 0.57 yuan/kWh,
//   8 h each: the day costs 19.272 x 8 x (0.19 + 0.38 + 0.57) = 175.76064 yuan.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "aicn_test_support.hpp"

using aicn_test::read_json;
using aicn_test::run_aicn;
using aicn_test::run_command;
using aicn_test::test_scratch;

TEST(TouTariffCli, aDaysCostFollowsTheNdrcScheduleHourByHour) {
  const auto dir = test_scratch();
  std::ofstream(dir / "layout.yaml") << R"(name: one-west
hubs: [{name: IM, side: west}]
sites:
  - name: horinger
    hub: IM
    province: Inner Mongolia
    lat: 40.4
    lon: 111.8
    pue: 1.2
    electricity: {tariff: ndrc-2021}
    pools: [{gpu: A100-80GB, gpus: 64}]
links: []
)";
  // 1e22 FLOP on 8 GPUs at 45 % of 312 TFLOPS lasts 103 days: busy for the whole day.
  std::ofstream(dir / "jobs.csv") << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n"
                                     "0,training,IM,0,A100-80GB,8,1e22,0.45,0\n";
  std::ofstream(dir / "s.yaml") << "name: tou-day\nseed: 1\nhorizon: 1d\nsample_interval: 1h\nlayout: layout.yaml\n"
                                   "workload: {source: aicn-csv, path: jobs.csv}\npolicy: local-first\n";
  const auto ran = run_aicn("run " + (dir / "s.yaml").string() + " --quiet --out " + (dir / "run").string());
  ASSERT_EQ(ran.exit_code, 0) << ran.output;
  const auto site = read_json(dir / "run" / "summary.json").at("energy").at("sites").at(0);
  EXPECT_NEAR(site.at("facility_kwh").get<double>(), 24 * 19.272, 1e-6);
  EXPECT_NEAR(site.at("electricity_cost_yuan").get<double>(), 175.76064, 1e-6);
  // The cost of each hour, from the cumulative cost of /energy/samples: 3.66168 yuan in the
  // valley (19.272 x 0.19), 7.32336 flat, 10.98504 at peak.
  const auto hourly = run_command("/usr/bin/python3 -c \"import h5py, numpy\n"
                                  "r = h5py.File('" + (dir / "run" / "trace.h5").string() + "')['energy/samples'][:]\n"
                                  "print(' '.join('%.5f' % c for c in numpy.diff(r['cost_yuan'])))\n\"");
  ASSERT_EQ(hourly.exit_code, 0) << hourly.output;
  std::istringstream costs(hourly.output);
  std::vector<double> cost;
  for (double c; costs >> c;) cost.push_back(c);
  ASSERT_EQ(cost.size(), 24u) << hourly.output;
  for (int hour = 0; hour < 24; ++hour) {
    const bool valley = hour < 7 || hour >= 23, peak = (hour >= 8 && hour < 11) || (hour >= 18 && hour < 23);
    EXPECT_NEAR(cost[static_cast<std::size_t>(hour)], valley ? 3.66168 : peak ? 10.98504 : 7.32336, 1e-5) << "hour " << hour;
  }
}

// A noisy forecast (scenario key forecast.relative_error) is drawn from the scenario seed: the
// same scenario and seed give the same decisions twice (every job at the same site and start),
// and the same summary.
TEST(ForecastCli, aNoisyForecastGivesTheSameDecisionsTwice) {
  const auto dir = test_scratch();
  std::ofstream(dir / "carbon.csv") << "time,g\n0,600\n7200,150\n14400,400\n";
  std::ofstream(dir / "price.csv") << "time,yuan\n0,0.6\n10800,0.2\n";
  std::ofstream(dir / "s.yaml") << R"(name: noisy-forecast
seed: 5
horizon: 1d
forecast: {relative_error: 0.1}
layout:
  name: two-sites
  hubs: [{name: E, side: east}, {name: W, side: west}]
  sites:
    - {name: e, hub: E, province: Hebei, lat: 39, lon: 116, pools: [{gpu: A100-80GB, gpus: 16}],
       electricity: {carbon_series: {file: carbon.csv, after_end: loop}, price_series: {file: price.csv, after_end: loop}}}
    - {name: w, hub: W, province: Gansu, lat: 36, lon: 107, pools: [{gpu: A100-80GB, gpus: 16}]}
  links: [{between: [e, w], bandwidth: 100Gbps, latency: 10ms}]
workload:
  source: exponential-jobs
  arrivals_per_hour: 6
  mean_run_time: 2h
  gpus: 4
  gpu_model: A100-80GB
policy: {name: carbon-aware, params: {max_delay: 6h, min_saving: 0.05}}
)";
  for (const char* run : {"a", "b"}) {
    const auto ran = run_aicn("run " + (dir / "s.yaml").string() + " --quiet --out " + (dir / run).string());
    ASSERT_EQ(ran.exit_code, 0) << ran.output;
  }
  const auto baseline = run_aicn("baseline " + (dir / "a").string() + " --job-table --out " + (dir / "a.json").string());
  ASSERT_EQ(baseline.exit_code, 0) << baseline.output;
  const auto check = run_aicn("check " + (dir / "b").string() + " --baseline " + (dir / "a.json").string() +
                              " --job-table --failures-only");
  EXPECT_EQ(check.exit_code, 0) << check.output;
  auto a = read_json(dir / "a" / "summary.json"), b = read_json(dir / "b" / "summary.json");
  a.erase("run_id");
  b.erase("run_id");
  EXPECT_EQ(a, b);
  EXPECT_GT(a.at("jobs").at("finished").get<int>(), 50);
}

// The national layout (china-national) with guian on the NDRC rule (layout patch set_energy),
// one day, one job of 8 A800 GPUs at guian all day (local-first keeps a GZ job in its hub).
// Worked out by hand: guian has 1,024 Ascend-910B and 256 A800 servers of 8 GPUs, idle
// 8 x 60 W + 1,000 W = 1,480 W each: 1,894,400 W; the busy server adds 8 x 340 W + 1,500 W =
// 4,220 W: IT 1,898,620 W, x PUE 1.2 = 2,278,344 W, so 2,278.344 kWh every hour. Guizhou's
// flat level 0.34 at 3:1: valley 0.17, flat 0.34, peak 0.51 yuan/kWh; each hour costs
// 387.31848, 774.63696 or 1,161.95544 yuan by its window, and the day
// 2,278.344 x 8 x (0.17 + 0.34 + 0.51) = 18,591.28704 yuan.
TEST(TouTariffCli, aNationalSitesDayFollowsTheNdrcScheduleHourByHour) {
  const auto dir = test_scratch();
  std::ofstream(dir / "jobs.csv") << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n"
                                     "0,training,GZ,0,A800-80GB,8,1e22,0.45,0\n";
  std::ofstream(dir / "s.yaml") << R"(name: national-tou-day
seed: 1
horizon: 1d
sample_interval: 1h
layout:
  base: china-national
  patch:
    - set_energy: {site: guian, electricity: {tariff: ndrc-2021, green_share: 0.5}}
workload: {source: aicn-csv, path: jobs.csv}
policy: local-first
)";
  const auto ran = run_aicn("run " + (dir / "s.yaml").string() + " --quiet --out " + (dir / "run").string());
  ASSERT_EQ(ran.exit_code, 0) << ran.output;
  const auto sites = read_json(dir / "run" / "summary.json").at("energy").at("sites");
  int guian = -1;
  for (std::size_t s = 0; s < sites.size(); ++s)
    if (sites.at(s).at("name") == "guian") guian = static_cast<int>(s);
  ASSERT_GE(guian, 0);
  const auto& site = sites.at(static_cast<std::size_t>(guian));
  EXPECT_NEAR(site.at("facility_kwh").get<double>(), 24 * 2278.344, 1e-6);
  EXPECT_NEAR(site.at("electricity_cost_yuan").get<double>(), 18591.28704, 1e-6);
  EXPECT_NEAR(site.at("gpu_hours_sold").get<double>(), 8 * 24.0, 1e-9);
  const auto hourly = run_command("/usr/bin/python3 -c \"import h5py, numpy\n"
                                  "r = h5py.File('" + (dir / "run" / "trace.h5").string() + "')['energy/samples'][:]\n"
                                  "r = r[r['site'] == " + std::to_string(guian) + "]\n"
                                  "print(' '.join('%.5f' % c for c in numpy.diff(r['cost_yuan'])))\n\"");
  ASSERT_EQ(hourly.exit_code, 0) << hourly.output;
  std::istringstream costs(hourly.output);
  std::vector<double> cost;
  for (double c; costs >> c;) cost.push_back(c);
  ASSERT_EQ(cost.size(), 24u) << hourly.output;
  for (int hour = 0; hour < 24; ++hour) {
    const bool valley = hour < 7 || hour >= 23, peak = (hour >= 8 && hour < 11) || (hour >= 18 && hour < 23);
    EXPECT_NEAR(cost[static_cast<std::size_t>(hour)], valley ? 387.31848 : peak ? 1161.95544 : 774.63696, 1e-5) << "hour " << hour;
  }
}
