// ProgressObserver counts events and offers the line an update every 1024 of them.
#include <gtest/gtest.h>

#include "aicn/results/progress_observer.hpp"

using namespace aicn::results;

TEST(ProgressObserver, updatesEvery1024EventsWithJobsDoneAndSubmitted) {
  ProgressObserver progress(3600.0);
  for (int i = 0; i < 1023; ++i) progress.job_submitted(1.0, {});
  EXPECT_EQ(progress.updates(), 0u);
  progress.job_ended(2.0, {}, JobStatus::FINISHED, "");
  EXPECT_EQ(progress.events(), 1024u);
  EXPECT_EQ(progress.updates(), 1u);
  progress.job_ended(3.0, {}, JobStatus::REJECTED, "r");
  progress.job_ended(3.0, {}, JobStatus::FAILED, "f");
  progress.job_ended(3.0, {}, JobStatus::UNFINISHED, "");  // the run ended: not done
  EXPECT_EQ(progress.jobs_done(), 3u);
  EXPECT_EQ(progress.jobs_submitted(), 1023u);
  for (int i = 0; i < 1024 - 3; ++i) progress.sample(4.0, {}, {});
  EXPECT_EQ(progress.updates(), 2u);
  progress.run_ended(5.0);
}

TEST(ProgressLine, thePercentIsTheLargerOfTimeAndJobsThenJobsDoneWithAnEstimateOfTimeLeft) {
  // Half the 30-day horizon in 10 s of wall time: 10 s more at that rate.
  const ProgressLine by_time(30 * 86400.0);
  EXPECT_EQ(by_time.text({15 * 86400.0, 10, 20, 1000000, 10.0}),
            "[aicn] 50.0 % | simulated 15d 00:00:00 of 30d 00:00:00 | jobs 10 done of 20 submitted | 100k events/s | "
            "about 10 s left");
  // 3 of 30 days (10 %) but 40 of at most 100 jobs (40 %): the jobs end the arrivals first.
  // 4 s for 40 %: 6 s for the other 60 %.
  const ProgressLine by_jobs(30 * 86400.0, 100);
  EXPECT_DOUBLE_EQ(by_jobs.fraction({3 * 86400.0, 0, 40, 0, 4.0}), 0.4);
  EXPECT_EQ(by_jobs.text({3 * 86400.0, 5, 40, 8000, 4.0}),
            "[aicn] 40.0 % | simulated 3d 00:00:00 of 30d 00:00:00 | jobs 5 done of 40 submitted (max 100) | 2k events/s | "
            "about 6 s left");
  // Past the horizon of a drained run: 30 of the 40 jobs submitted are done.
  const ProgressLine drained(86400.0);
  EXPECT_EQ(drained.text({2 * 86400.0, 30, 40, 0, 0.0}),
            "[aicn] 75.0 % | simulated 2d 00:00:00 (arrivals over) | jobs 30 done of 40 submitted");
  // Nothing bounds the run: no percent, no estimate.
  const ProgressLine unbounded(0.0);
  EXPECT_LT(unbounded.fraction({5.0, 1, 2, 3, 1.0}), 0.0);
  EXPECT_EQ(unbounded.text({5.0, 1, 2, 3000, 1.0}), "[aicn] simulated 5 s | jobs 1 done of 2 submitted | 3k events/s");
}
