// The bytes a link carries per sample interval, against hand calculations. Two sites joined by
// one 100 Gbps (12.5 GB/s), 10 ms link; samples every second. A transfer pays the latency
// first and moves nothing then (CM02: latency + size / bandwidth), so a sample interval holds
// exactly the bytes moved inside it. SimGrid's link-load plugin, which AICN used before, charged
// a link its newest rate for the whole time since its previous update, so it gave the first
// interval 12.5 GB/s x 0.5 s, latency included (6.25e9 instead of 6.125e9 below).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "aicn/results/trace_reader.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn_test_support.hpp"

using namespace aicn;

namespace {

constexpr double kA100 = 312e12;
constexpr double kLinkBytesPerS = 100e9 / 8;

std::filesystem::path test_dir() { return aicn_test::test_folder(); }

/// A job line of 64 GPUs for 10 s of compute, its dataset from the east hub.
std::string job_line(int id, double submit_s, double dataset_bytes) {
  char line[256];
  std::snprintf(line, sizeof line, "%d,training,E,%.17g,A100-80GB,64,%.17g,0.5,%.17g\n", id, submit_s,
                64 * kA100 * 0.5 * 10.0, dataset_bytes);
  return line;
}

/// Bytes on the east -> west direction per sample interval, by the interval's end time.
std::map<double, double> east_to_west_bytes(const std::string& jobs_csv) {
  const auto dir = test_dir();
  std::ofstream(dir / "jobs.csv") << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n"
                                  << jobs_csv;
  std::ofstream(dir / "scenario.yaml") << R"(name: link-bytes
seed: 1
horizon: 20s
sample_interval: 1s
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
  sim::RunOptions options;
  options.out_dir = (dir / "out").string();
  const sim::RunResult result = sim::run_simulation(sim::load_scenario_file((dir / "scenario.yaml").string()), options);
  std::map<double, double> bytes;
  for (const auto& row : results::read_filled_link_samples(result.trace_path)) {
    EXPECT_EQ(row.link, 0);
    if (row.direction == 0) bytes[row.time_s] = row.bytes;
    else EXPECT_EQ(row.bytes, 0.0) << "west -> east carried bytes at " << row.time_s;
  }
  return bytes;
}

void expect_bytes(const std::map<double, double>& bytes, double interval_end_s, double expected) {
  const auto found = bytes.find(interval_end_s);
  ASSERT_NE(found, bytes.end()) << "no sample at " << interval_end_s << " s";
  EXPECT_NEAR(found->second, expected, 1.0) << "interval ending at " << interval_end_s << " s";
}

}  // namespace

TEST(LinkBytesSim, aTransferSpanningThreeIntervalsIsSplitByItsRateAfterTheLatency) {
  // 25e9 B sent at 0.5 s: latency until 0.51 s, then 12.5e9 B/s until 2.51 s.
  const auto bytes = east_to_west_bytes(job_line(0, 0.5, 25e9));
  expect_bytes(bytes, 1.0, kLinkBytesPerS * 0.49);  // 6.125e9
  expect_bytes(bytes, 2.0, kLinkBytesPerS * 1.0);
  expect_bytes(bytes, 3.0, kLinkBytesPerS * 0.51);
  expect_bytes(bytes, 4.0, 0.0);
}

TEST(LinkBytesSim, twoTransfersSharingTheLinkAddUpIntervalByInterval) {
  // Job 0: 25e9 B at 0.5 s, alone at full rate from 0.51 s: 12.5e9 B moved by 1.51 s.
  // Job 1: 12.5e9 B at 1.5 s, in its latency until 1.51 s (job 0 keeps the whole link), then
  // both flows get half (6.25e9 B/s): each has 12.5e9 B left, both end at 3.51 s.
  const auto bytes = east_to_west_bytes(job_line(0, 0.5, 25e9) + job_line(1, 1.5, 12.5e9));
  expect_bytes(bytes, 1.0, kLinkBytesPerS * 0.49);
  expect_bytes(bytes, 2.0, kLinkBytesPerS * 1.0);  // 0.51 s of job 0 alone + 0.49 s of both at half each
  expect_bytes(bytes, 3.0, kLinkBytesPerS * 1.0);
  expect_bytes(bytes, 4.0, kLinkBytesPerS * 0.51);
  double total = 0.0;
  for (const auto& [time_s, b] : bytes) total += b;
  EXPECT_NEAR(total, 37.5e9, 1.0);
}
