// HeadQueue (the local queue policies read) against std::vector, the container it replaced:
// the same entries in the same order after every one of many random pushes and removals.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "aicn/policy/cluster_view.hpp"
#include "aicn/policy/waiting_queue.hpp"

using aicn::policy::HeadQueue;
using aicn::policy::WaitingJobView;

namespace {

void expect_same(const HeadQueue<WaitingJobView>& queue, const std::vector<WaitingJobView>& reference, int step) {
  ASSERT_EQ(queue.size(), reference.size()) << "step " << step;
  ASSERT_EQ(queue.empty(), reference.empty());
  const std::span<const WaitingJobView> entries = queue;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    ASSERT_EQ(queue[i].id, reference[i].id) << "index " << i << ", step " << step;
    ASSERT_EQ(entries[i].gpus, reference[i].gpus);
  }
  if (!reference.empty()) {
    EXPECT_EQ(queue.front().id, reference.front().id);
    EXPECT_EQ(queue.back().id, reference.back().id);
  }
}

}  // namespace

TEST(HeadQueue, agreesWithStdVectorOverRandomPushesAndRemovals) {
  HeadQueue<WaitingJobView> queue;
  std::vector<WaitingJobView> reference;
  std::mt19937 random(7);
  std::uint64_t next_id = 1;
  for (int step = 0; step < 30000; ++step) {
    const unsigned what = random() % 10;
    if (what < 5 || reference.empty()) {  // join at the tail
      const WaitingJobView job{next_id, static_cast<int>(next_id % 9), 1.0, 0};
      ++next_id;
      queue.push_back(job);
      reference.push_back(job);
    } else if (what < 8) {  // the head starts (FIFO)
      queue.erase_at(0);
      reference.erase(reference.begin());
    } else if (what < 9) {  // any job starts (backfill, sjf, priority)
      const std::size_t at = random() % reference.size();
      queue.erase_at(at);
      reference.erase(reference.begin() + static_cast<std::ptrdiff_t>(at));
    } else {  // removal by id (an inbound job arrives or is cut)
      const std::uint64_t id = reference[random() % reference.size()].id;
      ASSERT_TRUE(queue.erase_id(id));
      std::erase_if(reference, [id](const WaitingJobView& job) { return job.id == id; });
    }
    expect_same(queue, reference, step);
  }
  EXPECT_FALSE(queue.erase_id(next_id + 5));  // never queued
  queue.clear();
  EXPECT_TRUE(queue.empty());
}

TEST(HeadQueue, drainingFromTheHeadKeepsTheRestInOrder) {
  HeadQueue<WaitingJobView> queue;
  for (std::uint64_t id = 0; id < 1000; ++id) queue.push_back({id, 1, 0.0, 0});
  for (int k = 0; k < 990; ++k) queue.erase_at(0);
  ASSERT_EQ(queue.size(), 10u);
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(queue[i].id, 990 + i);
  HeadQueue<WaitingJobView> listed{{5, 2, 1.0, 0}, {6, 4, 2.0, 1}};
  EXPECT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed.back().priority, 1);
}
