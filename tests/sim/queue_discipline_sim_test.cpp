// The queue discipline hook in the runtime: one 8-GPU site, jobs from a CSV, start times
// checked by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/results/trace_reader.hpp"

using namespace aicn;

namespace {

/// FLOPs that take `seconds` on `gpus` A100 at utilisation 0.5.
std::string flops_for(int gpus, double seconds) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", gpus * 312e12 * 0.5 * seconds);
  return text;
}

/// Job 0: 6 GPUs for 1000 s at t=0. Job 1: 8 GPUs for `wide_s` at t=1 (must wait for job 0).
/// Job 2: 2 GPUs for 500 s at t=2. Job 3: 2 GPUs for 2000 s at t=3.
std::vector<results::NamedJobRow> run_with(const std::string& queue, double wide_s = 100.0) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto dir = std::filesystem::temp_directory_path() / ("aicn-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "jobs.csv") << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n"
                                  << "0,training,E,0,A100-80GB,6," << flops_for(6, 1000) << ",0.5,0\n"
                                  << "1,training,E,1,A100-80GB,8," << flops_for(8, wide_s) << ",0.5,0\n"
                                  << "2,training,E,2,A100-80GB,2," << flops_for(2, 500) << ",0.5,0\n"
                                  << "3,training,E,3,A100-80GB,2," << flops_for(2, 2000) << ",0.5,0\n";
  std::ofstream(dir / "scenario.yaml") << "name: queue\nhorizon: 1d\ndrain: true\nqueue: " << queue << R"(
layout:
  name: one-site
  hubs: [{name: E, side: east}]
  sites: [{name: east, hub: E, lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: 8}]}]
  links: []
workload: {source: aicn-csv, path: jobs.csv}
)";
  sim::RunOptions options;
  options.out_dir = (dir / "out").string();
  const auto result = sim::run_simulation(sim::load_scenario_file((dir / "scenario.yaml").string()), options);
  auto rows = results::read_job_rows(result.trace_path);
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  std::filesystem::remove_all(dir);
  return rows;
}

}  // namespace

TEST(QueueDisciplineInRuntime, fifoMakesEveryJobWaitBehindTheWideHead) {
  const auto rows = run_with("fifo");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_NEAR(rows[1].start_s, 1000.0, 1e-6);
  EXPECT_NEAR(rows[2].start_s, 1100.0, 1e-6);  // behind job 1, although 2 GPUs were free at once
  EXPECT_NEAR(rows[3].start_s, 1100.0, 1e-6);
}

TEST(QueueDisciplineInRuntime, easyBackfillStartsAShortJobThatDoesNotDelayTheHead) {
  const auto rows = run_with("easy-backfill");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_NEAR(rows[2].start_s, 2.0, 1e-6);     // ends at 502, before the head's reservation at 1000
  EXPECT_NEAR(rows[1].start_s, 1000.0, 1e-6);  // the head is not delayed
  EXPECT_NEAR(rows[3].start_s, 1100.0, 1e-6);  // would run past 1000 on GPUs the head needs
}

TEST(QueueDisciplineInRuntime, shortestJobFirstRunsTheShortQueuedJobsFirst) {
  // The wide job 1 now runs 3000 s: the longest in the queue, so it goes last.
  const auto rows = run_with("sjf", 3000.0);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_NEAR(rows[2].start_s, 2.0, 1e-6);     // 500 s < 3000 s, and 2 GPUs are free
  EXPECT_NEAR(rows[3].start_s, 502.0, 1e-6);   // 2000 s < 3000 s, once job 2 frees its GPUs
  EXPECT_NEAR(rows[1].start_s, 2502.0, 1e-6);  // all 8 GPUs free when job 3 ends
}

TEST(QueueDisciplineInRuntime, fifoKeepsArrivalOrderWhenTheWideJobIsLong) {
  const auto rows = run_with("fifo", 3000.0);  // the same jobs as the sjf test, for contrast
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_NEAR(rows[1].start_s, 1000.0, 1e-6);
  EXPECT_NEAR(rows[2].start_s, 4000.0, 1e-6);
}
