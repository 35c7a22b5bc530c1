// NetworkGraph keeps all pairs compactly (latency, bottleneck, last link) and rebuilds a
// route's hops on request. On a star of N sites every figure is known by hand: the centre
// reaches leaf i over link i-1; leaf i reaches leaf j over link i-1 backwards, then link j-1.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "aicn/topology/layout.hpp"
#include "aicn/topology/network_graph.hpp"

using namespace aicn::topology;

namespace {

/// Centre 0 and leaves 1..n-1; leaf i's link has latency i ms and bandwidth (10 + i) Gbps.
Layout star(int n) {
  Layout layout;
  layout.hubs.push_back(Hub{});
  for (int s = 0; s < n; ++s) {
    Site site;
    site.name = std::to_string(s);
    site.hub = 0;
    layout.sites.push_back(site);
  }
  for (int leaf = 1; leaf < n; ++leaf) {
    Link link;
    link.a = 0;
    link.b = leaf;
    link.latency_s = leaf * 1e-3;
    link.bandwidth_bps = (10.0 + leaf) * 1e9;
    layout.links.push_back(link);
  }
  return layout;
}

TEST(NetworkGraphScale, everyPairOfAStarHasTheHandDerivedRoute) {
  const int n = 300;
  const NetworkGraph graph(star(n));
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      const Route route = graph.route(i, j);
      ASSERT_TRUE(route.reachable);
      ASSERT_TRUE(graph.reachable(i, j));
      if (i == j) {
        EXPECT_TRUE(route.hops.empty());
        EXPECT_EQ(route.bottleneck_bps, std::numeric_limits<double>::infinity());
        continue;
      }
      std::vector<RouteHop> expected;
      if (i != 0) expected.push_back(RouteHop{i - 1, false});  // leaf i -> centre: against the link
      if (j != 0) expected.push_back(RouteHop{j - 1, true});   // centre -> leaf j: along it
      ASSERT_EQ(route.hops.size(), expected.size()) << i << " -> " << j;
      for (std::size_t h = 0; h < expected.size(); ++h) {
        EXPECT_EQ(route.hops[h].link, expected[h].link);
        EXPECT_EQ(route.hops[h].forward, expected[h].forward);
      }
      const double latency = i * 1e-3 + j * 1e-3;
      EXPECT_NEAR(route.latency_s, latency, 1e-15);
      EXPECT_EQ(graph.latency_s(i, j), route.latency_s);
      const double bottleneck = (10.0 + std::min(i == 0 ? j : i, j == 0 ? i : j)) * 1e9;
      EXPECT_EQ(route.bottleneck_bps, bottleneck) << i << " -> " << j;
      EXPECT_EQ(graph.bottleneck_bps(i, j), bottleneck);
    }
  }
}

TEST(NetworkGraphScale, anUnreachableSiteHasAnEmptyRouteWithoutFigures) {
  Layout layout = star(4);
  layout.links.pop_back();  // leaf 3 is cut off
  const NetworkGraph graph(layout);
  const Route route = graph.route(1, 3);
  EXPECT_FALSE(route.reachable);
  EXPECT_FALSE(graph.reachable(3, 0));
  EXPECT_TRUE(route.hops.empty());
  EXPECT_EQ(route.latency_s, 0.0);
  EXPECT_EQ(route.bottleneck_bps, 0.0);
  EXPECT_THROW((void)graph.route(0, 4), std::out_of_range);
}

}  // namespace
