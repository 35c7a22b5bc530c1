// Paired statistics of a sweep, checked against calculations done by hand (written out below).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "aicn/results/paired_statistics.hpp"

using aicn::results::holm_adjust;
using aicn::results::paired_difference;
using aicn::results::ranks_of;
using aicn::results::wilcoxon_signed_rank_p;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

// Five seeds: cell a = {10, 12, 9, 14, 11}, reference b = {8, 11, 10, 10, 8}.
// Differences d = a - b = {2, 1, -1, 4, 3}; mean = 9 / 5 = 1.8.
// Deviations 0.2, -0.8, -2.8, 2.2, 1.2; squares 0.04 + 0.64 + 7.84 + 4.84 + 1.44 = 14.8;
// s^2 = 14.8 / 4 = 3.7, s = 1.923538; standard error s / sqrt(5) = 0.860233.
// t(0.975, 4 d.f.) = 2.776445 (any t table), half-width = 2.776445 * 0.860233 = 2.388388.
// t statistic = 1.8 / 0.860233 = 2.092457. For 4 d.f. the t CDF has the closed form
// F(t) = 1/2 + (3/8) u (1 - x / (3 (1 + x))) with x = t^2 / 4, u = t / sqrt(1 + x):
// x = 1.094600, u = 1.445962, F = 0.5 + 0.375 * 1.445962 * (1 - 0.174200) = 0.947730,
// two-sided p = 2 (1 - F) = 0.104540.
// Wilcoxon: |d| = {2, 1, 1, 4, 3}; the two 1s share ranks 1 and 2 (mid-rank 1.5), then 2 -> 3,
// 3 -> 4, 4 -> 5. W+ = 3 + 1.5 + 5 + 4 = 13.5 (only d = -1, rank 1.5, is negative).
// Doubled ranks {3, 3, 6, 8, 10}, total 30, observed doubled W+ = 27. Under the null each of
// the 2^5 = 32 sign patterns is equally likely; W+ >= 27 means the negative ranks sum to <= 3:
// none, the first 3 or the second 3: 3 patterns. P(W+ >= 27) = 3/32, two-sided p = 6/32 = 0.1875.
TEST(PairedStatistics, fivePairsGiveTheHandCalculatedIntervalAndPValues) {
  const auto result = paired_difference({10, 12, 9, 14, 11}, {8, 11, 10, 10, 8});
  EXPECT_EQ(result.n, 5u);
  EXPECT_DOUBLE_EQ(result.mean, 1.8);
  EXPECT_NEAR(result.half_width, 2.388388, 1e-6);
  EXPECT_NEAR(result.t_p_value, 0.104540, 1e-6);
  EXPECT_TRUE(result.wilcoxon_exact);
  EXPECT_DOUBLE_EQ(result.wilcoxon_p_value, 6.0 / 32.0);
}

// All five differences positive, no ties: ranks 1..5 all positive, W+ = 15 is the largest of
// the 32 equally likely sign patterns, so P(W+ >= 15) = 1/32 and the two-sided p = 2/32.
TEST(PairedStatistics, wilcoxonOfFivePositiveDifferencesIsTwoIn32) {
  EXPECT_DOUBLE_EQ(wilcoxon_signed_rank_p({0.5, 3, 1, 2, 4}), 2.0 / 32.0);
  // The sign flips the tail, not the p-value.
  EXPECT_DOUBLE_EQ(wilcoxon_signed_rank_p({-0.5, -3, -1, -2, -4}), 2.0 / 32.0);
}

// d = {1, -2, 3}: ranks 1, 2, 3; W+ = 1 + 3 = 4. Sums of the 8 subsets of {1, 2, 3}:
// 0, 1, 2, 3, 3, 4, 5, 6; P(W+ >= 4) = 3/8, P(W+ <= 4) = 6/8; p = 2 * 3/8 = 0.75.
// A zero difference is dropped first (Wilcoxon's convention), so adding one changes nothing.
TEST(PairedStatistics, wilcoxonDropsZeroDifferences) {
  EXPECT_DOUBLE_EQ(wilcoxon_signed_rank_p({1, -2, 3}), 0.75);
  EXPECT_DOUBLE_EQ(wilcoxon_signed_rank_p({1, -2, 0, 3}), 0.75);
  EXPECT_TRUE(std::isnan(wilcoxon_signed_rank_p({0, 0})));
}

// A seed missing on either side (NaN) drops that pair: d = {2, 1, -1, 4, 3} as above.
TEST(PairedStatistics, aPairWithAnUnknownValueIsLeftOut) {
  const auto result = paired_difference({10, 12, kNaN, 9, 14, 11}, {8, 11, 3, 10, 10, 8});
  EXPECT_EQ(result.n, 5u);
  EXPECT_DOUBLE_EQ(result.mean, 1.8);
}

// Identical differences: zero spread. All zero -> nothing differs (p = 1); all 2 -> p = 0.
TEST(PairedStatistics, constantDifferencesGiveDegenerateButDefinedPValues) {
  EXPECT_DOUBLE_EQ(paired_difference({3, 4, 5}, {3, 4, 5}).t_p_value, 1.0);
  EXPECT_DOUBLE_EQ(paired_difference({5, 6, 7}, {3, 4, 5}).t_p_value, 0.0);
  EXPECT_DOUBLE_EQ(paired_difference({5, 6, 7}, {3, 4, 5}).half_width, 0.0);
  EXPECT_TRUE(std::isnan(paired_difference({5}, {3}).half_width));
}

// 60 differences 1..60 all positive: beyond the exact limit, the normal approximation.
// W+ = 60 * 61 / 2 = 1830, mean 915, sd = sqrt(60 * 61 * 121 / 24) = 135.84; z = 914.5 / 135.84
// = 6.73: p about 1.7e-11, far below any level.
TEST(PairedStatistics, manyPairsUseTheNormalApproximation) {
  std::vector<double> d;
  for (int i = 1; i <= 60; ++i) d.push_back(i);
  bool exact = true;
  const double p = wilcoxon_signed_rank_p(d, &exact);
  EXPECT_FALSE(exact);
  EXPECT_GT(p, 1e-12);
  EXPECT_LT(p, 1e-10);
}

// Means {3, 1, 3, NaN}: lowest first: 1 -> rank 1, the two 3s share ranks 2 and 3 -> 2.5.
TEST(PairedStatistics, ranksShareTiesAndSkipUnknowns) {
  const auto lower = ranks_of({3, 1, 3, kNaN}, true);
  EXPECT_DOUBLE_EQ(lower[0], 2.5);
  EXPECT_DOUBLE_EQ(lower[1], 1.0);
  EXPECT_DOUBLE_EQ(lower[2], 2.5);
  EXPECT_TRUE(std::isnan(lower[3]));
  const auto higher = ranks_of({3, 1, 2}, false);
  EXPECT_DOUBLE_EQ(higher[0], 1.0);
  EXPECT_DOUBLE_EQ(higher[2], 2.0);
}

// Holm on {0.01, 0.04, 0.03} (m = 3): sorted 0.01, 0.03, 0.04 -> 3 * 0.01 = 0.03,
// 2 * 0.03 = 0.06, 1 * 0.04 = 0.04 raised to the running maximum 0.06.
TEST(PairedStatistics, holmAdjustsInStepDownOrder) {
  const auto adjusted = holm_adjust({0.01, 0.04, kNaN, 0.03});
  EXPECT_NEAR(adjusted[0], 0.03, 1e-15);
  EXPECT_NEAR(adjusted[1], 0.06, 1e-15);
  EXPECT_TRUE(std::isnan(adjusted[2]));
  EXPECT_NEAR(adjusted[3], 0.06, 1e-15);
}
