#include <gtest/gtest.h>

#include "aicn/topology/layout_loader.hpp"
#include "aicn/topology/network_graph.hpp"

using namespace aicn::topology;
using aicn::config::ConfigError;
using aicn::config::ConfigNode;

namespace {

const char* kTwoSites = R"(
name: two
hubs:
  - {name: E, side: east}
  - {name: W, side: west}
sites:
  - {name: east, hub: E, lat: 31.0, lon: 121.0, pools: [{gpu: A100-80GB, gpus: 16, gpus_per_server: 8}]}
  - {name: west, hub: W, lat: 26.6, lon: 106.7, pools: [{gpu: A100-80GB, gpus: 64}]}
links:
  - {between: [east, west], bandwidth: 100Gbps, latency: 10ms}
)";

std::string error_of(const std::string& yaml) {
  try {
    parse_layout(ConfigNode::load_text(yaml, "test.yaml"));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Layout, chinaNationalHasTheEightHubsAndTenClusters) {
  const Layout layout = load_layout("china-national");
  EXPECT_EQ(layout.hubs.size(), 8u);
  EXPECT_EQ(layout.sites.size(), 10u);
  int east = 0;
  for (const auto& hub : layout.hubs) east += hub.side == Side::EAST;
  EXPECT_EQ(east, 4);
  EXPECT_GT(layout.total_gpus(), 10000);
  EXPECT_TRUE(NetworkGraph(layout).connected());
}

TEST(Layout, autoLatencyIsGreatCircleTimesRouteFactorTimesFiveMicrosecondsPerKm) {
  const Layout layout = load_layout("china-national");
  for (const auto& link : layout.links) {
    ASSERT_TRUE(link.latency_auto);
    EXPECT_NEAR(link.latency_s, link.distance_km * layout.parameters.route_factor * 5e-6, 1e-12);
  }
}

TEST(Layout, parsesUnitsAndPools) {
  const Layout layout = parse_layout(ConfigNode::load_text(kTwoSites, "two.yaml"));
  ASSERT_EQ(layout.links.size(), 1u);
  EXPECT_DOUBLE_EQ(layout.links[0].bandwidth_bps, 100e9);
  EXPECT_DOUBLE_EQ(layout.links[0].latency_s, 0.01);
  EXPECT_EQ(layout.sites[1].pools[0].servers(), 8);
  EXPECT_EQ(layout.home_site(1), 1);
}

TEST(Layout, resolvedYamlReadsBackToTheSameLayout) {
  const Layout original = load_layout("china-national");
  YAML::Emitter out;
  out << layout_to_yaml(original);
  const Layout again = parse_layout(ConfigNode::load_text(out.c_str(), "resolved"));
  ASSERT_EQ(again.links.size(), original.links.size());
  for (std::size_t i = 0; i < original.links.size(); ++i) {
    EXPECT_DOUBLE_EQ(again.links[i].latency_s, original.links[i].latency_s);
    EXPECT_DOUBLE_EQ(again.links[i].bandwidth_bps, original.links[i].bandwidth_bps);
  }
  EXPECT_EQ(again.total_gpus(), original.total_gpus());
}

TEST(Layout, errorsNameTheKeyPathAndTheBadValue) {
  std::string yaml = kTwoSites;
  yaml.replace(yaml.find("gpus: 64"), 8, "gpus: -8");
  const std::string negative = error_of(yaml);
  EXPECT_NE(negative.find("sites[1].pools[0].gpus"), std::string::npos) << negative;
  EXPECT_NE(negative.find("-8"), std::string::npos) << negative;

  yaml = kTwoSites;
  yaml.replace(yaml.find("A100-80GB"), 9, "B200");
  const std::string model = error_of(yaml);
  EXPECT_NE(model.find("sites[0].pools[0].gpu"), std::string::npos) << model;
  EXPECT_NE(model.find("B200"), std::string::npos) << model;

  yaml = kTwoSites;
  yaml.replace(yaml.find("lat: 31.0"), 9, "latt: 31.0");
  const std::string unknown = error_of(yaml);
  EXPECT_NE(unknown.find("unknown key 'latt'"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("test.yaml"), std::string::npos) << unknown;
}

TEST(NetworkGraph, routesFollowTheLowestLatencyPath) {
  const char* yaml = R"(
hubs: [{name: H, side: east}]
sites:
  - {name: a, hub: H, lat: 0, lon: 0, pools: [{gpu: H800, gpus: 8}]}
  - {name: b, hub: H, lat: 0, lon: 1, pools: [{gpu: H800, gpus: 8}]}
  - {name: c, hub: H, lat: 0, lon: 2, pools: [{gpu: H800, gpus: 8}]}
links:
  - {between: [a, c], bandwidth: 400Gbps, latency: 30ms}
  - {between: [a, b], bandwidth: 100Gbps, latency: 5ms}
  - {between: [c, b], bandwidth: 200Gbps, latency: 5ms}
)";
  const Layout layout = parse_layout(ConfigNode::load_text(yaml, "three"));
  const NetworkGraph graph(layout);
  const Route& route = graph.route(0, 2);
  ASSERT_TRUE(route.reachable);
  ASSERT_EQ(route.hops.size(), 2u);
  EXPECT_EQ(route.hops[0].link, 1);
  EXPECT_TRUE(route.hops[0].forward);   // a -> b along a link declared a-b
  EXPECT_EQ(route.hops[1].link, 2);
  EXPECT_FALSE(route.hops[1].forward);  // b -> c along a link declared c-b
  EXPECT_NEAR(route.latency_s, 0.010, 1e-12);
  EXPECT_DOUBLE_EQ(route.bottleneck_bps, 100e9);
}

TEST(NetworkGraph, reportsADisconnectedLayout) {
  const char* yaml = R"(
hubs: [{name: H, side: east}]
sites:
  - {name: a, hub: H, lat: 0, lon: 0, pools: [{gpu: H800, gpus: 8}]}
  - {name: b, hub: H, lat: 0, lon: 1, pools: [{gpu: H800, gpus: 8}]}
)";
  const NetworkGraph graph(parse_layout(ConfigNode::load_text(yaml, "split")));
  EXPECT_FALSE(graph.connected());
  EXPECT_FALSE(graph.route(0, 1).reachable);
}
