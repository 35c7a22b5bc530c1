// Every job class runs end to end on a two-site platform, checked against hand calculations:
// a data transfer moves bytes with no GPUs, a service holds its replicas for its lifetime,
// GPU shares pack onto one GPU, and a job may run on an alternative GPU model.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/results/trace_reader.hpp"
#include "aicn/workloads/csv_trace_reader.hpp"
#include "aicn_test_support.hpp"

using namespace aicn;

namespace {

std::filesystem::path test_dir() { return aicn_test::test_folder(); }

/// East: one server of 8 A100; west: 16 H800; one 100 Gbps, 10 ms link.
std::vector<results::NamedJobRow> run(const std::string& rows, const std::string& policy, results::Summary* summary) {
  const auto dir = test_dir();
  std::ofstream(dir / "jobs.csv") << workloads::CsvTraceReader::kHeader
                                  << ",priority,gpu_milli,alternative_gpu_models,duration_s,memory_bytes,checkpoint_bytes,"
                                     "destination_hub\n"
                                  << rows;
  std::ofstream(dir / "scenario.yaml") << R"(name: classes
horizon: 1d
drain: true
layout:
  name: two-site
  hubs: [{name: E, side: east}, {name: W, side: west}]
  sites:
    - {name: east, hub: E, lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: 8}]}
    - {name: west, hub: W, lat: 26.6, lon: 106.7, pools: [{gpu: H800, gpus: 16}]}
  links:
    - {between: [east, west], bandwidth: 100Gbps, latency: 10ms}
workload: {source: aicn-csv, path: jobs.csv}
policy: )" + policy + "\n";
  sim::RunOptions options;
  options.out_dir = (dir / "out").string();
  const auto result = sim::run_simulation(sim::load_scenario_file((dir / "scenario.yaml").string()), options);
  if (summary) *summary = result.summary;
  auto out = results::read_job_rows(result.trace_path);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

// Columns after the nine: priority,gpu_milli,alternative_gpu_models,duration_s,memory_bytes,checkpoint_bytes,destination_hub
}  // namespace

TEST(JobClassesSim, aDataTransferMovesBytesBetweenHubsWithoutGpus) {
  results::Summary summary;
  const auto rows = run("0,data-transfer,E,10,,0,0,0.45,2.5e10,0,,,0,0,0,W\n", "local-first", &summary);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].kind, "data-transfer");
  EXPECT_EQ(rows[0].site, "west");
  EXPECT_EQ(rows[0].gpus, 0);
  const double expected_s = 0.010 + 2.5e10 / (100e9 / 8);  // latency + size / bandwidth = 2.01 s
  EXPECT_NEAR(rows[0].end_s - rows[0].submit_s, expected_s, 1e-6);
  EXPECT_NEAR(rows[0].transfer_end_s, rows[0].end_s, 1e-9);
  EXPECT_DOUBLE_EQ(rows[0].bytes_moved, 2.5e10);
  EXPECT_DOUBLE_EQ(summary.bytes_east_to_west, 2.5e10);
  EXPECT_EQ(summary.jobs_finished, 1u);
  EXPECT_EQ(summary.wait_s.count, 0u);  // wait statistics cover compute jobs only
}

TEST(JobClassesSim, aServiceHoldsItsReplicasForItsLifetimeAndSharesPackOneGpu) {
  // A 6-GPU service for 2 h at the east site, then two GPU shares (0.5 and 0.4) that fit
  // together on one of the two GPUs left, then a share of 0.7 that needs the last GPU, and a
  // whole-GPU job that must wait for the service to end.
  const std::string rows = "0,serving,E,0,A100-80GB,6,1e18,0.9,0,3,,,7200,0,0,\n"
                           "1,batch-inference,E,10,A100-80GB,1,0,0.45,0,0,500,,1000,0,0,\n"
                           "2,batch-inference,E,20,A100-80GB,1,0,0.45,0,0,400,,1000,0,0,\n"
                           "3,batch-inference,E,30,A100-80GB,1,0,0.45,0,0,700,,1000,0,0,\n"
                           "4,training,E,40,A100-80GB,1,0,0.45,0,0,,,500,0,0,\n";
  const auto out = run(rows, "local-first", nullptr);
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[0].kind, "serving");
  EXPECT_DOUBLE_EQ(out[0].end_s - out[0].start_s, 7200.0);
  for (int i = 1; i <= 3; ++i) {
    EXPECT_DOUBLE_EQ(out[static_cast<std::size_t>(i)].start_s, out[static_cast<std::size_t>(i)].submit_s) << i;
    EXPECT_DOUBLE_EQ(out[static_cast<std::size_t>(i)].end_s - out[static_cast<std::size_t>(i)].start_s, 1000.0) << i;
  }
  // The whole-GPU job finds no whole free GPU (6 service + 2 shared) until the shares on
  // the first shared GPU have both left (jobs 1 and 2 end at 1010 and 1020).
  EXPECT_DOUBLE_EQ(out[4].start_s, 1020.0);
  EXPECT_DOUBLE_EQ(out[4].end_s, 1520.0);
}

TEST(JobClassesSim, builtInPoliciesPlaceOnAnAcceptedAlternativeModel) {
  // 16 A100 exist nowhere; the job also accepts H800. The built-in policies consider every
  // model the job accepts (Job::accepts), so it runs on the H800s, for its H800 run time.
  const double flops = 16 * 989e12 * 0.5 * 100;
  char line[256];
  std::snprintf(line, sizeof line, "0,training,E,0,A100-80GB,16,%.17g,0.5,0,0,,H800,0,0,0,\n", flops);
  const auto out = run(line, "least-loaded", nullptr);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].status, static_cast<std::uint8_t>(results::JobStatus::FINISHED));
  EXPECT_EQ(std::string(out[0].gpu_model), "H800");
  EXPECT_NEAR(out[0].end_s - out[0].start_s, 100.0, 1e-6);
}
