// Energy, cost and carbon through the aicn command: summary.json keys, the printed table,
// both compute models agreeing, and economics input errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "aicn_test_support.hpp"

using aicn_test::Outcome;
using aicn_test::read_json;
using aicn_test::run_aicn;
using aicn_test::test_scratch;

namespace {

const char* kScenario = R"(name: energy-cli
seed: 3
horizon: 2d
layout: tiny-3site
workload:
  source: poisson-training
  arrivals_per_hour: 10
  max_gpus: 64
  dataset_bytes_per_token: 4B
policy: least-loaded
)";

}  // namespace

TEST(EnergyCli, summaryHasEnergyCostCarbonAndPaybackPerSiteHubAndTotal) {
  const auto dir = test_scratch();
  std::ofstream(dir / "s.yaml") << kScenario;
  const Outcome outcome = run_aicn("run " + (dir / "s.yaml").string() + " --out " + (dir / "out").string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("Energy, cost and carbon (location-based"), std::string::npos) << outcome.output;
  const auto energy = read_json(dir / "out" / "summary.json").at("energy");
  EXPECT_NE(energy.at("accounting").get<std::string>().find("location-based"), std::string::npos);
  ASSERT_EQ(energy.at("sites").size(), 3u);
  ASSERT_EQ(energy.at("hubs").size(), 2u);
  double site_kwh = 0.0, site_co2 = 0.0;
  for (const auto& site : energy.at("sites")) {
    for (const char* key : {"it_kwh", "facility_kwh", "grid_kwh", "electricity_cost_yuan", "co2_t", "revenue_yuan",
                            "payback_months", "carbon_region"})
      EXPECT_TRUE(site.contains(key)) << key;
    EXPECT_GT(site.at("facility_kwh").get<double>(), site.at("it_kwh").get<double>());  // PUE > 1
    site_kwh += site.at("facility_kwh").get<double>();
    site_co2 += site.at("co2_t").get<double>();
  }
  const auto& total = energy.at("total");
  EXPECT_GT(energy.at("network").at("facility_kwh").get<double>(), 0.0);  // data moved east to west
  EXPECT_NEAR(total.at("facility_kwh").get<double>(), site_kwh + energy.at("network").at("facility_kwh").get<double>(),
              1e-9 * site_kwh);
  EXPECT_NEAR(total.at("co2_t").get<double>(), site_co2 + energy.at("network").at("co2_t").get<double>(), 1e-9 * site_co2);
  EXPECT_GT(total.at("revenue_yuan").get<double>(), 0.0);
}

TEST(EnergyCli, timerAndExecComputeModelsGiveTheSameEnergy) {
  const auto dir = test_scratch();
  std::ofstream(dir / "s.yaml") << kScenario;
  for (const std::string model : {"timer", "exec"}) {
    const Outcome outcome = run_aicn("run " + (dir / "s.yaml").string() + " -q --compute-model " + model + " --out " +
                                     (dir / model).string());
    ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  }
  const auto timer = read_json(dir / "timer" / "summary.json").at("energy").at("sites");
  const auto exec = read_json(dir / "exec" / "summary.json").at("energy").at("sites");
  ASSERT_EQ(timer.size(), exec.size());
  for (std::size_t i = 0; i < timer.size(); ++i) {
    const double kwh = timer[i].at("it_kwh").get<double>();
    EXPECT_NEAR(exec[i].at("it_kwh").get<double>(), kwh, 1e-6 * kwh);
    EXPECT_NEAR(exec[i].at("simgrid_it_kwh").get<double>(), exec[i].at("it_kwh").get<double>(), 1e-9 * kwh);
    EXPECT_FALSE(timer[i].contains("simgrid_it_kwh"));
  }
}

TEST(EnergyCli, badEconomicsValueFailsWithFileKeyAndValue) {
  const auto dir = test_scratch();
  std::ofstream(dir / "s.yaml") << kScenario << "economics:\n  gpu_models:\n    H800: {rent_per_gpu_hour: -3}\n";
  const Outcome outcome = run_aicn("run " + (dir / "s.yaml").string() + " --out " + (dir / "out").string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("s.yaml:"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("economics.gpu_models.H800.rent_per_gpu_hour"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("-3"), std::string::npos) << outcome.output;
}
