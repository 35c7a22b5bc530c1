// Acceptance (issue 15): the openb node list keeps every node's shape, and all 8,152 openb
// pods, CPU-only ones included, replay on it under a placement policy without over-committing
// any node's CPU, memory or GPU share. An over-commitment is not silently absorbed: the node
// pool's NodeCluster::apply throws on one and the run fails.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/workloads/trace_readers.hpp"

using namespace aicn;

TEST(OpenbNodes, theNodeListKeepsEveryNodesShape) {
  const std::string nodes = std::string(AICN_SHARED_DATA_DIR) + "/alibaba_gpu_v2023/openb_node_list_all_node.csv";
  if (!std::filesystem::exists(nodes)) GTEST_SKIP() << nodes << " not present";
  int node_count = 0, gpus = 0;
  const topology::Site site = workloads::read_openb_site_nodes(nodes, {}, topology::find_gpu_model("A100-80GB"), node_count, gpus);
  // The file: 1,523 nodes (wc -l less the header), 6,212 GPUs (the sum of its `gpu` column).
  EXPECT_EQ(node_count, 1523);
  EXPECT_EQ(gpus, 6212);
  ASSERT_EQ(site.pools.size(), 1u);  // every model mapped to one catalogue model
  int servers = 0, pool_gpus = 0;
  for (const auto& group : site.pools[0].nodes) {
    servers += group.count;
    pool_gpus += group.count * group.gpus;
    EXPECT_GT(group.cpu_milli, 0);
    EXPECT_GT(group.memory_mib, 0);
  }
  EXPECT_EQ(servers, 1523);
  EXPECT_EQ(pool_gpus, 6212);
  EXPECT_EQ(site.pools[0].gpus, 6212);
}

TEST(OpenbNodes, allPodsReplayOnTheNodesWithoutOvercommitting) {
  const std::string data = AICN_SHARED_DATA_DIR;
  const std::string pods = data + "/alibaba_gpu_v2023/openb_pod_list_default.csv";
  const std::string nodes = data + "/alibaba_gpu_v2023/openb_node_list_all_node.csv";
  if (!std::filesystem::exists(pods)) GTEST_SKIP() << pods << " not present";
  int node_count = 0, gpus = 0;
  const topology::Site site = workloads::read_openb_site_nodes(nodes, {}, topology::find_gpu_model("A100-80GB"), node_count, gpus);
  const auto dir = std::filesystem::temp_directory_path() / ("aicn-openb-nodes-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream layout(dir / "scenario.yaml");
  layout << "name: openb-nodes\nhorizon: 200d\ndrain: true\nsample_interval: 1d\nplacement: best-fit\n"
         << "layout:\n  name: openb\n  hubs: [{name: ALI, side: east}]\n"
         << "  sites:\n  - {name: openb, hub: ALI, lat: 30.3, lon: 120.2, pools: [{gpu: A100-80GB, nodes: [";
  bool first = true;
  for (const auto& group : site.pools[0].nodes) {
    layout << (first ? "" : ", ") << "{count: " << group.count << ", gpus: " << group.gpus
           << ", cpus: " << static_cast<double>(group.cpu_milli) / 1000.0 << ", memory: " << group.memory_mib << "MiB}";
    first = false;
  }
  layout << "]}]}\n  links: []\n"
         << "workload: {source: openb, path: " << pods << ", origins: {ALI: 1}, cpu_pods: true}\n"
         << "policy: local-first\n";
  layout.close();
  sim::RunOptions options;
  options.out_dir = (dir / "out").string();
  const auto result = sim::run_simulation(sim::load_scenario_file((dir / "scenario.yaml").string()), options);
  // All 8,152 pods (the file's rows), CPU-only ones included, arrive and finish.
  EXPECT_EQ(result.summary.jobs_submitted, 8152u);
  EXPECT_EQ(result.summary.jobs_finished, 8152u);
  EXPECT_EQ(result.summary.jobs_rejected, 0u);
  ASSERT_FALSE(result.summary.placement.empty());
  const auto placement = result.summary.placement.to_json();
  EXPECT_LE(placement.at("allocation_rate").get<double>(), 1.0);
  std::filesystem::remove_all(dir);
}
