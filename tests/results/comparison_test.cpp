// Statistics and bookkeeping of `aicn compare` (no engine).
#include <gtest/gtest.h>

#include <cmath>

#include "aicn/results/comparison.hpp"

using namespace aicn::results;

namespace {

std::size_t column(const std::string& name) {
  const auto& metrics = comparison_metrics();
  for (std::size_t m = 0; m < metrics.size(); ++m)
    if (metrics[m].column == name) return m;
  ADD_FAILURE() << "no metric " << name;
  return 0;
}

}  // namespace

TEST(Comparison, confidenceIntervalUsesStudentT) {
  const MeanCi three = mean_ci95({1.0, 2.0, 3.0});
  EXPECT_EQ(three.n, 3u);
  EXPECT_DOUBLE_EQ(three.mean, 2.0);
  // s = 1, t(0.975, 2 dof) = 4.302652729749464.
  EXPECT_NEAR(three.half_width, 4.302652729749464 / std::sqrt(3.0), 1e-9);
  const MeanCi five = mean_ci95({10.0, 12.0, 11.0, 9.0, 13.0});
  EXPECT_NEAR(five.half_width, 2.7764451051977987 * std::sqrt(2.5) / std::sqrt(5.0), 1e-9);
  EXPECT_TRUE(std::isnan(mean_ci95({4.0}).half_width));
  EXPECT_EQ(mean_ci95({4.0, NAN}).n, 1u);
}

TEST(Comparison, seedListsTakeRangesAndLists) {
  EXPECT_EQ(parse_seed_list("1-5"), (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(parse_seed_list("7,3,10-11"), (std::vector<std::uint64_t>{7, 3, 10, 11}));
  EXPECT_THROW(parse_seed_list("5-1"), std::invalid_argument);
  EXPECT_THROW(parse_seed_list("a"), std::invalid_argument);
  EXPECT_THROW(parse_seed_list("1,1"), std::invalid_argument);
  EXPECT_THROW(parse_seed_list(""), std::invalid_argument);
}

TEST(Comparison, metricsAreReadThroughTheDefinitionsAndMissingOnesAreNaN) {
  const auto summary = nlohmann::json::parse(
      R"({"jobs": {"finished": 10, "rejected": 1}, "wait_s": {"mean": 7200}, "utilisation": 0.5,
          "network": {"bytes_moved": 2e12}})");
  const auto values = read_metrics(summary);
  const auto& metrics = comparison_metrics();
  ASSERT_EQ(values.size(), metrics.size());
  EXPECT_DOUBLE_EQ(values[column("wait_mean_h")], 2.0);
  EXPECT_DOUBLE_EQ(values[column("utilisation_pct")], 50.0);
  EXPECT_DOUBLE_EQ(values[column("bytes_moved_tb")], 2.0);
  EXPECT_DOUBLE_EQ(values[column("jobs_finished")], 10.0);
  EXPECT_TRUE(std::isnan(values[column("wait_p95_h")]));
}

TEST(Comparison, energyCostAndCarbonColumnsComeFromTheEnergyTotalsAndNullIsUnknown) {
  const auto summary = nlohmann::json::parse(
      R"({"energy": {"total": {"facility_kwh": 2500.0, "electricity_cost_yuan": 1.5e6, "co2_t": null,
                                "revenue_yuan": 3e6, "payback_months": null}}})");
  const auto values = read_metrics(summary);
  EXPECT_DOUBLE_EQ(values[column("energy_mwh")], 2.5);
  EXPECT_DOUBLE_EQ(values[column("electricity_cost_myuan")], 1.5);
  EXPECT_DOUBLE_EQ(values[column("revenue_myuan")], 3.0);
  EXPECT_TRUE(std::isnan(values[column("co2_t")])) << "null reads as unknown";
  const auto& metrics = comparison_metrics();
  EXPECT_TRUE(metrics[column("electricity_cost_myuan")].lower_is_better);
  EXPECT_FALSE(metrics[column("revenue_myuan")].lower_is_better);
  // A policy whose runs all lack the value gets n/a and is never marked best.
  std::vector<double> known(metrics.size(), 1.0), unknown(metrics.size(), NAN);
  known[column("co2_t")] = 5.0;
  const Comparison comparison = compare_runs({{"a", {1, 2}, {known, known}}, {"b", {1, 2}, {unknown, unknown}}});
  EXPECT_EQ(comparison.best[column("co2_t")], 0);
  EXPECT_NE(comparison_table(comparison).find("n/a"), std::string::npos);
}

TEST(Comparison, marksTheBestPolicyPerColumnInTheRightDirection) {
  const auto& metrics = comparison_metrics();
  auto values = [&](double wait_h, double utilisation) {
    std::vector<double> v(metrics.size(), 0.0);
    v[column("wait_mean_h")] = wait_h;
    v[column("utilisation_pct")] = utilisation;
    return v;
  };
  const Comparison c = compare_runs({{"a", {1, 2}, {values(5, 40), values(7, 42)}},
                                     {"b", {1, 2}, {values(3, 30), values(3, 32)}}});
  EXPECT_EQ(c.best[column("wait_mean_h")], 1);      // lower wait wins
  EXPECT_EQ(c.best[column("utilisation_pct")], 0);  // higher utilisation wins
  EXPECT_EQ(c.best[column("jobs_rejected")], -1);   // all equal: no mark
  EXPECT_NE(comparison_table(c).find("3.00 ± 0.00 *"), std::string::npos) << comparison_table(c);
  EXPECT_NE(comparison_table(c).find("41.0 ± 12.7 *"), std::string::npos) << comparison_table(c);
  EXPECT_NE(comparison_table(c).find("6.00 ± 12.71 "), std::string::npos) << comparison_table(c);
  EXPECT_NE(comparison_csv(c).find("b,2,"), std::string::npos);
}

// One row per metric, one column per policy, every line well under 100 characters for three
// policies; a single seed prints no "±" and says why.
TEST(ComparisonTable, metricsAreRowsAndOneSeedShowsNoInterval) {
  const auto& metrics = comparison_metrics();
  const std::vector<double> zeros(metrics.size(), 1.0);
  const Comparison one_seed = compare_runs({{"local-first", {4}, {zeros}}, {"least-loaded", {4}, {zeros}},
                                            {"cost-aware", {4}, {zeros}}});
  const std::string table = comparison_table(one_seed);
  std::size_t lines = 0, longest = 0;
  for (std::size_t begin = 0, end; (end = table.find('\n', begin)) != std::string::npos; begin = end + 1) {
    ++lines;
    longest = std::max(longest, end - begin);
  }
  EXPECT_EQ(lines, metrics.size() + 2) << table;  // header, one row per metric, footer
  EXPECT_LT(longest, 100u) << table;
  EXPECT_EQ(table.find("±"), std::string::npos) << table;
  EXPECT_NE(table.find("one seed: no confidence interval"), std::string::npos) << table;
  EXPECT_EQ(table.rfind("metric", 0), 0u) << table;
  EXPECT_NE(table.find("\nwait mean h (lower better) "), std::string::npos) << table;
}
