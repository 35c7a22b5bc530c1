// A node pool (placement policy inside a site): a job never spans servers unless it is a gang
// of whole idle servers, and CPU and memory are checked per server.
#include <gtest/gtest.h>

#include "aicn/sim/pool_allocator.hpp"

namespace {

using aicn::policy::NodeCluster;
using aicn::policy::NodeShape;
using aicn::sim::Allocation;
using aicn::sim::NodePoolAllocator;
using aicn::workloads::Job;

NodePoolAllocator pool_of(const NodeShape& shape, int count, const std::string& placement = "first-fit") {
  NodeCluster cluster;
  cluster.add_nodes(shape, count);
  return NodePoolAllocator(std::move(cluster), aicn::policy::PlacementRegistry::instance().make(
                                                   placement, 1, "test", aicn::config::ConfigNode(YAML::Node(), "t", "p")));
}

Job job(int gpus, std::int64_t cpu = 0, int milli = 1000) {
  Job j;
  j.gpus = gpus;
  j.gpu_milli = milli;
  j.cpu_milli = cpu;
  return j;
}

std::vector<int> servers_of(const Allocation& allocation) {
  std::vector<int> servers;
  for (const auto& entry : allocation) servers.push_back(entry.server);
  return servers;
}

TEST(NodePoolAllocator, aJobNeverSpansServersUnlessItIsAGangOfWholeServers) {
  NodePoolAllocator pool = pool_of(NodeShape{0, 0, 2, 0}, 4);  // 4 servers x 2 GPUs
  // 1 GPU: server 0. 2 GPUs: server 0 has one left, so server 1 (not 0 + 1).
  EXPECT_EQ(servers_of(pool.allocate(job(1))), (std::vector<int>{0}));
  EXPECT_EQ(servers_of(pool.allocate(job(2))), (std::vector<int>{1, 1}));
  // 3 GPUs is more than a server holds: a gang of 2 whole idle servers, 2 and 3 (2 + 1 GPUs).
  const Allocation gang = pool.allocate(job(3));
  EXPECT_EQ(servers_of(gang), (std::vector<int>{2, 2, 3}));
  // Free by count: server 0 one GPU, server 3 one GPU = 2, but no server has 2: it waits.
  EXPECT_EQ(pool.free_gpus(), 2);
  EXPECT_FALSE(pool.can_start(job(2)));
  EXPECT_TRUE(pool.allocate(job(2)).empty());
  EXPECT_EQ(pool.largest_allocatable(), 1);
  // Releasing the gang makes servers 2 and 3 idle again: a 4-GPU gang fits.
  pool.release(gang);
  EXPECT_EQ(pool.free_gpus(), 5);
  EXPECT_EQ(pool.largest_allocatable(), 4);  // two idle 2-GPU servers
  EXPECT_EQ(servers_of(pool.allocate(job(4))), (std::vector<int>{2, 2, 3, 3}));
}

TEST(NodePoolAllocator, checksCpuPerServerAndSharesPerGpu) {
  NodePoolAllocator pool = pool_of(NodeShape{4000, 0, 1, 0}, 2);  // 2 servers x (4 CPU, 1 GPU)
  EXPECT_FALSE(pool.can_start(job(1, 5000)));  // 5 CPU on a 4-CPU server
  // Two 0.6 shares cannot share one GPU: the second goes to server 1.
  const Allocation a = pool.allocate(job(1, 1000, 600));
  const Allocation b = pool.allocate(job(1, 1000, 600));
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0].server, 0);
  EXPECT_EQ(b[0].server, 1);
  EXPECT_EQ(a[0].milli, 600);
  // A 0.4 share with 3 CPU fits server 0 by GPU (400 left) and by CPU (3000 left).
  EXPECT_EQ(servers_of(pool.allocate(job(1, 3000, 400))), (std::vector<int>{0}));
  // Server 0: CPU 0 left; server 1: 3000 left, GPU 400 left: a 0.4 share with 3.5 CPU fits nowhere.
  EXPECT_FALSE(pool.can_start(job(1, 3500, 400)));
  pool.release(a);
  EXPECT_EQ(pool.cluster().node(0).cpu_free_milli, 1000);
  EXPECT_EQ(pool.cluster().node(0).gpu_free_milli[0], 600);
}

}  // namespace
