// A site outage during a run: the job running there loses the work since its last
// checkpoint and goes back to the dispatcher, which places it elsewhere; /events and the
// summary record what happened.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/results/trace_reader.hpp"
#include "aicn_test_support.hpp"

using namespace aicn;

namespace {

std::filesystem::path test_dir() { return aicn_test::test_folder(); }

/// east (8 A100) -- 100 Gbps, 10 ms -- west (128 A100); east -- 100 Gbps, 8 ms -- mid (64
/// A100); mid -- 50 Gbps, 6 ms -- west. One 64-GPU, one-hour job with a 10 GB dataset: it
/// goes to west (most free GPUs); mid is where it can go when west is down.
/// `job_checkpoint_s` > 0 gives the job its own checkpoint interval (CSV column
/// checkpoint_interval_s), which takes precedence over the scenario's.
sim::Scenario scenario_with(const std::string& compute_model, const std::string& outages, double job_checkpoint_s = 0) {
  const auto dir = test_dir();
  char flops[64];
  std::snprintf(flops, sizeof flops, "%.17g", 64 * 312e12 * 0.5 * 3600);
  std::ofstream csv(dir / "jobs.csv");
  csv << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes"
      << (job_checkpoint_s > 0 ? ",checkpoint_interval_s\n" : "\n")
      << "0,training,E,0,A100-80GB,64," << flops << ",0.5,1e10";
  if (job_checkpoint_s > 0) csv << "," << job_checkpoint_s;
  csv << "\n";
  csv.close();
  std::ofstream(dir / "scenario.yaml") << "name: site-outage\nseed: 1\nhorizon: 1d\ndrain: true\ncompute_model: "
                                       << compute_model << "\ncheckpoint_interval: 1000s\n"
                                       << aicn_test::east_mid_west_layout(8, 64, 128)
                                       << "workload: {source: aicn-csv, path: jobs.csv}\npolicy: local-first\noutages:\n"
                                       << outages;
  return sim::load_scenario_file((dir / "scenario.yaml").string());
}

void expect_relative(double actual, double expected) {
  EXPECT_NEAR(actual, expected, expected * 1e-6) << "expected " << expected;
}

void check_interrupted_job_loses_only_the_work_since_its_checkpoint(const std::string& compute_model) {
  // The job starts at 0.81 s (10 GB over the direct link); west fails 2,500 s into the run:
  // checkpoints at 1,000 and 2,000 s keep 2,000 s of work, 500 s are lost.
  const sim::Scenario scenario = scenario_with(compute_model, "  - {at: 2500810ms, site_down: west, for: 1h}\n");
  sim::RunOptions options;
  options.out_dir = (test_dir() / "out").string();
  const sim::RunResult result = sim::run_simulation(scenario, options);
  const auto jobs = results::read_job_rows(result.trace_path);
  const auto events = results::read_event_rows(result.trace_path);

  ASSERT_EQ(jobs.size(), 1u);
  const auto& job = jobs[0];
  EXPECT_EQ(job.site, "mid");
  const double down_s = 2500.81;
  const double move_to_mid_s = 0.008 + 1e10 / (100e9 / 8);  // east -> mid, 0.808 s
  expect_relative(job.transfer_end_s, down_s + move_to_mid_s);
  expect_relative(job.start_s, down_s + move_to_mid_s);
  expect_relative(job.end_s, down_s + move_to_mid_s + (3600.0 - 2000.0));
  EXPECT_EQ(job.status, static_cast<std::uint8_t>(results::JobStatus::FINISHED));

  std::vector<std::string> kinds;
  for (const auto& event : events) kinds.emplace_back(event.kind);
  EXPECT_EQ(kinds, std::vector<std::string>({"site_down", "job_interrupted", "job_resubmitted", "site_up"}));
  EXPECT_EQ(events[0].subject, "west");
  EXPECT_NE(std::string(events[1].detail).find("kept 2000 s"), std::string::npos) << events[1].detail;
  EXPECT_NE(std::string(events[1].detail).find("lost 500 s"), std::string::npos) << events[1].detail;
  expect_relative(events[3].time_s, down_s + 3600.0);

  EXPECT_EQ(result.summary.jobs_interrupted, 1u);
  EXPECT_EQ(result.summary.jobs_resubmitted, 1u);
  EXPECT_NEAR(result.summary.work_lost_gpu_s, 500.0 * 64, 1e-3);
  EXPECT_EQ(result.summary.outage_events, 2u);  // site down, site up; its links are not extra events
  EXPECT_EQ(result.summary.jobs_finished, 1u);
}

}  // namespace

TEST(SiteOutageSim, anInterruptedJobLosesOnlyTheWorkSinceItsCheckpointWithTimerCompute) {
  check_interrupted_job_loses_only_the_work_since_its_checkpoint("timer");
}

TEST(SiteOutageSim, anInterruptedJobLosesOnlyTheWorkSinceItsCheckpointWithExecCompute) {
  check_interrupted_job_loses_only_the_work_since_its_checkpoint("exec");
}

TEST(SiteOutageSim, aTransferToASiteThatGoesDownIsResubmitted) {
  // West fails 0.41 s in, mid-transfer: the dataset is sent to mid instead.
  const sim::Scenario scenario = scenario_with("timer", "  - {at: 410ms, site_down: west}\n");
  sim::RunOptions options;
  options.out_dir = (test_dir() / "out").string();
  const sim::RunResult result = sim::run_simulation(scenario, options);
  const auto jobs = results::read_job_rows(result.trace_path);
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].site, "mid");
  expect_relative(jobs[0].transfer_end_s, 0.41 + 0.008 + 1e10 / (100e9 / 8));
  EXPECT_EQ(result.summary.jobs_interrupted, 0u);
  EXPECT_EQ(result.summary.jobs_resubmitted, 1u);
}

TEST(SiteOutageSim, aJobsOwnCheckpointIntervalDecidesTheWorkLost) {
  // Same outage 2,500 s into the run, but the job checkpoints every 600 s (the scenario says
  // 1,000 s): checkpoints at 600 ... 2,400 s keep 2,400 s of work, 100 s are lost.
  const sim::Scenario scenario = scenario_with("timer", "  - {at: 2500810ms, site_down: west, for: 1h}\n", 600.0);
  sim::RunOptions options;
  options.out_dir = (test_dir() / "out").string();
  const sim::RunResult result = sim::run_simulation(scenario, options);
  const auto jobs = results::read_job_rows(result.trace_path);
  ASSERT_EQ(jobs.size(), 1u);
  const double restart_s = 2500.81 + 0.008 + 1e10 / (100e9 / 8);
  expect_relative(jobs[0].end_s, restart_s + (3600.0 - 2400.0));
  EXPECT_NEAR(result.summary.work_lost_gpu_s, 100.0 * 64, 1e-3);
}

TEST(SiteOutageSim, aJobOnlyADownSiteCouldHoldIsHeldUntilTheRepairNotRejected) {
  // mid and west (the only sites with 64 GPUs) are down from the start; west is back at 2 h.
  const sim::Scenario scenario = scenario_with(
      "timer", "  - {at: 0s, site_down: mid}\n  - {at: 0s, site_down: west}\n  - {at: 2h, site_up: west}\n");
  sim::RunOptions options;
  options.out_dir = (test_dir() / "out").string();
  const sim::RunResult result = sim::run_simulation(scenario, options);
  EXPECT_EQ(result.summary.jobs_rejected, 0u);
  ASSERT_EQ(result.summary.jobs_finished, 1u);
  const auto rows = results::read_job_rows(result.trace_path);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(std::string(rows[0].site), "west");
  EXPECT_GE(rows[0].transfer_start_s, 7200.0) << "placed when west came back";
}
