// A site's carbon_series in a whole simulation: a 2 h job across a 3-step curve emits the hand
// sum, the other site keeps its constant provincial factor, and a run whose horizon outlasts
// an after_end: fail series is refused before it starts.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/topology/time_series.hpp"

using namespace aicn;

namespace {

constexpr double kA100 = 312e12;

std::filesystem::path test_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto dir = std::filesystem::temp_directory_path() /
             ("aicn-series-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

/// Site `a` (Hebei, PUE 1, one 8-GPU A100 server) reads carbon.csv (100, 400, 250 g/kWh in
/// hours 0, 1, 2); site `b` (Sichuan, PUE 1.1) has no series. One 8-GPU job of 2 h submitted at 0.5 h.
sim::Scenario scenario(const std::string& horizon, bool drain, const std::string& after_end) {
  std::filesystem::remove_all(test_dir());  // a fresh folder for this test's files
  const auto dir = test_dir();
  std::ofstream(dir / "carbon.csv") << "time,g\n0,100\n3600,400\n7200,250\n";
  char flops[64];
  std::snprintf(flops, sizeof flops, "%.17g", 8 * kA100 * 0.5 * 7200.0);
  std::ofstream(dir / "jobs.csv") << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n"
                                  << "0,training,E,1800,A100-80GB,8," << flops << ",0.5,0\n";
  const std::string yaml = "name: series\nhorizon: " + horizon + "\ndrain: " + (drain ? "true" : "false") + R"(
layout:
  name: series
  hubs: [{name: E, side: east}, {name: W, side: west}]
  sites:
    - name: a
      hub: E
      province: Hebei
      lat: 40.8
      lon: 115.0
      pue: 1.0
      electricity: {price: 0.5, carbon_series: {file: carbon.csv, interpolation: step, after_end: )" + after_end + R"(}}
      pools: [{gpu: A100-80GB, gpus: 8, gpus_per_server: 8}]
    - name: b
      hub: W
      province: Sichuan
      lat: 30.6
      lon: 104.1
      pue: 1.1
      pools: [{gpu: A100-80GB, gpus: 8, gpus_per_server: 8}]
  links:
    - {between: [a, b], bandwidth: 100Gbps, latency: 10ms}
workload: {source: aicn-csv, path: jobs.csv}
policy: local-first
)";
  std::ofstream(dir / "scenario.yaml") << yaml;
  return sim::load_scenario_file((dir / "scenario.yaml").string());
}

void expect_relative(double actual, double expected, double tolerance) {
  EXPECT_NEAR(actual, expected, std::abs(expected) * tolerance) << "expected " << expected;
}

}  // namespace

TEST(CarbonSeriesSim, twoHourJobAcrossThreeStepsEmitsTheHandSum) {
  // loop: with drain the trace's last hourly sample (3 h) may fall after the job's end.
  const auto s = scenario("1h", true, "loop");
  sim::RunOptions options;
  options.out_dir = (test_dir() / "out").string();
  const auto result = sim::run_simulation(s, options);
  ASSERT_DOUBLE_EQ(result.summary.end_s, 9000.0);  // the job runs 0.5 h to 2.5 h
  const auto a100 = topology::find_gpu_model("A100-80GB");
  const double idle_kw = s.economics.server_power_w(a100, 8, 0) / 1000.0;
  const double busy_kw = s.economics.server_power_w(a100, 8, 8) / 1000.0;
  // kg = kW x h x g/kWh / 1000: idle 0.5 h at 100; busy 0.5 h at 100, 1 h at 400, 0.5 h at 250.
  const double kg = (idle_kw * 0.5 * 100 + busy_kw * (0.5 * 100 + 1.0 * 400 + 0.5 * 250)) / 1000.0;
  const auto& a = result.summary.energy.sites.at(0);
  expect_relative(a.co2_t, kg / 1000.0, 1e-9);
  // Site b idles 2.5 h at PUE 1.1 with Sichuan's constant 0.1404 kg/kWh.
  const auto& b = result.summary.energy.sites.at(1);
  expect_relative(b.co2_t, idle_kw * 2.5 * 1.1 * 0.1404 / 1000.0, 1e-9);
  EXPECT_DOUBLE_EQ(b.grid_co2_kg_per_kwh, 0.1404);
}

TEST(CarbonSeriesSim, aHorizonBeyondAFailSeriesIsRefusedBeforeTheRun) {
  const auto s = scenario("4h", false, "fail");  // the series covers [0, 3 h)
  sim::RunOptions options;
  options.out_dir = (test_dir() / "out").string();
  try {
    sim::run_simulation(s, options);
    FAIL() << "no error";
  } catch (const topology::SeriesRangeError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("carbon.csv: the series covers 0 s to 10800 s"), std::string::npos) << message;
    EXPECT_NE(message.find("at 14400 s"), std::string::npos) << message;
  }
}
