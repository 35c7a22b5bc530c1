// Request-level serving through the engine (docs/serving.md): a persistent deployment's
// replicas move the weights once each, and every request's latency is RTT + queueing +
// prefill + decode on the replica that serves it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn_test_support.hpp"

using namespace aicn;

namespace {

/// Hub E (site east, 8 A100: no H800, so the replicas run in the west) and hub W (site west,
/// 64 H800), one 100 Gbps, 10 ms link; users in E. `workload` is the workload block.
nlohmann::json run(const std::string& workload) {
  const auto dir = aicn_test::test_folder();
  std::ofstream(dir / "scenario.yaml") << R"(name: serving
horizon: 3h
drain: true
layout:
  name: two-site
  hubs: [{name: E, side: east}, {name: W, side: west}]
  sites:
    - {name: east, hub: E, lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: 8}]}
    - {name: west, hub: W, lat: 26.6, lon: 106.7, pools: [{gpu: H800, gpus: 64}]}
  links:
    - {between: [east, west], bandwidth: 100Gbps, latency: 10ms}
policy: local-first
workload:
)" << workload;
  sim::RunOptions options;
  options.out_dir = (dir / "out").string();
  const auto result = sim::run_simulation(sim::load_scenario_file((dir / "scenario.yaml").string()), options);
  return aicn_test::read_json(result.summary_path);
}

}  // namespace

TEST(ServingSim, oneRequestsLatencyIsRttPlusPrefillPlusDecode) {
  // One request, shifted to t = 100 s: 1000 prompt tokens, 100 output tokens, 7B model on one
  // H800 (2.4 N = 16.8 GB of weights and KV cache fit one 80 GB GPU). Its interval
  // (60-120 s) gets one replica, submitted at 60 s: the 14 GB of weights cross the link
  // (10 ms + 14e9 / 12.5e9 = 1.13 s), load at 5 GB/s (2.8 s): ready at 63.93 s, idle at 100 s.
  //   RTT     = 2 x 10 ms = 0.020 s (user at east, replica at west)
  //   prefill = 1000 x 2 x 7e9 / (989e12 x 0.45) = 0.0314571 s
  //   TPOT    = max(2 x 7e9 B / 3.35e12 B/s, 2 x 7e9 / 4.4505e14) = 0.00417910 s
  //   TTFT    = 0.020 + 0.0314571 = 0.0514571 s; e2e = TTFT + 100 x TPOT = 0.469367 s
  const auto dir = aicn_test::test_folder();
  const auto trace = (dir / "one.jsonl").string();
  std::ofstream(trace) << R"({"timestamp": 0, "input_length": 1000, "output_length": 100, "hash_ids": [1, 2]})" << "\n";
  const auto summary = run("  {source: mooncake, mode: requests, path: " + trace +
                           ", gpu_model: H800, parameters: 7e9, origins: {E: 1}, time_shift: 100s}\n");
  const auto& serving = summary.at("serving");
  EXPECT_EQ(serving.at("requests"), 1);
  EXPECT_EQ(serving.at("served"), 1);
  EXPECT_EQ(serving.at("replicas"), 1);
  EXPECT_EQ(serving.at("weight_transfers"), 1);
  EXPECT_DOUBLE_EQ(serving.at("weight_bytes_moved").get<double>(), 14e9);
  EXPECT_NEAR(serving.at("load_s").get<double>(), 2.8, 1e-12);
  EXPECT_NEAR(serving.at("rtt_s").at("p50").get<double>(), 0.020, 1e-12);
  EXPECT_NEAR(serving.at("ttft_s").at("p50").get<double>(), 0.0514571, 1e-6);
  EXPECT_NEAR(serving.at("tpot_s").at("p50").get<double>(), 0.00417910, 1e-8);
  EXPECT_NEAR(serving.at("e2e_s").at("p50").get<double>(), 0.469367, 1e-6);
  EXPECT_DOUBLE_EQ(serving.at("wait_s").at("max").get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(serving.at("cities").at("E").at("slo_attainment").get<double>(), 1.0);
}

TEST(ServingSim, mooncakeReplayMovesTheWeightsOncePerReplicaAndServesEveryRequest) {
  const std::string path = std::string(AICN_SHARED_DATA_DIR) + "/llm_inference_mooncake/conversation_trace.jsonl.gz";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not present (set AICN_SHARED_DATA_DIR)";
  // The conversation trace: 12,031 requests over an hour (its README). 70B model (140 GB of
  // weights) on H800: 2.4 N = 168 GB of weights and KV cache need 3 GPUs per replica.
  const auto summary = run("  {source: mooncake, mode: requests, path: " + path +
                           ", gpu_model: H800, parameters: 7e10, origins: {E: 1}}\n");
  const auto& serving = summary.at("serving");
  EXPECT_EQ(serving.at("requests"), 12031);
  EXPECT_EQ(serving.at("served"), 12031);
  EXPECT_EQ(serving.at("gpus_per_replica"), 3);
  const auto replicas = serving.at("replicas").get<std::uint64_t>();
  EXPECT_GT(replicas, 1u);
  EXPECT_EQ(serving.at("replica_jobs"), replicas);  // every planned replica started once
  EXPECT_EQ(serving.at("weight_transfers"), replicas);
  EXPECT_DOUBLE_EQ(serving.at("weight_bytes_moved").get<double>(), 1.4e11 * static_cast<double>(replicas));
  for (const char* metric : {"ttft_s", "tpot_s", "e2e_s"}) {
    const auto& d = serving.at(metric);
    EXPECT_EQ(d.at("count"), 12031) << metric;
    EXPECT_LE(d.at("p50").get<double>(), d.at("p95").get<double>()) << metric;
    EXPECT_LE(d.at("p95").get<double>(), d.at("p99").get<double>()) << metric;
  }
  // Nothing decodes faster than its memory-bound step: 140 GB / (3 x 3.35 TB/s) = 13.93 ms.
  EXPECT_GE(serving.at("tpot_s").at("p50").get<double>(), 1.4e11 / (3 * 3350e9) - 1e-12);
  std::cout << "mooncake serving: " << serving.dump() << "\n";
}
