// A layout pool that lists node shapes (`nodes:`): GPUs, servers and the largest server follow
// from them; contradictions are errors naming the key.
#include <gtest/gtest.h>

#include "aicn/topology/layout_loader.hpp"

using namespace aicn::topology;
using aicn::config::ConfigError;
using aicn::config::ConfigNode;

namespace {

std::string layout_with(const std::string& pool) {
  return "name: n\nhubs: [{name: E, side: east}]\nsites:\n  - {name: s, hub: E, lat: 31.0, lon: 121.0, pools: [" + pool +
         "]}\nlinks: []\n";
}

std::string error_of(const std::string& yaml) {
  try {
    parse_layout(ConfigNode::load_text(yaml, "test.yaml"));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(LayoutNodes, shapesGiveTheGpusServersAndLargestServer) {
  const Layout layout = parse_layout(ConfigNode::load_text(
      layout_with("{gpu: A100-80GB, nodes: [{count: 3, gpus: 8, cpus: 96, memory: 384GiB}, {count: 5, gpus: 2, cpus: 1.5}, "
                  "{count: 2, gpus: 0, cpus: 32, memory: 1GB}]}"),
      "test.yaml"));
  const GpuPool& pool = layout.sites[0].pools[0];
  // 3 x 8 + 5 x 2 + 2 x 0 = 34 GPUs on 3 + 5 + 2 = 10 servers; the largest holds 8.
  EXPECT_EQ(pool.gpus, 34);
  EXPECT_EQ(pool.servers(), 10);
  EXPECT_EQ(pool.gpus_per_server, 8);
  ASSERT_EQ(pool.nodes.size(), 3u);
  EXPECT_EQ(pool.nodes[0].cpu_milli, 96000);
  EXPECT_EQ(pool.nodes[0].memory_mib, 384 * 1024);
  EXPECT_EQ(pool.nodes[1].cpu_milli, 1500);
  EXPECT_EQ(pool.nodes[1].memory_mib, 0);  // not stated: not modelled
  EXPECT_EQ(pool.nodes[2].memory_mib, 954);  // 1e9 B / 2^20 = 953.67 MiB, rounded
}

TEST(LayoutNodes, contradictionsAreNamed) {
  EXPECT_NE(error_of(layout_with("{gpu: A100-80GB, gpus: 10, nodes: [{count: 1, gpus: 8}]}")).find("must equal the GPUs of its nodes (8)"),
            std::string::npos);
  EXPECT_NE(error_of(layout_with("{gpu: A100-80GB, gpus_per_server: 8, nodes: [{count: 1, gpus: 8}]}"))
                .find("give either nodes or gpus_per_server"),
            std::string::npos);
  EXPECT_NE(error_of(layout_with("{gpu: A100-80GB, nodes: [{count: 2, gpus: 0, cpus: 8}]}")).find("at least one GPU"),
            std::string::npos);
  EXPECT_NE(error_of(layout_with("{gpu: A100-80GB, nodes: [{count: 1, gpus: 8, cpu: 8}]}")).find("unknown key 'cpu'"),
            std::string::npos);
}
