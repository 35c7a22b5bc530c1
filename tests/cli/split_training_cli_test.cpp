// Split training through the aicn binary, where two runs are compared (one SimGrid engine per
// process): the built-in split-when-needed policy splits a 128-GPU job over two sites of 64
// A100 joined by 100 Gbps and 10 ms (the hand calculation of tests/sim/split_training_sim_test:
// 100 steps of c + 0.215 s, c = 6e15 / (128 x 312e12 x 0.5) = 0.30048 s).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "aicn/results/trace_reader.hpp"
#include "aicn_test_support.hpp"

using aicn_test::run_aicn;

namespace {

constexpr double kCompute = 6e15 / (128 * 312e12 * 0.5);

std::filesystem::path write_scenario(const std::string& extra_rows) {
  const auto dir = aicn_test::test_folder();
  std::ofstream(dir / "jobs.csv")
      << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes,checkpoint_bytes,destination_hub\n"
      << "0,training,E,0,A100-80GB,128,6e17,0.5,0,14e9,\n"
      << extra_rows;
  std::ofstream(dir / "scenario.yaml") << R"(name: split-cli
horizon: 1d
drain: true
cross_site: {tokens_per_step: 1e6, gpus_per_replica: 8, fabric_bandwidth: 100Gbps, fabric_latency: 0s}
layout:
  name: two-site
  hubs: [{name: E, side: east}, {name: W, side: west}]
  sites:
    - {name: a, hub: E, lat: 40.8, lon: 115.0, pools: [{gpu: A100-80GB, gpus: 64, gpus_per_server: 8}]}
    - {name: b, hub: W, lat: 40.4, lon: 111.8, pools: [{gpu: A100-80GB, gpus: 64, gpus_per_server: 8}]}
  links:
    - {between: [a, b], bandwidth: 100Gbps, latency: 10ms}
workload: {source: aicn-csv, path: jobs.csv}
policy: split-when-needed
)";
  return dir;
}

/// Runs the scenario with `settings` (--set options) into `name`; returns its summary.
nlohmann::json run_split(const std::filesystem::path& dir, const std::string& name, const std::string& settings) {
  const auto out = dir / name;
  const auto outcome = run_aicn("run " + (dir / "scenario.yaml").string() + " --quiet --force --out " + out.string() +
                                " " + settings);
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  return nlohmann::json::parse(std::ifstream(out / "summary.json"));
}

}  // namespace

TEST(SplitTrainingCli, splitWhenNeededSplitsAJobNoPoolHoldsAndReportsIt) {
  const auto dir = write_scenario("");
  const nlohmann::json summary = run_split(dir, "idle", "--set cross_site.aggregation_rounds=1");
  ASSERT_TRUE(summary.contains("cross_site")) << summary.dump(1);
  EXPECT_EQ(summary["cross_site"]["jobs"], 1);
  EXPECT_NEAR(summary["cross_site"]["wan_bytes"].get<double>(), 4e11, 1.0);
  EXPECT_NEAR(summary["completion_s"]["max"].get<double>(), 100 * (kCompute + 0.215), 1e-6);
  bool found = false;
  for (const auto& row : aicn::results::read_event_rows((dir / "idle" / "trace.h5").string()))
    if (row.kind == "split_training_ended") {
      found = true;
      EXPECT_EQ(row.subject, "a");
      EXPECT_NE(row.detail.find("parts=2 scheme=sync-dp steps=100 "), std::string::npos) << row.detail;
      EXPECT_NE(row.detail.find("wan_bytes=400000000000 "), std::string::npos) << row.detail;
      const auto at = row.detail.find("sync_wait_gpu_s=");
      ASSERT_NE(at, std::string::npos) << row.detail;
      EXPECT_NEAR(std::stod(row.detail.substr(at + 16)), 100 * 0.215 * 128, 1e-4) << row.detail;  // GPU-s waiting
    }
  EXPECT_TRUE(found) << "no split_training_ended event in the trace";
}

TEST(SplitTrainingCli, aggregatedRoundsStayWithinTheStatedErrorUnderContention) {
  // A 2e11 B transfer a -> b from 10 s (about 16 s at full rate, longer while shared) contends
  // with part of the run. Chunks of floor(0.05 x 100) = 5 rounds must end within 5 % of the
  // round-by-round run.
  const auto dir = write_scenario("1,data-transfer,E,10,,0,0,0.5,2e11,0,W\n");
  const nlohmann::json per_round = run_split(dir, "m1", "--set cross_site.aggregation_rounds=1");
  const nlohmann::json chunked = run_split(dir, "m5", "--set cross_site.aggregation_error=0.05");
  const double t1 = per_round["completion_s"]["max"].get<double>();
  const double t5 = chunked["completion_s"]["max"].get<double>();
  EXPECT_GT(t1, 100 * (kCompute + 0.215) + 1.0) << "the rival transfer did not slow the job";
  EXPECT_LE(std::fabs(t5 - t1), 0.05 * t1) << "per round " << t1 << " s, 5-round chunks " << t5 << " s";
  std::printf("contention: per round %.4f s, 5-round chunks %.4f s (%+.3f %%)\n", t1, t5, 100.0 * (t5 - t1) / t1);
}

TEST(SplitTrainingCli, badCrossSiteSettingsAreNamed) {
  const auto dir = write_scenario("");
  auto outcome = run_aicn("run " + (dir / "scenario.yaml").string() + " --quiet --force --out " +
                          (dir / "bad").string() + " --set cross_site.scheme=diloco");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("cross_site.scheme: unknown synchronisation scheme 'diloco'"), std::string::npos)
      << outcome.output;
  outcome = run_aicn("run " + (dir / "scenario.yaml").string() + " --quiet --force --out " + (dir / "bad").string() +
                     " --set cross_site.overlap=1.5");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("cross_site.overlap: must be from 0 to 1, got '1.5'"), std::string::npos)
      << outcome.output;
}
