// Local queue disciplines on hand-built pool states (no engine).
#include <gtest/gtest.h>

#include "aicn/policy/queue_discipline.hpp"

using namespace aicn::policy;

namespace {

/// An 8-GPU pool with `free` GPUs free now (counted, no fragmentation).
QueueState state(int free, const std::vector<RunningJobView>& running, const std::vector<WaitingJobView>& queue) {
  QueueState s;
  s.now_s = 0.0;
  s.free_gpus = free;
  s.idle_gpus = free;
  s.running = running;
  s.queue = queue;
  s.fits_now = [free, queue](std::size_t index) { return queue[index].gpus <= free; };
  return s;
}

std::optional<std::size_t> pick(const std::string& discipline, const QueueState& s) {
  return make_queue_discipline(discipline)->next_to_start(s);
}

}  // namespace

TEST(QueueDiscipline, fifoStartsOnlyTheHead) {
  const std::vector<RunningJobView> running{{1, 100.0, 6}};
  const std::vector<WaitingJobView> queue{{2, 4, 10.0, 0}, {3, 1, 10.0, 0}};
  EXPECT_FALSE(pick("fifo", state(2, running, queue)));  // the 4-GPU head blocks the 1-GPU job
  EXPECT_EQ(pick("fifo", state(4, running, queue)), 0u);
}

TEST(QueueDiscipline, shortestJobFirstStartsTheShortestAndItBlocks) {
  const std::vector<WaitingJobView> queue{{1, 2, 300.0, 0}, {2, 2, 100.0, 0}, {3, 8, 50.0, 0}};
  EXPECT_FALSE(pick("sjf", state(4, {}, queue)));  // the 50 s job needs 8 GPUs: it waits, and blocks
  const std::vector<WaitingJobView> fitting{{1, 2, 300.0, 0}, {2, 2, 100.0, 0}, {3, 2, 100.0, 0}};
  EXPECT_EQ(pick("sjf", state(4, {}, fitting)), 1u);  // ties go to the earlier arrival
}

TEST(QueueDiscipline, priorityStartsTheHighestPriorityFirst) {
  const std::vector<WaitingJobView> queue{{1, 2, 10.0, 0}, {2, 2, 10.0, 5}, {3, 2, 10.0, 5}};
  EXPECT_EQ(pick("priority", state(8, {}, queue)), 1u);
  const std::vector<WaitingJobView> blocked{{1, 2, 10.0, 0}, {2, 8, 10.0, 5}};
  EXPECT_FALSE(pick("priority", state(4, {}, blocked)));
}

TEST(QueueDiscipline, reservationIsWhenEnoughGpusFreeUpAndTheSpareGpusThen) {
  const std::vector<RunningJobView> running{{1, 300.0, 2}, {2, 100.0, 2}};
  const Reservation r = reserve(5, 2, running, 0.0);
  EXPECT_DOUBLE_EQ(r.start_s, 300.0);  // 2 free + 2 at 100 s = 4 < 5; + 2 at 300 s = 6
  EXPECT_EQ(r.extra_gpus, 1);
}

TEST(QueueDiscipline, easyBackfillStartsOnlyJobsThatDoNotDelayTheHead) {
  // 4 free; running jobs release 4 GPUs at 100 s: the 8-GPU head is reserved for 100 s with 0 spare.
  const std::vector<RunningJobView> running{{1, 100.0, 4}};
  const std::vector<WaitingJobView> too_long{{2, 8, 50.0, 0}, {3, 2, 500.0, 0}};
  EXPECT_FALSE(pick("easy-backfill", state(4, running, too_long)));  // would hold 2 GPUs past 100 s
  const std::vector<WaitingJobView> short_one{{2, 8, 50.0, 0}, {3, 2, 500.0, 0}, {4, 4, 90.0, 0}};
  EXPECT_EQ(pick("easy-backfill", state(4, running, short_one)), 2u);  // ends at 90 s, before the head's start
  EXPECT_FALSE(pick("fifo", state(4, running, short_one)));
}

TEST(QueueDiscipline, easyBackfillMayUseGpusTheHeadWillNotNeed) {
  // 4 free; 6 GPUs come back at 100 s, so the 6-GPU head leaves 4 spare: a long 2-GPU job fits.
  const std::vector<RunningJobView> running{{1, 100.0, 6}};
  const std::vector<WaitingJobView> queue{{2, 6, 50.0, 0}, {3, 2, 1e6, 0}};
  EXPECT_EQ(pick("easy-backfill", state(4, running, queue)), 1u);
}

TEST(QueueDiscipline, unknownNameListsTheValidOnes) {
  try {
    make_queue_discipline("lifo");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("easy-backfill"), std::string::npos) << e.what();
  }
}

TEST(QueueDiscipline, easyBackfillAsksFitsNowOnlyForJobsThatMayFitByCount) {
  // No GPU idle: the 2-GPU and the whole 1-GPU job cannot fit, so fits_now (a record lookup
  // in the simulator) is never asked for them; the half-GPU share may go onto a busy GPU.
  const std::vector<RunningJobView> running{{1, 100.0, 8}};
  const std::vector<WaitingJobView> queue{{2, 8, 50.0, 0}, {3, 2, 10.0, 0}, {4, 1, 10.0, 0}, {5, 1, 10.0, 0, 500}};
  QueueState s = state(0, running, queue);
  std::vector<std::size_t> asked;
  s.fits_now = [&](std::size_t index) {
    asked.push_back(index);
    return index == 3;
  };
  EXPECT_EQ(pick("easy-backfill", s), 3u);
  EXPECT_EQ(asked, (std::vector<std::size_t>{0, 3}));  // the head is always asked
  EXPECT_FALSE(may_fit_now(s, queue[2]));
  s.idle_gpus = 1;
  EXPECT_TRUE(may_fit_now(s, queue[2]));
  EXPECT_FALSE(may_fit_now(s, queue[1]));
}
