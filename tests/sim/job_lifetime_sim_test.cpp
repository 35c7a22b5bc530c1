// Engine handles die with their job: a timer or activity of a job that ended (here: left
// unfinished at the horizon) must never fire into its freed record. Under AddressSanitizer
// (-DAICN_SANITIZE=ON) the old runtime reported a heap-use-after-free in this scenario.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/results/trace_reader.hpp"

using namespace aicn;

// Job 0 runs at east from 0 s for 100.5 s, so its compute timer is due 0.5 s after the
// 100 s horizon. Job 1's 10 TB dataset (800 s alone on 100 Gbps) is still moving to west at
// the horizon, so the engine runs on briefly to settle the cancelled transfer: long enough
// for job 0's timer, had it not been removed when job 0 ended unfinished.
TEST(JobLifetime, aComputeTimerDueJustAfterTheHorizonDoesNotOutliveItsJob) {
  const auto dir = std::filesystem::temp_directory_path() / ("aicn-job-lifetime-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "jobs.csv") << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes,duration_s\n"
                                  << "0,training,E,0,A100-80GB,8,1,0.5,0,100.5\n"
                                  << "1,training,E,50,A100-80GB,64,1,0.5,1e13,600\n";
  std::ofstream(dir / "scenario.yaml") << R"(name: job-lifetime
seed: 1
horizon: 100s
layout:
  hubs: [{name: E, side: east}, {name: W, side: west}]
  sites:
    - {name: east, hub: E, lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: 8}]}
    - {name: west, hub: W, lat: 26.6, lon: 106.7, pools: [{gpu: A100-80GB, gpus: 128}]}
  links:
    - {between: [east, west], bandwidth: 100Gbps, latency: 10ms}
workload: {source: aicn-csv, path: jobs.csv}
policy: local-first
)";
  sim::RunOptions options;
  options.out_dir = (dir / "out").string();
  const sim::RunResult result = sim::run_simulation(sim::load_scenario_file((dir / "scenario.yaml").string()), options);
  EXPECT_EQ(result.summary.jobs_unfinished, 2u);
  EXPECT_EQ(result.summary.jobs_finished, 0u);
  const auto rows = results::read_job_rows(result.trace_path);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_DOUBLE_EQ(rows[0].start_s, 0.0);
  EXPECT_TRUE(std::isnan(rows[0].end_s));
}
