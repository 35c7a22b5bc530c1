// The sweep's figures put together: pairing by seed value (not by position), ranks, Holm over
// the cells compared, and the tidy CSV.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "aicn/results/sweep_results.hpp"

using namespace aicn::results;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A cell whose every metric is `value(seed)`: the wait metric is what the tests read.
SweepCell cell(const std::string& name, const std::vector<std::uint64_t>& seeds, const std::vector<double>& values) {
  SweepCell c{name, {name}, seeds, {}};
  for (double v : values) c.values.push_back(std::vector<double>(sweep_metrics().size(), v));
  return c;
}

std::size_t wait_mean() {
  for (std::size_t m = 0; m < sweep_metrics().size(); ++m)
    if (sweep_metrics()[m].column == "wait_mean_h") return m;
  return 0;
}

}  // namespace

// Reference seeds 1, 2, 3 -> 10, 20, 30. Cell b lists seeds 3, 1, 2 -> 33, 11, 22: paired by
// seed the differences are 1, 2, 3 (mean 2), not 23, -9, -8 by position.
TEST(SweepResults, cellsArePairedBySeedNotByPosition) {
  SweepResults sweep{"s", {"policy.name"}, {cell("a", {1, 2, 3}, {10, 20, 30}), cell("b", {3, 1, 2}, {33, 11, 22})}, 0};
  const SweepStatistics statistics = sweep_statistics(sweep);
  const auto& b = statistics.cells[1][wait_mean()];
  EXPECT_EQ(b.vs_reference.n, 3u);
  EXPECT_DOUBLE_EQ(b.vs_reference.mean, 2.0);
  // s = 1, se = 1 / sqrt(3), t(0.975, 2) = 4.302653: half-width 2.484138.
  EXPECT_NEAR(b.vs_reference.half_width, 2.484138, 1e-6);
  // Three positive differences: p = 2 / 8.
  EXPECT_DOUBLE_EQ(b.vs_reference.wilcoxon_p_value, 0.25);
  EXPECT_EQ(statistics.comparisons, 1u);
  EXPECT_TRUE(std::isnan(statistics.cells[0][wait_mean()].vs_reference.mean)) << "the reference is not compared with itself";
  // Lower wait is better: a (mean 20) ranks 1, b (22) ranks 2.
  EXPECT_DOUBLE_EQ(statistics.cells[0][wait_mean()].rank, 1.0);
  EXPECT_DOUBLE_EQ(statistics.cells[1][wait_mean()].rank, 2.0);
}

// A seed the cell lacks drops that pair only.
TEST(SweepResults, aSeedMissingInACellDropsThatPair) {
  SweepResults sweep{"s", {"k"}, {cell("a", {1, 2, 3}, {10, 20, 30}), cell("b", {1, 3}, {12, 33})}, 0};
  const SweepStatistics statistics = sweep_statistics(sweep);
  const auto& b = statistics.cells[1][wait_mean()];
  EXPECT_EQ(b.vs_reference.n, 2u);
  EXPECT_DOUBLE_EQ(b.vs_reference.mean, 2.5);
}

// Reference b (index 1); a and c compared with it: Holm multiplies the smaller p by 2.
TEST(SweepResults, holmRunsOverTheCellsComparedWithTheReference) {
  SweepResults sweep{"s", {"k"},
                     {cell("a", {1, 2, 3}, {11, 22, 33}), cell("b", {1, 2, 3}, {10, 20, 30}), cell("c", {1, 2, 3}, {10, 20, 31})},
                     1};
  const SweepStatistics statistics = sweep_statistics(sweep);
  EXPECT_EQ(statistics.comparisons, 2u);
  const auto& a = statistics.cells[0][wait_mean()];
  const auto& c = statistics.cells[2][wait_mean()];
  const double smaller = std::min(a.vs_reference.t_p_value, c.vs_reference.t_p_value);
  const double larger = std::max(a.vs_reference.t_p_value, c.vs_reference.t_p_value);
  EXPECT_DOUBLE_EQ(std::min(a.t_p_holm, c.t_p_holm), std::min(1.0, 2 * smaller));
  EXPECT_DOUBLE_EQ(std::max(a.t_p_holm, c.t_p_holm), std::max(std::min(1.0, 2 * smaller), larger));
  EXPECT_TRUE(std::isnan(statistics.cells[1][wait_mean()].t_p_holm));
  EXPECT_NE(multiple_comparison_note(2, 15).find("2 cells are compared"), std::string::npos);
  EXPECT_EQ(multiple_comparison_note(1, 15), "");
}

// One row per cell x seed x metric; a label with a comma is quoted; unknown values are empty.
TEST(SweepResults, theTidyCsvHasARowPerCellSeedAndMetric) {
  SweepCell odd = cell("x", {7}, {kNaN});
  odd.axis_values = {"a,b \"c\""};
  SweepResults sweep{"s", {"layout.patch"}, {odd}, 0};
  const std::string csv = sweep_csv(sweep);
  const std::size_t lines = static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n'));
  EXPECT_EQ(lines, 1 + sweep_metrics().size());
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "cell,layout.patch,seed,metric,value,jobs_unfinished,jobs_rejected");
  EXPECT_NE(csv.find("\nx,\"a,b \"\"c\"\"\",7,wait_mean_h,,,\n"), std::string::npos) << csv;
}

TEST(SweepResults, aReferenceOutOfRangeIsRefused) {
  SweepResults sweep{"s", {"k"}, {cell("a", {1}, {1})}, 3};
  EXPECT_THROW(sweep_statistics(sweep), std::invalid_argument);
}
