// Acceptance: the openb pods replay on one site built from the openb node list, GPU shares
// packed several to a GPU, every pod finishing and no GPU ever over-committed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/results/trace_reader.hpp"
#include "aicn/workloads/trace_readers.hpp"

using namespace aicn;

TEST(OpenbReplay, allGpuPodsRunOnOneSiteWithoutOvercommittingAGpu) {
  const std::string data = AICN_SHARED_DATA_DIR;
  const std::string pods = data + "/alibaba_gpu_v2023/openb_pod_list_default.csv";
  const std::string nodes = data + "/alibaba_gpu_v2023/openb_node_list_gpu_node.csv";
  if (!std::filesystem::exists(pods)) GTEST_SKIP() << pods << " not present";
  // Every openb GPU model maps to A100-80GB here, so the site is one pool of all 6,212 GPUs.
  int node_count = 0, gpus = 0;
  const topology::Site site = workloads::read_openb_site(nodes, {}, topology::find_gpu_model("A100-80GB"), node_count, gpus);
  ASSERT_EQ(gpus, 6212);
  ASSERT_EQ(site.pools.size(), 1u);
  const auto dir = std::filesystem::temp_directory_path() / ("aicn-openb-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "scenario.yaml") << "name: openb\nhorizon: 200d\ndrain: true\nsample_interval: 1d\n"
                                       << "layout:\n  name: openb\n  hubs: [{name: ALI, side: east}]\n"
                                       << "  sites: [{name: openb, hub: ALI, lat: 30.3, lon: 120.2, pools: [{gpu: A100-80GB, gpus: "
                                       << site.pools[0].gpus << "}]}]\n  links: []\n"
                                       << "workload: {source: openb, path: " << pods << ", origins: {ALI: 1}}\n"
                                       << "policy: local-first\n";
  sim::RunOptions options;
  options.out_dir = (dir / "out").string();
  const auto result = sim::run_simulation(sim::load_scenario_file((dir / "scenario.yaml").string()), options);
  EXPECT_EQ(result.summary.jobs_submitted, 7064u);  // 8,152 pods less 1,088 CPU-only ones
  EXPECT_EQ(result.summary.jobs_finished, 7064u);
  EXPECT_EQ(result.summary.jobs_rejected, 0u);
  // No sample shows more busy GPUs than the site has; and at some sample more pods run than
  // GPUs are busy, which only GPU sharing allows (every GPU pod holds at least one GPU or a share).
  bool shared = false;
  for (const auto& sample : results::read_filled_site_samples(result.trace_path)) {
    ASSERT_LE(sample.busy_gpus, sample.total_gpus);
    shared = shared || sample.running_jobs > sample.busy_gpus;
  }
  EXPECT_TRUE(shared);
}
