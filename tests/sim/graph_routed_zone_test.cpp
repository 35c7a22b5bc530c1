// The platform's root zone answers SimGrid's route queries from the NetworkGraph (instead of
// 9 million declared routes at 3,000 sites): the links SimGrid puts on a transfer and their
// latency must be the hand-derived shortest routes, per network state, in the right direction.
#include <gtest/gtest.h>

#include <simgrid/s4u.hpp>

#include <string>
#include <vector>

#include "aicn/sim/platform_builder.hpp"
#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout_loader.hpp"
#include "aicn/topology/network_graph.hpp"

using namespace aicn;

namespace {

// a -- b 10 ms, b -- c 5 ms, a -- c 20 ms, c -- d 2 ms. Shortest: a-b-c (15 ms) beats a-c (20).
const char* kSquare = R"(name: square
hubs: [{name: E, side: east}, {name: W, side: west}]
sites:
  - {name: a, hub: E, lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: 8}]}
  - {name: b, hub: W, lat: 30.6, lon: 114.3, pools: [{gpu: A100-80GB, gpus: 8}]}
  - {name: c, hub: W, lat: 26.6, lon: 106.7, pools: [{gpu: A100-80GB, gpus: 8}]}
  - {name: d, hub: W, lat: 37.5, lon: 105.2, pools: [{gpu: H800, gpus: 8}]}
links:
  - {between: [a, b], bandwidth: 100Gbps, latency: 10ms}
  - {between: [b, c], bandwidth: 50Gbps, latency: 5ms}
  - {between: [a, c], bandwidth: 400Gbps, latency: 20ms}
  - {between: [c, d], bandwidth: 200Gbps, latency: 2ms}
)";

struct SimRoute {
  std::vector<std::string> links;
  double latency_s = 0.0;
};

SimRoute sim_route(const simgrid::s4u::Host* from, const simgrid::s4u::Host* to) {
  std::vector<simgrid::s4u::Link*> links;
  SimRoute route;
  from->route_to(to, links, &route.latency_s);
  for (const auto* link : links) route.links.push_back(link->get_name());
  return route;
}

class GraphRoutedZoneTest : public ::testing::Test {
 protected:
  GraphRoutedZoneTest()
      : engine_("graph-routed-zone-test"),
        layout_(topology::parse_layout(config::ConfigNode::load_text(kSquare, "square"))),
        intact_(layout_),
        // State 1: b -- c is cut.
        cut_(layout_, {true, false, true, true}),
        platform_(sim::build_platform(layout_, intact_, nullptr, {&cut_})) {}

  const simgrid::s4u::Host* gateway(int state, const char* site) const {
    return platform_.state_gateways[static_cast<std::size_t>(state)][static_cast<std::size_t>(layout_.site_index(site))];
  }

  simgrid::s4u::Engine engine_;
  topology::Layout layout_;
  topology::NetworkGraph intact_;
  topology::NetworkGraph cut_;
  sim::Platform platform_;
};

TEST_F(GraphRoutedZoneTest, aTransferTakesTheShortestRouteOverTheUpDirections) {
  const SimRoute route = sim_route(gateway(0, "a"), gateway(0, "d"));
  EXPECT_EQ(route.links, (std::vector<std::string>{"a--b_UP", "b--c_UP", "c--d_UP"}));
  EXPECT_NEAR(route.latency_s, 0.010 + 0.005 + 0.002, 1e-15);
}

TEST_F(GraphRoutedZoneTest, theReverseRouteUsesTheDownDirectionsInReverseOrder) {
  const SimRoute route = sim_route(gateway(0, "d"), gateway(0, "a"));
  EXPECT_EQ(route.links, (std::vector<std::string>{"c--d_DOWN", "b--c_DOWN", "a--b_DOWN"}));
  EXPECT_NEAR(route.latency_s, 0.017, 1e-15);
}

TEST_F(GraphRoutedZoneTest, aLaterNetworkStateRoutesItsRelaysAroundTheCut) {
  const SimRoute route = sim_route(gateway(1, "a"), gateway(1, "d"));
  EXPECT_EQ(route.links, (std::vector<std::string>{"a--c_UP", "c--d_UP"}));
  EXPECT_NEAR(route.latency_s, 0.020 + 0.002, 1e-15);
  // The intact state's gateways keep their own routes.
  EXPECT_EQ(sim_route(gateway(0, "a"), gateway(0, "c")).links, (std::vector<std::string>{"a--b_UP", "b--c_UP"}));
}

TEST_F(GraphRoutedZoneTest, aServerReachesAnotherSitesServerThroughBothGateways) {
  // A server is a host of its site's star zone: SimGrid adds the (empty) routes to the
  // gateways on each side, so the inter-site links are exactly the gateway-to-gateway ones.
  const auto* server_b = platform_.sites[static_cast<std::size_t>(layout_.site_index("b"))].servers[0][0];
  const auto* server_d = platform_.sites[static_cast<std::size_t>(layout_.site_index("d"))].servers[0][0];
  const SimRoute route = sim_route(server_b, server_d);
  EXPECT_EQ(route.links, (std::vector<std::string>{"b--c_UP", "c--d_UP"}));
  EXPECT_NEAR(route.latency_s, 0.007, 1e-15);
}

}  // namespace
