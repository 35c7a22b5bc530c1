// ReleaseProfile: start times computed by hand from a pool's free GPUs, its running jobs'
// releases and the jobs added behind them.
#include <gtest/gtest.h>

#include <cmath>

#include "aicn/policy/release_profile.hpp"

using aicn::policy::PoolView;
using aicn::policy::ReleaseProfile;

namespace {

PoolView pool_with_running() {
  // 8 GPUs: 2 free, a 4-GPU job ends at 100 and a 2-GPU job at 300 (sorted by end time).
  PoolView pool(0, 8, 2, 8, 2, 0, 0);
  pool.running = {{1, 100.0, 4}, {2, 300.0, 2}};
  return pool;
}

}  // namespace

TEST(ReleaseProfile, aJobStartsAtTheFirstReleaseThatMakesRoom) {
  const PoolView pool = pool_with_running();
  const ReleaseProfile profile(pool, 0.0);
  EXPECT_DOUBLE_EQ(profile.start_of(2), 0.0);    // free now
  EXPECT_DOUBLE_EQ(profile.start_of(3), 100.0);  // 2 + 4 at 100
  EXPECT_DOUBLE_EQ(profile.start_of(8), 300.0);  // all 8 once both have ended
  EXPECT_TRUE(std::isinf(profile.start_of(9)));  // more than the pool ever frees
}

TEST(ReleaseProfile, addedJobsTakeTheirGpusAndReleaseThemAfterTheirRunTime) {
  const PoolView pool = pool_with_running();
  ReleaseProfile profile(pool, 10.0);
  // A 4-GPU job of 50 s waits for the release at 100: free 6 -> 2, it releases 4 at 150.
  EXPECT_DOUBLE_EQ(profile.add_waiting(4, 50.0), 100.0);
  EXPECT_DOUBLE_EQ(profile.start_of(2), 100.0);  // starts are in order: not before the last one
  EXPECT_DOUBLE_EQ(profile.start_of(4), 150.0);  // the added job's release comes before 300
  EXPECT_DOUBLE_EQ(profile.start_of(8), 300.0);
  // start_of consumed nothing: the same question gives the same answer.
  EXPECT_DOUBLE_EQ(profile.start_of(4), 150.0);
  // A 6-GPU job: 2 free + 4 at 150 -> starts at 150.
  EXPECT_DOUBLE_EQ(profile.add_waiting(6, 1000.0), 150.0);
  EXPECT_DOUBLE_EQ(profile.start_of(2), 300.0);
  EXPECT_DOUBLE_EQ(profile.start_of(8), 1150.0);
}

TEST(ReleaseProfile, aJobThatCanNeverFitMakesEveryLaterStartInfinite) {
  const PoolView pool = pool_with_running();
  ReleaseProfile profile(pool, 0.0);
  EXPECT_TRUE(std::isinf(profile.add_waiting(9, 10.0)));
  EXPECT_TRUE(std::isinf(profile.start_of(1)));
}
