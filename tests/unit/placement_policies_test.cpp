// Placement policies inside a site, each on one hand-made 4-node cluster. Every expected
// choice is worked out by hand in the comments from the policy's published definition.
#include <gtest/gtest.h>

#include <set>

#include "aicn/policy/placement_policy.hpp"

namespace {

using aicn::policy::NodeChoice;
using aicn::policy::NodeCluster;
using aicn::policy::NodeShape;
using aicn::policy::PlacementRegistry;
using aicn::policy::TargetWorkload;
using aicn::policy::TaskDemand;

TaskDemand share(int milli, std::int64_t cpu) { return TaskDemand{cpu, 0, 1, milli, {}}; }
TaskDemand whole(int gpus, std::int64_t cpu) { return TaskDemand{cpu, 0, gpus, 1000, {}}; }

// The cluster (CPU in millicores, GPU free in thousandths per GPU):
//   n0:  8 CPU, 2 GPUs, idle                         free [1000, 1000], CPU free  8000
//   n1:  8 CPU, 2 GPUs, a 0.5 share (2 CPU) on GPU0  free [ 500, 1000], CPU free  6000
//   n2: 16 CPU, 4 GPUs, a 0.8 share (2 CPU) on GPU0
//       and one whole GPU (4 CPU) on GPU3            free [ 200, 1000, 1000, 0], CPU free 10000
//   n3:  4 CPU, 1 GPU, idle                          free [1000], CPU free 4000
NodeCluster four_nodes() {
  NodeCluster cluster;
  cluster.add_nodes(NodeShape{8000, 0, 2, 0}, 2);
  cluster.add_nodes(NodeShape{16000, 0, 4, 0}, 1);
  cluster.add_nodes(NodeShape{4000, 0, 1, 0}, 1);
  cluster.apply(NodeChoice{1, {0}}, share(500, 2000));
  cluster.apply(NodeChoice{2, {0}}, share(800, 2000));
  cluster.apply(NodeChoice{2, {3}}, whole(1, 4000));
  return cluster;
}

// Target workload M: half 0.5-GPU shares asking 2 CPU, half one-GPU tasks asking 4 CPU.
TargetWorkload half_shares_half_ones() {
  TargetWorkload workload;
  workload.add(share(500, 2000));
  workload.add(whole(1, 4000));
  return workload;
}

std::optional<NodeChoice> choose(const std::string& name, const TaskDemand& task, const TargetWorkload& workload = {}) {
  const NodeCluster cluster = four_nodes();
  auto policy = PlacementRegistry::instance().make(name, 1, "placement/test", aicn::config::ConfigNode(YAML::Node(), "test", "params"));
  return policy->choose(cluster, task, workload);
}

TEST(PlacementPolicies, allSevenAreRegistered) {
  for (const char* name : {"first-fit", "random", "best-fit", "dot-product", "gpu-packing", "gpu-clustering", "fgd"})
    EXPECT_TRUE(PlacementRegistry::instance().contains(name)) << name;
}

TEST(PlacementPolicies, firstFitTakesTheFirstNodeWithRoom) {
  // A 0.5 share fits on n0 (GPU0 is free): the first node, its first GPU.
  EXPECT_EQ(choose("first-fit", share(500, 2000)), (NodeChoice{0, {0}}));
  // Two whole GPUs and 9 CPU: n0 and n1 have 8 CPU, n2 has 10 free and GPUs 1, 2 free.
  EXPECT_EQ(choose("first-fit", whole(2, 9000)), (NodeChoice{2, {1, 2}}));
}

TEST(PlacementPolicies, bestFitLeavesTheLeastWeightedCpuAndGpu) {
  // Score = 0.5 (cpu_free - 2000)/16000 + 0.5 (gpu_free - 500)/4000 (largest node: 16 CPU, 4 GPUs):
  //   n0: 0.5*6000/16000 + 0.5*1500/4000 = 0.1875 + 0.1875 = 0.375
  //   n1: 0.5*4000/16000 + 0.5*1000/4000 = 0.125  + 0.125  = 0.25
  //   n2: 0.5*8000/16000 + 0.5*1700/4000 = 0.25   + 0.2125 = 0.4625
  //   n3: 0.5*2000/16000 + 0.5* 500/4000 = 0.0625 + 0.0625 = 0.125   <- least left
  EXPECT_EQ(choose("best-fit", share(500, 2000)), (NodeChoice{3, {0}}));
}

TEST(PlacementPolicies, dotProductTakesTheSmallestNormalisedProduct) {
  // (cpu_free/cap)(cpu_req/cap) and (gpu_free/cap)(gpu_req/cap), averaged over the 2 dimensions:
  //   n0: (1 * 0.25    + 1    * 0.25 ) / 2 = 0.25
  //   n1: (0.75 * 0.25 + 0.75 * 0.25 ) / 2 = 0.1875
  //   n2: (0.625*0.125 + 0.55 * 0.125) / 2 = 0.0734375   <- smallest
  //   n3: (1 * 0.5     + 1    * 0.5  ) / 2 = 0.5
  // On n2, GPU0 has 200 < 500 free; GPU1 is the first fully free GPU.
  EXPECT_EQ(choose("dot-product", share(500, 2000)), (NodeChoice{2, {1}}));
}

TEST(PlacementPolicies, gpuPackingPrefersSharedGpusThenUsedNodesThenIdleOnes) {
  // A 0.5 share fits on n1's GPU0 (500 free, already shared): the first tier.
  EXPECT_EQ(choose("gpu-packing", share(500, 2000)), (NodeChoice{1, {0}}));
  // A 0.8 share fits no shared GPU (n1 GPU0 has 500, n2 GPU0 200). Nodes in use with a free
  // GPU: n1 (1500 free in all) and n2 (2200): n1, the fuller, on its free GPU1.
  EXPECT_EQ(choose("gpu-packing", share(800, 1000)), (NodeChoice{1, {1}}));
  // Two whole GPUs, 1 CPU: n1 has one free GPU, n3 one GPU; n0 (idle) and n2 (in use) can:
  // a node in use comes before an idle one.
  EXPECT_EQ(choose("gpu-packing", whole(2, 1000)), (NodeChoice{2, {1, 2}}));
}

TEST(PlacementPolicies, gpuClusteringKeepsLikeRequestsTogether) {
  // 0.8 share: n2 runs a 0.8 share and a one-GPU task (mixed, rank 1); n1 runs only 0.5
  // shares (rank 3); n0 and n3 run nothing (rank 2): n2, where only GPU1 (first free) fits.
  EXPECT_EQ(choose("gpu-clustering", share(800, 1000)), (NodeChoice{2, {1}}));
  // 0.5 share: n1 runs only 0.5 shares (rank 0); on it GPU0 (500 free) fits tighter than GPU1.
  EXPECT_EQ(choose("gpu-clustering", share(500, 2000)), (NodeChoice{1, {0}}));
  // One whole GPU: n2 hosts one (mixed, rank 1) before the idle n0 and n3 (rank 2).
  EXPECT_EQ(choose("gpu-clustering", whole(1, 1000)), (NodeChoice{2, {1}}));
}

TEST(PlacementPolicies, fgdMovesAlongTheSteepestDescentOfFragmentation) {
  // M = 1/2 (0.5 share, 2 CPU) + 1/2 (one GPU, 4 CPU). Before (fragmentation_test.cpp works
  // these out): F(n0) = 0, F(n1) = 250, F(n2) = 200, F(n3) = 0.
  // A 0.5 share with 2 CPU, each option (after -> F, delta):
  //   n0 GPU0: [500,1000], CPU 6000: share 0, one-GPU 500        -> F 250, +250
  //   n1 GPU0: [0,1000],   CPU 4000: share 0, one-GPU 0 (4000 fits) -> F 0, -250  <- least
  //   n1 GPU1: [500,500],  CPU 4000: share 0, one-GPU none fits: 1000 -> F 500, +250
  //   n2 GPU1: [200,500,1000,0], CPU 8000: share 200, one-GPU 700 -> F 450, +250
  //   n3 GPU0: [500], CPU 2000: share 0, one-GPU lacks CPU: 500    -> F 250, +250
  EXPECT_EQ(choose("fgd", share(500, 2000), half_shares_half_ones()), (NodeChoice{1, {0}}));
  // A 0.8 share with 1 CPU: every option raises F by 200 (n0 GPU0 -> 200; n1 GPU1 -> 450 from
  // 250; n2 GPU1 -> 400 from 200; n3 -> 200), so the tie goes to the lowest node, n0.
  EXPECT_EQ(choose("fgd", share(800, 1000), half_shares_half_ones()), (NodeChoice{0, {0}}));
}

TEST(PlacementPolicies, randomDrawsOnlyFeasibleNodesAndRepeatsForASeed) {
  // Two whole GPUs with 1 CPU fit only n0 (GPUs 0, 1) and n2 (GPUs 1, 2).
  const NodeCluster cluster = four_nodes();
  const aicn::config::ConfigNode none(YAML::Node(), "test", "params");
  auto a = PlacementRegistry::instance().make("random", 7, "placement/s0/p0", none);
  auto b = PlacementRegistry::instance().make("random", 7, "placement/s0/p0", none);
  std::set<int> seen;
  for (int i = 0; i < 100; ++i) {
    const auto first = a->choose(cluster, whole(2, 1000), {});
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first, b->choose(cluster, whole(2, 1000), {}));
    EXPECT_TRUE(*first == (NodeChoice{0, {0, 1}}) || *first == (NodeChoice{2, {1, 2}}));
    seen.insert(first->node);
  }
  // With probability 1 - 2^-99 both nodes are drawn.
  EXPECT_EQ(seen, (std::set<int>{0, 2}));
}

TEST(PlacementPolicies, noPolicyPlacesATaskNoNodeCanHold) {
  // Three whole GPUs: n2 has two free GPUs, the others fewer.
  for (const char* name : {"first-fit", "random", "best-fit", "dot-product", "gpu-packing", "gpu-clustering", "fgd"})
    EXPECT_FALSE(choose(name, whole(3, 1000), half_shares_half_ones()).has_value()) << name;
}

TEST(PlacementPolicies, theTemplateSpreadsToTheNodeWithTheMostFreeGpu) {
  // Free GPU in all: n0 2000, n1 1500, n2 2200, n3 1000: n2, its first option GPU1.
  EXPECT_EQ(choose("template-worst-fit", share(500, 2000)), (NodeChoice{2, {1}}));
}

TEST(PlacementPolicies, anUnknownNameListsTheValidOnes) {
  try {
    choose("best-fti", share(500, 0));
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'best-fit'"), std::string::npos) << e.what();
  }
}

TEST(NodeCluster, applyRefusesToOverCommitAndReleaseRestores) {
  NodeCluster cluster = four_nodes();
  EXPECT_THROW(cluster.apply(NodeChoice{1, {0}}, share(600, 0)), std::logic_error);    // GPU0 has 500
  EXPECT_THROW(cluster.apply(NodeChoice{3, {0}}, whole(1, 5000)), std::logic_error);   // 4 CPU
  EXPECT_THROW(cluster.apply(NodeChoice{2, {1, 1}}, whole(2, 0)), std::logic_error);   // same GPU twice
  // The refused placements changed nothing. 2 + 2 + 4 + 1 = 9 GPUs; used: 0.5 + 0.8 + 1 = 2.3;
  // fully free: n0 2 + n1 1 + n2 2 + n3 1 = 6.
  EXPECT_EQ(cluster.total_gpus(), 9);
  EXPECT_EQ(cluster.gpu_used_milli(), 2300);
  EXPECT_EQ(cluster.fully_free_gpus(), 6);
  cluster.release(NodeChoice{2, {3}}, whole(1, 4000));
  EXPECT_EQ(cluster.gpu_used_milli(), 1300);
  EXPECT_EQ(cluster.fully_free_gpus(), 7);
  EXPECT_EQ(cluster.node(2).cpu_free_milli, 14000);
  EXPECT_THROW(cluster.release(NodeChoice{2, {3}}, whole(1, 4000)), std::logic_error);
}

}  // namespace
