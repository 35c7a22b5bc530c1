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

TEST(GpuAllocator, gpuSharesPackByBestFitAndNeverExceedOneGpu) {
  GpuAllocator pool(2, 2);
  const Allocation a = pool.allocate_share(600);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].milli, 600);
  EXPECT_EQ(pool.free_gpus(), 3);  // a shared GPU is no longer whole and free
  const Allocation b = pool.allocate_share(500);  // does not fit next to 600: a new shared GPU
  EXPECT_EQ(pool.free_gpus(), 2);
  EXPECT_FALSE(b[0].server == a[0].server && b[0].slot == a[0].slot);
  const Allocation c = pool.allocate_share(400);  // best fit: the GPU with 400 left
  EXPECT_EQ(c[0].server, a[0].server);
  EXPECT_EQ(c[0].slot, a[0].slot);
  EXPECT_EQ(pool.milli_used(a[0].server, a[0].slot), 1000);
  EXPECT_EQ(pool.shared_milli_used(), 1500);
  EXPECT_FALSE(pool.can_allocate(3));  // only 2 whole GPUs left
  pool.release(a);
  pool.release(c);
  EXPECT_EQ(pool.free_gpus(), 3);  // the GPU is whole again once its last share leaves
  pool.release(b);
  EXPECT_EQ(pool.free_gpus(), 4);
  EXPECT_EQ(pool.shared_milli_used(), 0);
  EXPECT_THROW(pool.release(b), std::logic_error);
}

TEST(GpuAllocator, mixedWholeAndSharedAllocationsStayExactUnderRandomChurn) {
  GpuAllocator pool(8, 8);
  std::vector<Allocation> held;
  std::uint64_t state = 12345;
  auto next = [&state] { return (state = state * 6364136223846793005ull + 1442695040888963407ull) >> 33; };
  for (int step = 0; step < 20000; ++step) {
    if (!held.empty() && next() % 2 == 0) {
      const std::size_t victim = next() % held.size();
      pool.release(held[victim]);
      held.erase(held.begin() + static_cast<std::ptrdiff_t>(victim));
    } else if (next() % 3 == 0) {
      const int gpus = static_cast<int>(next() % 16) + 1;
      if (pool.can_allocate(gpus)) held.push_back(pool.allocate(gpus));
    } else {
      const int milli = static_cast<int>(next() % 1000) + 1;
      if (pool.can_allocate_share(milli)) held.push_back(pool.allocate_share(milli));
    }
    // Invariants: whole + shared GPUs never exceed the pool, no GPU holds more than 1000.
    long long whole = 0, milli = 0;
    for (const auto& allocation : held)
      for (const auto& share : allocation) {
        whole += share.gpus;
        milli += share.milli;
      }
    ASSERT_EQ(milli, pool.shared_milli_used());
    ASSERT_EQ(whole + pool.shared_gpus() + pool.free_gpus(), 64) << "step " << step;
    for (int server = 0; server < 8; ++server)
      for (int slot = 0; slot < 8; ++slot) ASSERT_LE(pool.milli_used(server, slot), 1000);
  }
  for (const auto& allocation : held) pool.release(allocation);
  EXPECT_EQ(pool.free_gpus(), 64);
  EXPECT_EQ(pool.shared_milli_used(), 0);
}
