// SummaryCollector on a hand-written sequence of events: every figure of the summary is
// derived from them, and the job counts must add up.
#include <gtest/gtest.h>

#include <stdexcept>

#include "aicn/results/summary_collector.hpp"
#include "observer_test_layout.hpp"

using namespace aicn;
using results::JobSnapshot;
using results::JobStatus;
using results::OutageKind;

namespace {

JobSnapshot at(const workloads::Job& job, int site, int pool = 0) {
  JobSnapshot s;
  s.job = &job;
  s.site = site;
  s.pool = pool;
  s.gpu_model = job.gpu_model;
  return s;
}

results::RunInfo info() { return {"hand-made", "local-first", 7, "timer", 200.0}; }

}  // namespace

TEST(SummaryCollector, derivesEveryFigureFromTheEvents) {
  const auto layout = observer_test::two_site_layout();
  results::SummaryCollector collector(info(), layout);
  using workloads::JobKind;
  // 1: 4 GPUs, data moved a -> b (east to west, rerouted once), runs at b 50..150.
  const auto j1 = observer_test::job(1, 0.0, 4);
  // 2: 8 GPUs at a from 5; a goes down at 100 (30 s lost on 8 GPUs), restarts at b, unfinished.
  const auto j2 = observer_test::job(2, 5.0, 8);
  // 3 and 4: rejected for the same reason (3 after an invalid decision).
  const auto j3 = observer_test::job(3, 30.0, 64);
  const auto j4 = observer_test::job(4, 35.0, 64);
  // 5: bulk data a -> b, its transfer fails; 6: bulk data b -> a (west to east), arrives.
  const auto j5 = observer_test::job(5, 60.0, 0, 0, JobKind::DATA_TRANSFER);
  const auto j6 = observer_test::job(6, 70.0, 0, 1, JobKind::DATA_TRANSFER);

  collector.job_submitted(0.0, at(j1, -1));
  collector.job_submitted(5.0, at(j2, -1));
  collector.job_started(5.0, at(j2, 0));
  collector.pool_busy_changed(5.0, 0, 0, 8);
  collector.job_placed(10.0, at(j1, 1));
  collector.transfer_started(10.0, at(j1, 1), 0, 1, 1e9);
  collector.transfer_rerouted(20.0, at(j1, 1), "a--b", "resumed");
  collector.job_submitted(30.0, at(j3, -1));
  collector.decision_invalid(30.0, at(j3, -1), "no pool that large");
  collector.job_ended(30.0, at(j3, -1), JobStatus::REJECTED, "too big");
  collector.job_submitted(35.0, at(j4, -1));
  collector.job_ended(35.0, at(j4, -1), JobStatus::REJECTED, "too big");
  collector.transfer_ended(40.0, at(j1, 1), 0, 1, 1e9);
  auto j1_running = at(j1, 1);
  j1_running.start_s = 50.0;
  collector.job_started(50.0, j1_running);
  collector.pool_busy_changed(50.0, 1, 0, 4);
  collector.job_submitted(60.0, at(j5, 1, -1));
  collector.transfer_started(60.0, at(j5, 1, -1), 0, 1, 5e9);
  collector.job_submitted(70.0, at(j6, 0, -1));
  collector.transfer_ended(90.0, at(j6, 0, -1), 1, 0, 2e9);
  collector.job_ended(90.0, at(j6, 0, -1), JobStatus::FINISHED, "");
  collector.outage(100.0, OutageKind::SITE_DOWN, "a", "scheduled outage");
  collector.job_interrupted(100.0, at(j2, 0), 8 * 30.0, "lost 30 s");
  collector.pool_busy_changed(100.0, 0, 0, 0);
  collector.job_resubmitted(100.0, at(j2, 0), "site a went down");
  collector.job_started(100.0, at(j2, 1));
  collector.pool_busy_changed(100.0, 1, 0, 12);
  collector.outage(110.0, OutageKind::LINK_DOWN, "a--b", "scheduled outage");
  collector.transfer_failed(110.0, at(j5, 1, -1), "a--b", "no route left");
  collector.job_ended(110.0, at(j5, 1, -1), JobStatus::FAILED, "no route left");
  collector.job_ended(150.0, j1_running, JobStatus::FINISHED, "");
  collector.pool_busy_changed(150.0, 1, 0, 8);
  collector.outage(180.0, OutageKind::SITE_UP, "a", "repaired");
  collector.job_ended(200.0, at(j2, 1), JobStatus::UNFINISHED, "");

  const auto s = collector.summary(200.0, {});
  EXPECT_EQ(s.scenario, "hand-made");
  EXPECT_EQ(s.layout, "pair");
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.jobs_submitted, 6u);
  EXPECT_EQ(s.jobs_finished, 2u);
  EXPECT_EQ(s.jobs_rejected, 2u);
  EXPECT_EQ(s.jobs_failed, 1u);
  EXPECT_EQ(s.jobs_unfinished, 1u);
  EXPECT_EQ(s.invalid_decisions, 1u);
  ASSERT_EQ(s.rejection_reasons.size(), 1u);
  EXPECT_EQ(s.rejection_reasons.at("too big"), 2u);
  // Only job 1 is a finished compute job: wait 50 - 0, completion 150 - 0.
  EXPECT_EQ(s.wait_s.count, 1u);
  EXPECT_DOUBLE_EQ(s.wait_s.mean, 50.0);
  EXPECT_DOUBLE_EQ(s.completion_s.max, 150.0);
  ASSERT_EQ(s.sites.size(), 2u);
  // a: 8 GPUs over [5, 100]; b: 4 over [50, 100], 12 over [100, 150], 8 over [150, 200].
  EXPECT_DOUBLE_EQ(s.sites[0].busy_gpu_s, 8 * 95.0);
  EXPECT_DOUBLE_EQ(s.sites[1].busy_gpu_s, 4 * 50.0 + 12 * 50.0 + 8 * 50.0);
  EXPECT_DOUBLE_EQ(s.sites[0].utilisation, 760.0 / (8 * 200.0));
  EXPECT_DOUBLE_EQ(s.sites[1].utilisation, 1200.0 / (16 * 200.0));
  EXPECT_DOUBLE_EQ(s.utilisation, 1960.0 / (24 * 200.0));
  EXPECT_EQ(s.sites[0].jobs_started, 1u);
  EXPECT_EQ(s.sites[1].jobs_started, 2u);  // job 1, and job 2 again after the outage
  EXPECT_EQ(s.sites[1].side, "west");
  EXPECT_EQ(s.transfers, 2u);
  EXPECT_DOUBLE_EQ(s.bytes_moved, 3e9);
  EXPECT_DOUBLE_EQ(s.bytes_east_to_west, 1e9);  // job 6 went west to east
  EXPECT_EQ(s.outage_events, 3u);
  EXPECT_EQ(s.transfers_rerouted, 1u);
  EXPECT_EQ(s.transfers_failed, 1u);
  EXPECT_EQ(s.jobs_interrupted, 1u);
  EXPECT_EQ(s.jobs_resubmitted, 1u);
  EXPECT_DOUBLE_EQ(s.work_lost_gpu_s, 240.0);
}

TEST(SummaryCollector, busyIntervalsStillOpenCloseAtTheEndOfTheWindow) {
  const auto layout = observer_test::two_site_layout();
  results::SummaryCollector collector(info(), layout);
  collector.pool_busy_changed(40.0, 1, 0, 16);
  EXPECT_DOUBLE_EQ(collector.summary(100.0, {}).sites[1].busy_gpu_s, 16 * 60.0);
  // A later window sees more of the same open interval: summary() changes nothing.
  EXPECT_DOUBLE_EQ(collector.summary(140.0, {}).sites[1].busy_gpu_s, 16 * 100.0);
}

TEST(SummaryCollector, aJobThatNeverEndedMakesTheCountsFailToAddUp) {
  const auto layout = observer_test::two_site_layout();
  results::SummaryCollector collector(info(), layout);
  const auto j = observer_test::job(1, 0.0, 1);
  collector.job_submitted(0.0, at(j, -1));
  EXPECT_THROW(collector.summary(10.0, {}), std::logic_error);
  collector.job_ended(10.0, at(j, -1), JobStatus::UNFINISHED, "");
  EXPECT_NO_THROW(collector.summary(10.0, {}));
}

TEST(Summary, failedJobsStandBesideTheOtherJobCounts) {
  results::Summary s;
  s.jobs_submitted = 5;
  s.jobs_finished = 1;
  s.jobs_rejected = 1;
  s.jobs_failed = 2;
  s.jobs_unfinished = 1;
  const auto json = s.to_json();
  EXPECT_EQ(json["jobs"]["failed"], 2);
  const auto& jobs = json["jobs"];
  EXPECT_EQ(jobs["submitted"].get<int>(),
            jobs["finished"].get<int>() + jobs["rejected"].get<int>() + jobs["failed"].get<int>() +
                jobs["unfinished"].get<int>());
  EXPECT_NE(s.to_table().find("failed 2"), std::string::npos) << s.to_table();
}

TEST(SummaryCollector, theActivePartOfTheWindowEndsAtTheLastSubmissionOrBusyGpu) {
  const auto layout = observer_test::two_site_layout();
  results::SummaryCollector collector(info(), layout);
  const auto job = observer_test::job(1, 10.0, 16);
  collector.job_submitted(10.0, at(job, -1));
  collector.pool_busy_changed(20.0, 1, 0, 16);
  collector.pool_busy_changed(80.0, 1, 0, 0);
  collector.job_ended(80.0, at(job, 1), JobStatus::FINISHED, "");
  // Busy 20..80 on 16 GPUs, nothing after 80 of a 1000 s window: 92 % of it idle.
  const auto idle = collector.summary(1000.0, {});
  EXPECT_DOUBLE_EQ(idle.active_until_s, 80.0);
  const std::string warning = idle.idle_tail_warning();
  EXPECT_NE(warning.find("nothing ran after 00:01:20, yet the run measured until 00:16:40: the idle 92 % of the window"),
            std::string::npos)
      << warning;
  // The same busy GPU-seconds over the active 80 s: utilisation x 1000 / 80.
  char active[32];
  std::snprintf(active, sizeof active, "or %.1f %% over the active", 100.0 * idle.utilisation * 1000.0 / 80.0);
  EXPECT_NE(warning.find(active), std::string::npos) << warning;
  // A window of 90 s has 10 s idle (11 %): no warning.
  EXPECT_EQ(collector.summary(90.0, {}).idle_tail_warning(), "");
  // GPUs still busy at the end: active to the end.
  collector.pool_busy_changed(900.0, 0, 0, 8);
  EXPECT_DOUBLE_EQ(collector.summary(1000.0, {}).active_until_s, 1000.0);
}

// The censored wait over hand-made jobs, end of the window at 100 s:
//   1 finished      submit 0,  start 10  -> 10
//   2 unfinished    submit 5,  start 20  -> 15 (started: its own wait, not censored)
//   3 never started submit 30            -> 100 - 30 = 70 (censored)
//   4 failed        submit 40, never started -> 60 (censored)
//   5 rejected, 6 a data transfer: left out.
// Waits 10, 15, 60, 70: mean 38.75, nearest-rank p50 = 2nd = 15, p95 = 4th = 70; 2 censored.
// The finished-only wait is 10.
TEST(SummaryCollector, censoredWaitCountsEveryNotRejectedComputeJob) {
  const auto layout = observer_test::two_site_layout();
  results::SummaryCollector collector(info(), layout);
  const auto j1 = observer_test::job(1, 0.0, 4);
  const auto j2 = observer_test::job(2, 5.0, 4);
  const auto j3 = observer_test::job(3, 30.0, 4);
  const auto j4 = observer_test::job(4, 40.0, 4);
  const auto j5 = observer_test::job(5, 50.0, 64);
  const auto j6 = observer_test::job(6, 60.0, 0, 0, workloads::JobKind::DATA_TRANSFER);
  for (const auto* j : {&j1, &j2, &j3, &j4, &j5, &j6}) collector.job_submitted(j->submit_s, at(*j, -1));
  auto started = [](JobSnapshot s, double start_s) {
    s.start_s = start_s;
    return s;
  };
  collector.job_ended(50.0, at(j5, -1), JobStatus::REJECTED, "too big");
  collector.job_ended(80.0, started(at(j1, 0), 10.0), JobStatus::FINISHED, "");
  collector.job_ended(90.0, started(at(j6, 1), 60.0), JobStatus::FINISHED, "");
  collector.job_ended(95.0, at(j4, 0), JobStatus::FAILED, "data lost");
  collector.job_ended(100.0, started(at(j2, 0), 20.0), JobStatus::UNFINISHED, "");
  collector.job_ended(100.0, at(j3, -1), JobStatus::UNFINISHED, "");
  const auto summary = collector.summary(100.0, {});
  EXPECT_EQ(summary.wait_s.count, 1u);
  EXPECT_DOUBLE_EQ(summary.wait_s.mean, 10.0);
  EXPECT_EQ(summary.wait_censored_s.count, 4u);
  EXPECT_EQ(summary.wait_censored_jobs, 2u);
  EXPECT_DOUBLE_EQ(summary.wait_censored_s.mean, 38.75);
  EXPECT_DOUBLE_EQ(summary.wait_censored_s.p50, 15.0);
  EXPECT_DOUBLE_EQ(summary.wait_censored_s.p95, 70.0);
  EXPECT_DOUBLE_EQ(summary.wait_censored_s.max, 70.0);
  const auto json = summary.to_json();
  EXPECT_EQ(json["wait_censored_s"]["censored"], 2);
  EXPECT_DOUBLE_EQ(json["wait_censored_s"]["mean"].get<double>(), 38.75);
}
