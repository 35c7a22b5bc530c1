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
