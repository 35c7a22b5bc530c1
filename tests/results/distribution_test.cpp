// Distribution (the summary's mean and nearest-rank percentiles) and merged_sample, which
// builds the censored wait sample from the already sorted finished waits.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "aicn/results/summary.hpp"

using aicn::results::Distribution;
using aicn::results::merged_sample;

TEST(Distribution, NearestRankPercentilesOfTenValues) {
  // Hand count: n = 10, rank = ceil(q n): p50 -> 5th, p95 -> 10th (ceil 9.5), p99 -> 10th.
  std::vector<double> values{9, 1, 8, 2, 7, 3, 6, 4, 5, 10};
  const Distribution d = Distribution::of(values);
  EXPECT_EQ(d.count, 10u);
  EXPECT_DOUBLE_EQ(d.mean, 5.5);
  EXPECT_EQ(d.p50, 5.0);
  EXPECT_EQ(d.p95, 10.0);
  EXPECT_EQ(d.p99, 10.0);
  EXPECT_EQ(d.max, 10.0);
  EXPECT_TRUE(std::is_sorted(values.begin(), values.end()));
}

TEST(Distribution, MergedSampleEqualsSortingEverythingTogether) {
  std::mt19937_64 random(7);
  std::lognormal_distribution<double> wait(3.0, 2.0);
  std::vector<double> finished(50000), more(3000);
  for (double& v : finished) v = wait(random);
  for (double& v : more) v = wait(random);
  finished.push_back(0.0);  // ties and zeros in both parts
  more.push_back(0.0);
  more.push_back(finished[17]);

  std::vector<double> reference = finished;
  reference.insert(reference.end(), more.begin(), more.end());
  std::sort(reference.begin(), reference.end());  // the independent order: std::sort of all

  std::vector<double> sorted_finished = finished;
  std::sort(sorted_finished.begin(), sorted_finished.end());
  const std::vector<double> merged = merged_sample(sorted_finished, more);
  ASSERT_EQ(merged, reference);

  // Hence the same figures, bit for bit (the mean is summed in the same order).
  std::vector<double> all = finished;
  all.insert(all.end(), more.begin(), more.end());
  const Distribution together = Distribution::of(all);
  const Distribution from_merge = Distribution::of_sorted(merged);
  EXPECT_EQ(from_merge.count, together.count);
  EXPECT_EQ(from_merge.mean, together.mean);
  EXPECT_EQ(from_merge.p50, together.p50);
  EXPECT_EQ(from_merge.p95, together.p95);
  EXPECT_EQ(from_merge.p99, together.p99);
  EXPECT_EQ(from_merge.max, together.max);
}

TEST(Distribution, EmptySamplesGiveZeros) {
  const Distribution d = Distribution::of_sorted({});
  EXPECT_EQ(d.count, 0u);
  EXPECT_EQ(d.mean, 0.0);
  EXPECT_EQ(merged_sample({}, {}).size(), 0u);
  EXPECT_EQ(merged_sample({}, {2.0, 1.0}), (std::vector<double>{1.0, 2.0}));
}
