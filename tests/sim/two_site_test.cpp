// Small platforms built in code, checked against hand calculations. Each test runs its own
// SimGrid engine, so CTest runs each in its own process.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/results/trace_reader.hpp"
#include "aicn_test_support.hpp"

using namespace aicn;

namespace {

constexpr double kA100 = 312e12;
constexpr double kLinkBytesPerS = 100e9 / 8;  // 100 Gbps
constexpr double kLatencyS = 0.010;

std::filesystem::path test_dir() { return aicn_test::test_folder(); }

/// Two sites joined by one 100 Gbps, 10 ms link: 8 A100 in the east, 128 in the west.
sim::Scenario two_site_scenario(const std::string& jobs_csv, const std::string& compute_model) {
  const auto dir = test_dir();
  std::ofstream(dir / "jobs.csv") << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n"
                                  << jobs_csv;
  const std::string yaml = R"(name: two-site
seed: 1
horizon: 1d
drain: true
compute_model: )" + compute_model + R"(
layout:
  name: two-site
  hubs: [{name: E, side: east}, {name: W, side: west}]
  sites:
    - {name: east, hub: E, lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: 8, gpus_per_server: 8}]}
    - {name: west, hub: W, lat: 26.6, lon: 106.7, pools: [{gpu: A100-80GB, gpus: 128, gpus_per_server: 8}]}
  links:
    - {between: [east, west], bandwidth: 100Gbps, latency: 10ms}
workload: {source: aicn-csv, path: jobs.csv}
policy: local-first
)";
  std::ofstream(dir / "scenario.yaml") << yaml;
  return sim::load_scenario_file((dir / "scenario.yaml").string());
}

/// FLOPs that take `seconds` on `gpus` A100 at 50 % utilisation.
std::string flops_for(int gpus, double seconds) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", gpus * kA100 * 0.5 * seconds);
  return text;
}

std::vector<results::NamedJobRow> run(const sim::Scenario& scenario, results::Summary* summary = nullptr) {
  sim::RunOptions options;
  options.out_dir = (test_dir() / "out").string();
  const sim::RunResult result = sim::run_simulation(scenario, options);
  if (summary) *summary = result.summary;
  auto rows = results::read_job_rows(result.trace_path);
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return rows;
}

void expect_relative(double actual, double expected) {
  EXPECT_NEAR(actual, expected, std::abs(expected) * 1e-6) << "expected " << expected;
}

void check_single_transfer_then_run(const std::string& compute_model) {
  const std::string csv = "0,training,E,0,A100-80GB,64," + flops_for(64, 3600) + ",0.5,1e10\n";
  results::Summary summary;
  const auto rows = run(two_site_scenario(csv, compute_model), &summary);
  ASSERT_EQ(rows.size(), 1u);
  const auto& job = rows[0];
  EXPECT_EQ(job.site, "west");  // 64 GPUs never fit the 8-GPU east site
  const double transfer_s = kLatencyS + 1e10 / kLinkBytesPerS;  // 0.81 s
  expect_relative(job.transfer_start_s, 0.0);
  expect_relative(job.transfer_end_s, transfer_s);
  expect_relative(job.start_s, transfer_s);
  expect_relative(job.end_s, transfer_s + 3600.0);
  EXPECT_EQ(job.status, static_cast<std::uint8_t>(results::JobStatus::FINISHED));
  EXPECT_EQ(summary.jobs_finished, 1u);
  expect_relative(summary.bytes_east_to_west, 1e10);
  // 64 of 136 GPUs busy for 3600 s within a window ending at the job's end.
  expect_relative(summary.utilisation, 64 * 3600.0 / (136 * (transfer_s + 3600.0)));
}

}  // namespace

TEST(TwoSite, transferAndRunTimeMatchHandCalculationWithTimerCompute) { check_single_transfer_then_run("timer"); }

TEST(TwoSite, transferAndRunTimeMatchHandCalculationWithExecCompute) { check_single_transfer_then_run("exec"); }

TEST(TwoSite, concurrentTransfersShareTheLinkBandwidth) {
  const std::string csv = "0,training,E,0,A100-80GB,64," + flops_for(64, 3600) + ",0.5,1e10\n" +
                          "1,training,E,0,A100-80GB,64," + flops_for(64, 3600) + ",0.5,1e10\n";
  const auto rows = run(two_site_scenario(csv, "timer"));
  ASSERT_EQ(rows.size(), 2u);
  const double shared_s = kLatencyS + 1e10 / (kLinkBytesPerS / 2);  // each flow gets half: 1.61 s
  for (const auto& job : rows) {
    expect_relative(job.transfer_end_s, shared_s);
    expect_relative(job.end_s, shared_s + 3600.0);
  }
}

TEST(TwoSite, aLocalJobSkipsTheTransferAndQueuesFifo) {
  // Two 8-GPU jobs at the 8-GPU east site: the second waits for the first (strict FIFO).
  const std::string csv = "0,training,E,100,A100-80GB,8," + flops_for(8, 1000) + ",0.5,1e10\n" +
                          "1,training,E,200,A100-80GB,8," + flops_for(8, 500) + ",0.5,1e10\n";
  results::Summary summary;
  const auto rows = run(two_site_scenario(csv, "exec"), &summary);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].site, "east");
  EXPECT_TRUE(std::isnan(rows[0].transfer_start_s));
  EXPECT_EQ(rows[0].bytes_moved, 0.0);
  expect_relative(rows[0].start_s, 100.0);
  expect_relative(rows[0].end_s, 1100.0);
  expect_relative(rows[1].start_s, 1100.0);
  expect_relative(rows[1].end_s, 1600.0);
  expect_relative(summary.wait_s.mean, (0.0 + 900.0) / 2);
  EXPECT_EQ(summary.transfers, 0u);
}

TEST(TwoSite, jobsSharingOneServerKeepTheirExactRunTimesWithExecCompute) {
  // 3 + 4 GPUs on the one 8-GPU east server: each exec gets its own cores, no slowdown.
  const std::string csv = "0,training,E,100,A100-80GB,3," + flops_for(3, 1000) + ",0.5,1e10\n" +
                          "1,training,E,100,A100-80GB,4," + flops_for(4, 500) + ",0.5,1e10\n";
  const auto rows = run(two_site_scenario(csv, "exec"));
  ASSERT_EQ(rows.size(), 2u);
  expect_relative(rows[0].start_s, 100.0);
  expect_relative(rows[0].end_s, 1100.0);
  expect_relative(rows[1].start_s, 100.0);
  expect_relative(rows[1].end_s, 600.0);
}
