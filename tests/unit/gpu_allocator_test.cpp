#include <gtest/gtest.h>

#include <numeric>

#include "aicn/sim/gpu_allocator.hpp"

using aicn::sim::Allocation;
using aicn::sim::GpuAllocator;

namespace {
int total(const Allocation& allocation) {
  return std::accumulate(allocation.begin(), allocation.end(), 0, [](int sum, const auto& share) { return sum + share.gpus; });
}
}  // namespace

TEST(GpuAllocator, smallJobsShareAServerByBestFit) {
  GpuAllocator pool(4, 8);
  const Allocation a = pool.allocate(3);
  const Allocation b = pool.allocate(4);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0].server, b[0].server);  // the partly used server is the best fit
  EXPECT_EQ(pool.free_gpus(), 25);
}

TEST(GpuAllocator, bigJobsTakeWholeServersAndAllOrNothing) {
  GpuAllocator pool(4, 8);
  pool.allocate(1);
  EXPECT_FALSE(pool.can_allocate(32));  // 31 free GPUs
  EXPECT_TRUE(pool.allocate(32).empty());
  EXPECT_EQ(pool.free_gpus(), 31);
  const Allocation big = pool.allocate(24);
  EXPECT_EQ(total(big), 24);
  for (const auto& share : big) EXPECT_EQ(share.gpus, 8);
  EXPECT_EQ(pool.free_gpus(), 7);
}

TEST(GpuAllocator, fragmentationCanBlockAJobThatFitsByCount) {
  GpuAllocator pool(2, 8);
  pool.allocate(5);
  pool.allocate(5);  // goes to the second server: the first has only 3 free
  EXPECT_EQ(pool.free_gpus(), 6);
  EXPECT_FALSE(pool.can_allocate(6));  // 3 + 3 free, but a 6-GPU job needs one server
  EXPECT_EQ(pool.largest_allocatable(), 3);
}

TEST(GpuAllocator, releaseRestoresEveryGpuExactly) {
  GpuAllocator pool(8, 8);
  std::vector<Allocation> held;
  for (int gpus : {1, 2, 3, 8, 12, 20, 4}) held.push_back(pool.allocate(gpus));
  EXPECT_EQ(pool.free_gpus(), 64 - 50);
  for (const auto& allocation : held) pool.release(allocation);
  EXPECT_EQ(pool.free_gpus(), 64);
  EXPECT_EQ(pool.largest_allocatable(), 64);
  EXPECT_TRUE(pool.can_allocate(64));
}

TEST(GpuAllocator, neverOverAllocatesUnderARandomMix) {
  GpuAllocator pool(16, 8);
  std::vector<Allocation> held;
  unsigned state = 12345;
  for (int step = 0; step < 5000; ++step) {
    state = state * 1103515245u + 12345u;
    const int gpus = 1 + static_cast<int>((state >> 16) % 40);
    if ((state >> 8) % 3 == 0 && !held.empty()) {
      pool.release(held.back());
      held.pop_back();
    } else if (pool.can_allocate(gpus)) {
      const Allocation allocation = pool.allocate(gpus);
      ASSERT_EQ(total(allocation), gpus);
      held.push_back(allocation);
    }
    int in_use = 0;
    for (const auto& allocation : held) in_use += total(allocation);
    ASSERT_EQ(pool.free_gpus(), 128 - in_use);
    ASSERT_GE(pool.free_gpus(), 0);
  }
}
