// The GPU fragmentation measure of Weng et al. (ATC 2023), of one node for one task, of a
// node for a target workload and of a cluster, against hand calculations.
#include <gtest/gtest.h>

#include "aicn/policy/fragmentation.hpp"

namespace {

using aicn::policy::NodeChoice;
using aicn::policy::NodeCluster;
using aicn::policy::NodeShape;
using aicn::policy::NodeState;
using aicn::policy::TargetWorkload;
using aicn::policy::TaskDemand;

TaskDemand share(int milli, std::int64_t cpu) { return TaskDemand{cpu, 0, 1, milli, {}}; }
TaskDemand whole(int gpus, std::int64_t cpu) { return TaskDemand{cpu, 0, gpus, 1000, {}}; }

// The same 4 nodes as placement_policies_test.cpp:
//   n0 free [1000, 1000] CPU 8000 | n1 [500, 1000] CPU 6000 | n2 [200, 1000, 1000, 0] CPU 10000 | n3 [1000] CPU 4000
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

TEST(Fragmentation, ofANodeForOneTask) {
  const NodeCluster cluster = four_nodes();
  const NodeState& n2 = cluster.node(2);  // free [200, 1000, 1000, 0] = 2200, CPU 10000
  // A 0.5 share fits (GPU1): fragments are the GPUs with less than 500 free: 200 + 0.
  EXPECT_EQ(aicn::policy::node_fragmentation(n2, share(500, 2000)), 200);
  // A 0.1 share: every GPU with free >= 100 is usable; GPU3 has 0 free: fragment 0.
  EXPECT_EQ(aicn::policy::node_fragmentation(n2, share(100, 0)), 0);
  // One whole GPU: GPUs not fully free hold 200 + 0.
  EXPECT_EQ(aicn::policy::node_fragmentation(n2, whole(1, 4000)), 200);
  // Three whole GPUs: only two are free, so all 2200 free are fragments.
  EXPECT_EQ(aicn::policy::node_fragmentation(n2, whole(3, 0)), 2200);
  // Too little CPU (12 > 10 free): all 2200.
  EXPECT_EQ(aicn::policy::node_fragmentation(n2, share(500, 12000)), 2200);
  // A CPU-only task can use no GPU: all 2200.
  EXPECT_EQ(aicn::policy::node_fragmentation(n2, TaskDemand{1000, 0, 0, 0, {}}), 2200);
  // A task for another GPU model: all 2200.
  TaskDemand other_model = share(500, 0);
  other_model.models = {3};
  EXPECT_EQ(aicn::policy::node_fragmentation(n2, other_model), 2200);
}

TEST(Fragmentation, ofANodeAndOfTheClusterForATargetWorkload) {
  const NodeCluster cluster = four_nodes();
  // M = 1/2 (0.5 share, 2 CPU) + 1/2 (one GPU, 4 CPU).
  TargetWorkload workload;
  workload.add(share(500, 2000));
  workload.add(whole(1, 4000));
  // n0 [1000,1000]: both fit with no GPU below the request: 0.
  EXPECT_DOUBLE_EQ(workload.node_fragmentation(cluster.node(0)), 0.0);
  // n1 [500,1000] CPU 6000: share -> 0; one GPU -> GPU0's 500. F = (0 + 500) / 2 = 250.
  EXPECT_DOUBLE_EQ(workload.node_fragmentation(cluster.node(1)), 250.0);
  // n2: share -> 200; one GPU -> 200. F = 200.
  EXPECT_DOUBLE_EQ(workload.node_fragmentation(cluster.node(2)), 200.0);
  // n3 [1000] CPU 4000: both fit (4000 <= 4000): 0.
  EXPECT_DOUBLE_EQ(workload.node_fragmentation(cluster.node(3)), 0.0);
  // The cluster: 0 + 250 + 200 + 0.
  EXPECT_DOUBLE_EQ(aicn::policy::cluster_fragmentation(cluster, workload), 450.0);
}

TEST(Fragmentation, weighsTaskClassesThatDifferOnlyInCpu) {
  const NodeCluster cluster = four_nodes();
  // 3 x (0.5 share, 2 CPU) and 1 x (0.5 share, 12 CPU); on n2 (CPU 10000 free) the first
  // fits (fragment 200), the second does not (all 2200): (3*200 + 1*2200) / 4 = 700.
  TargetWorkload workload;
  workload.add(share(500, 2000), 3.0);
  workload.add(share(500, 12000));
  EXPECT_DOUBLE_EQ(workload.node_fragmentation(cluster.node(2)), 700.0);
  // And a CPU-only class adds all free GPU: with 1 x (CPU-only) more, (600 + 2200 + 2200) / 5 = 1000.
  workload.add(TaskDemand{500, 0, 0, 0, {}});
  EXPECT_DOUBLE_EQ(workload.node_fragmentation(cluster.node(2)), 1000.0);
}

TEST(Fragmentation, ofAFullOrAnEmptyWorkloadIsZero) {
  NodeCluster cluster;
  cluster.add_nodes(NodeShape{0, 0, 1, 0}, 1);
  cluster.apply(NodeChoice{0, {0}}, whole(1, 0));
  TargetWorkload workload;
  EXPECT_DOUBLE_EQ(workload.node_fragmentation(cluster.node(0)), 0.0);  // no classes
  workload.add(share(300, 0));
  EXPECT_DOUBLE_EQ(workload.node_fragmentation(cluster.node(0)), 0.0);  // nothing free
}

}  // namespace
