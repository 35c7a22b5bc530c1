// `aicn compare` carries the energy, electricity cost, carbon and revenue of every run
// (issue 6): a small scenario, two policies, two seeds.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "aicn_test_support.hpp"

TEST(CompareEnergy, comparisonJsonAndTableCarryEnergyCostCarbonAndRevenue) {
  const auto dir = aicn_test::test_scratch();
  std::ofstream(dir / "scenario.yaml") << R"(name: compare-energy
seed: 1
horizon: 1d
sample_interval: 1h
layout: tiny-3site
workload:
  source: poisson-training
  arrivals_per_hour: 4
  gpu_models: {A100-80GB: 1.0}
  target_duration: {median: 2h, sigma: 0.5, min: 10min, max: 12h}
  max_gpus: 64
)";
  const auto outcome = aicn_test::run_aicn("compare " + (dir / "scenario.yaml").string() +
                                                 " --policies local-first,cost-aware --seeds 1-2 --jobs 2 --out " +
                                                 (dir / "cmp").string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  for (const char* label : {"energy MWh", "electricity M yuan", "CO2 t", "revenue M yuan"})
    EXPECT_NE(outcome.output.find(label), std::string::npos) << label << "\n" << outcome.output;

  const auto json = nlohmann::json::parse(aicn_test::read_file(dir / "cmp" / "comparison.json"));
  ASSERT_EQ(json["policies"].size(), 2u);
  for (const auto& policy : json["policies"]) {
    SCOPED_TRACE(policy["policy"].get<std::string>());
    for (const char* column : {"energy_mwh", "electricity_cost_myuan", "co2_t", "revenue_myuan"}) {
      SCOPED_TRACE(column);
      const auto& metric = policy["metrics"][column];
      ASSERT_TRUE(metric["mean"].is_number()) << metric;
      EXPECT_GT(metric["mean"].get<double>(), 0.0);
      ASSERT_EQ(metric["per_seed"].size(), 2u);
      // Each per-seed value is the run's own summary total, scaled as the definition says.
      const std::string run = policy["policy"].get<std::string>() + "-seed1";
      const auto summary = nlohmann::json::parse(aicn_test::read_file(dir / "cmp" / run / "summary.json"));
      double scale = 1.0;
      std::string pointer;
      for (const auto& definition : json["metrics"])
        if (definition["column"] == column) {
          scale = definition["scale"].get<double>();
          pointer = definition["summary_json_pointer"].get<std::string>();
        }
      ASSERT_FALSE(pointer.empty());
      EXPECT_NEAR(metric["per_seed"][0].get<double>(),
                  summary.at(nlohmann::json::json_pointer(pointer)).get<double>() * scale, 1e-9);
    }
  }
  const std::string csv = aicn_test::read_file(dir / "cmp" / "comparison.csv");
  EXPECT_NE(csv.find("electricity_cost_myuan_mean"), std::string::npos) << csv;
  std::filesystem::remove_all(dir);
}
