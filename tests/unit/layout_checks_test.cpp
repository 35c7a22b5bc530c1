// Layout checks: latency ratio and budget per pair, connectivity, bridges and articulation
// points on hand-made graphs, capacity sums and the DOT/GeoJSON exports.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "aicn/topology/graph_resilience.hpp"
#include "aicn/topology/layout_capacity.hpp"
#include "aicn/topology/layout_checks.hpp"
#include "aicn/topology/layout_export.hpp"
#include "aicn/topology/layout_loader.hpp"

using namespace aicn::topology;
using aicn::config::ConfigNode;

namespace {

Layout parse(const std::string& yaml) { return parse_layout(ConfigNode::load_text(yaml, "checks.yaml")); }

/// Sites on the equator one degree of longitude apart, all in hub H unless named otherwise.
std::string sites_yaml(const std::vector<std::pair<std::string, std::string>>& site_hubs) {
  std::string yaml = "sites:\n";
  int lon = 100;
  for (const auto& [site, hub] : site_hubs)
    yaml += "  - {name: " + site + ", hub: " + hub + ", lat: 30, lon: " + std::to_string(lon++) +
            ", pools: [{gpu: H800, gpus: 8}]}\n";
  return yaml;
}

std::string link_yaml(const std::string& a, const std::string& b, const std::string& extra = "latency: 1ms") {
  return "  - {between: [" + a + ", " + b + "], bandwidth: 100Gbps, " + extra + "}\n";
}

std::vector<std::string> names(const Layout& layout, const std::vector<int>& sites) {
  std::vector<std::string> result;
  for (int s : sites) result.push_back(layout.sites[static_cast<std::size_t>(s)].name);
  return result;
}

}  // namespace

TEST(GraphResilience, aTailOnATriangleHasTwoBridgesAndTwoArticulationSites) {
  // a - b - c, and the triangle c - d - e - c.
  const Layout layout = parse("hubs: [{name: H, side: east}]\n" +
                              sites_yaml({{"a", "H"}, {"b", "H"}, {"c", "H"}, {"d", "H"}, {"e", "H"}}) + "links:\n" +
                              link_yaml("a", "b") + link_yaml("b", "c") + link_yaml("c", "d") + link_yaml("d", "e") +
                              link_yaml("e", "c"));
  const Resilience r = analyse_resilience(layout, NetworkGraph(layout));
  EXPECT_EQ(r.component_count, 1);
  ASSERT_EQ(r.bridges.size(), 2u);
  EXPECT_EQ(layout.link_name(r.bridges[0].link), "a--b");
  EXPECT_EQ(names(layout, r.bridges[0].cut_off_sites), std::vector<std::string>({"a"}));
  EXPECT_EQ(layout.link_name(r.bridges[1].link), "b--c");
  EXPECT_EQ(names(layout, r.bridges[1].cut_off_sites), std::vector<std::string>({"a", "b"}));
  EXPECT_EQ(names(layout, r.articulation_sites), std::vector<std::string>({"b", "c"}));
}

TEST(GraphResilience, aRingHasNoSinglePointOfFailure) {
  const Layout layout = parse("hubs: [{name: H, side: east}]\n" + sites_yaml({{"a", "H"}, {"b", "H"}, {"c", "H"}, {"d", "H"}}) +
                              "links:\n" + link_yaml("a", "b") + link_yaml("b", "c") + link_yaml("c", "d") +
                              link_yaml("d", "a"));
  const Resilience r = analyse_resilience(layout, NetworkGraph(layout));
  EXPECT_TRUE(r.bridges.empty());
  EXPECT_TRUE(r.articulation_sites.empty());
  EXPECT_TRUE(r.articulation_hubs.empty());
}

TEST(GraphResilience, aHubInTheMiddleOfAChainOfHubsIsAnArticulationHub) {
  // Hubs X - Y - Z; Y has two sites joined to each other, so no single site of Y is critical
  // for the X-Z connection once the Y sites are linked both to X and to Z.
  const Layout layout = parse("hubs: [{name: X, side: east}, {name: Y, side: west}, {name: Z, side: west}]\n" +
                              sites_yaml({{"x", "X"}, {"y1", "Y"}, {"y2", "Y"}, {"z", "Z"}}) + "links:\n" +
                              link_yaml("x", "y1") + link_yaml("x", "y2") + link_yaml("y1", "z") + link_yaml("y2", "z") +
                              link_yaml("y1", "y2"));
  const Resilience r = analyse_resilience(layout, NetworkGraph(layout));
  EXPECT_TRUE(r.bridges.empty());
  EXPECT_TRUE(r.articulation_sites.empty());
  ASSERT_EQ(r.articulation_hubs.size(), 1u);
  EXPECT_EQ(layout.hubs[static_cast<std::size_t>(r.articulation_hubs[0])].name, "Y");
}

TEST(GraphResilience, aSplitLayoutHasTwoComponents) {
  const Layout layout = parse("hubs: [{name: H, side: east}]\n" + sites_yaml({{"a", "H"}, {"b", "H"}, {"c", "H"}}) +
                              "links:\n" + link_yaml("a", "b"));
  const Resilience r = analyse_resilience(layout, NetworkGraph(layout));
  EXPECT_EQ(r.component_count, 2);
  EXPECT_EQ(r.components_of_sites[0], r.components_of_sites[1]);
  EXPECT_NE(r.components_of_sites[0], r.components_of_sites[2]);
}

TEST(LayoutChecks, anAutoLinkHasTheRouteFactorAsItsRatio) {
  const std::string base = "hubs: [{name: E, side: east}, {name: W, side: west}]\n" +
                           sites_yaml({{"e", "E"}, {"w", "W"}}) + "links:\n" + link_yaml("e", "w", "latency: auto");
  const Layout measured = parse("parameters: {route_factor: 1.8}\n" + base);
  const LayoutCheck at_18 = check_layout(measured, NetworkGraph(measured));
  ASSERT_EQ(at_18.pairs.size(), 1u);
  EXPECT_NEAR(at_18.pairs[0].ratio, 1.8, 1e-12);
  EXPECT_NEAR(at_18.pairs[0].theoretical_s, at_18.pairs[0].distance_km * 5e-6, 1e-15);
  EXPECT_FALSE(at_18.pairs[0].ratio_ok);
  EXPECT_TRUE(at_18.pairs[0].budget_ok);
  EXPECT_FALSE(at_18.passed());
  const auto why = explain_check(measured, at_18);
  ASSERT_FALSE(why.empty());
  EXPECT_NE(why[0].find("route factor 1.80"), std::string::npos) << why[0];

  const Layout target = parse("parameters: {route_factor: 1.4}\n" + base);
  const LayoutCheck at_14 = check_layout(target, NetworkGraph(target));
  EXPECT_NEAR(at_14.pairs[0].ratio, 1.4, 1e-12);
  EXPECT_TRUE(at_14.passed());
  EXPECT_TRUE(explain_check(target, at_14).empty());
}

TEST(LayoutChecks, aLongRouteBreaksTheHubBudgetAndIsNamed) {
  const Layout layout = parse("hubs: [{name: E, side: east}, {name: W, side: west}]\n" +
                              sites_yaml({{"e", "E"}, {"w", "W"}}) + "links:\n" +
                              link_yaml("e", "w", "route_length: 4500km"));
  const LayoutCheck check = check_layout(layout, NetworkGraph(layout));
  ASSERT_EQ(check.pairs.size(), 1u);
  EXPECT_NEAR(check.pairs[0].route_s, 4500 * 5e-6, 1e-12);  // 22.5 ms > 20 ms
  EXPECT_FALSE(check.pairs[0].budget_ok);
  bool named = false;
  for (const auto& line : explain_check(layout, check)) named = named || line.find("e - w (22.5 ms)") != std::string::npos;
  EXPECT_TRUE(named);
}

TEST(LayoutChecks, hubPairsUseHomeSitesAndSitePairsSkipPairsInsideAHub) {
  const Layout layout = parse("hubs: [{name: E, side: east}, {name: W, side: west}]\n" +
                              sites_yaml({{"e1", "E"}, {"e2", "E"}, {"w", "W"}}) + "links:\n" + link_yaml("e1", "e2") +
                              link_yaml("e2", "w"));
  const LayoutCheck hubs = check_layout(layout, NetworkGraph(layout));
  ASSERT_EQ(hubs.pairs.size(), 1u);
  EXPECT_EQ(hubs.pairs[0].site_a, 0);
  EXPECT_EQ(hubs.pairs[0].site_b, 2);
  EXPECT_EQ(hubs.pairs[0].route_links.size(), 2u);
  EXPECT_NEAR(hubs.pairs[0].route_s, 0.002, 1e-12);
  const LayoutCheck sites = check_layout(layout, NetworkGraph(layout), true);
  EXPECT_EQ(sites.pairs.size(), 2u);  // e1-w and e2-w, not e1-e2
}

TEST(LayoutChecks, anUnreachablePairFailsAndTheLayoutIsNotConnected) {
  const Layout layout = parse("hubs: [{name: E, side: east}, {name: W, side: west}]\n" + sites_yaml({{"e", "E"}, {"w", "W"}}));
  const LayoutCheck check = check_layout(layout, NetworkGraph(layout));
  EXPECT_FALSE(check.connected);
  ASSERT_EQ(check.pairs.size(), 1u);
  EXPECT_FALSE(check.pairs[0].reachable);
  EXPECT_FALSE(check.passed());
}

TEST(LayoutChecks, aDemandRegionFarFromItsHubFailsTheRegionBudget) {
  const Layout layout = parse("hubs: [{name: E, side: east}]\n" + sites_yaml({{"e", "E"}}) +
                              "demand_regions:\n"
                              "  - {name: near, hub: E, lat: 30, lon: 100.1}\n"
                              "  - {name: far, hub: E, lat: 40, lon: 100}\n");
  const LayoutCheck check = check_layout(layout, NetworkGraph(layout));
  ASSERT_EQ(check.regions.size(), 2u);
  EXPECT_TRUE(check.regions[0].passed);
  EXPECT_FALSE(check.regions[1].passed);  // ~1,112 km x 1.8 x 5 us = 10 ms > 5 ms
  EXPECT_NEAR(check.regions[1].latency_s, check.regions[1].distance_km * 1.8 * 5e-6, 1e-12);
  EXPECT_FALSE(check.passed());
}

TEST(LayoutChecks, chinaNationalIsConnectedWithoutBridgesButFailsTheRatioRuleAtTheMeasuredFactor) {
  const Layout layout = load_layout("china-national");
  const LayoutCheck check = check_layout(layout, NetworkGraph(layout));
  EXPECT_EQ(check.pairs.size(), 28u);
  EXPECT_TRUE(check.connected);
  EXPECT_TRUE(check.resilience.bridges.empty());
  EXPECT_EQ(check.failed_pairs(), 28);
  for (const auto& pair : check.pairs) EXPECT_GE(pair.ratio, 1.8 - 1e-9);
}

TEST(LayoutChecks, routeFactorOfExactlyOnePointFivePassesOnEveryDirectLinkOfChinaNational) {
  // Every link of china-national has `latency: auto`, so a hub pair joined by one link has a
  // route latency of km x 1.5 x delay against km x delay: a ratio of 1.5, which meets the
  // 1.5x rule. In floating point some pairs give 1.5000000000000002 (YRD-IM, YRD-GS, CC-GS),
  // which an exact comparison failed.
  std::string text = builtin_layout_text("china-national");
  const auto at = text.find("route_factor: 1.8");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 17, "route_factor: 1.5");
  const Layout layout = parse_layout(ConfigNode::load_text(text, "china-national-1.5.yaml"));
  ASSERT_DOUBLE_EQ(layout.parameters.route_factor, 1.5);
  ASSERT_DOUBLE_EQ(layout.rules.max_route_ratio, 1.5);
  const LayoutCheck check = check_layout(layout, NetworkGraph(layout));
  int direct = 0, above_in_floating_point = 0;
  std::vector<std::string> rounded_pairs;
  for (const auto& pair : check.pairs) {
    if (pair.route_links.size() != 1) continue;
    ASSERT_EQ(layout.links[static_cast<std::size_t>(pair.route_links[0])].latency_source, LatencySource::AUTO);
    ++direct;
    EXPECT_NEAR(pair.ratio, 1.5, 1e-12);
    const std::string name = layout.hubs[static_cast<std::size_t>(layout.sites[static_cast<std::size_t>(pair.site_a)].hub)].name +
                             "-" + layout.hubs[static_cast<std::size_t>(layout.sites[static_cast<std::size_t>(pair.site_b)].hub)].name;
    EXPECT_TRUE(pair.ratio_ok) << name << " ratio " << pair.ratio;
    if (pair.ratio > 1.5) {
      ++above_in_floating_point;
      rounded_pairs.push_back(name);
    }
  }
  EXPECT_GT(direct, 0);
  // The case the tolerance is for occurs in this layout (else the test proves nothing).
  EXPECT_EQ(rounded_pairs, std::vector<std::string>({"YRD-IM", "YRD-GS", "CC-GS"}));
  EXPECT_GT(above_in_floating_point, 0);
}

TEST(LayoutChecks, aRatioAboveTheRuleBeyondRoundingStillFails) {
  const std::string base = "hubs: [{name: E, side: east}, {name: W, side: west}]\n" +
                           sites_yaml({{"e", "E"}, {"w", "W"}}) + "links:\n" + link_yaml("e", "w", "latency: auto");
  const Layout layout = parse("parameters: {route_factor: 1.500001}\n" + base);
  const LayoutCheck check = check_layout(layout, NetworkGraph(layout));
  ASSERT_EQ(check.pairs.size(), 1u);
  EXPECT_NEAR(check.pairs[0].ratio, 1.500001, 1e-12);
  EXPECT_FALSE(check.pairs[0].ratio_ok);
}

TEST(LayoutCapacity, sumsGpusAndDensePflopsPerHubAndSide) {
  const Layout layout = load_layout("tiny-3site");
  const LayoutCapacity capacity = summarise_capacity(layout);
  ASSERT_EQ(capacity.hubs.size(), 2u);
  EXPECT_EQ(capacity.hubs[0].gpus, 64);
  EXPECT_DOUBLE_EQ(capacity.hubs[0].fp16_flops, 64 * 312e12);
  EXPECT_EQ(capacity.west.gpus, 256 + 128);
  EXPECT_DOUBLE_EQ(capacity.west.fp16_flops, 256 * 312e12 + 128 * 989e12);
  ASSERT_EQ(capacity.hub_pairs.size(), 2u);  // EAST-WEST (2 links) and WEST-WEST (1 link)
  EXPECT_EQ(capacity.hub_pairs[0].links, 2);
  EXPECT_DOUBLE_EQ(capacity.hub_pairs[0].bandwidth_bps, 200e9);
  EXPECT_DOUBLE_EQ(capacity.hub_pairs[1].bandwidth_bps, 400e9);
}

TEST(LayoutExport, geojsonHasAPointPerSiteAndRegionAndALineStringPerLink) {
  const Layout layout = load_layout("china-national");
  const auto doc = nlohmann::json::parse(layout_to_geojson(layout));
  EXPECT_EQ(doc["type"], "FeatureCollection");
  int points = 0, lines = 0;
  for (const auto& feature : doc["features"]) {
    EXPECT_EQ(feature["type"], "Feature");
    const auto& geometry = feature["geometry"];
    if (geometry["type"] == "Point") {
      ++points;
      EXPECT_GT(geometry["coordinates"][0].get<double>(), 100.0);  // longitude first
      EXPECT_LT(geometry["coordinates"][1].get<double>(), 50.0);
    } else {
      EXPECT_EQ(geometry["type"], "LineString");
      EXPECT_EQ(geometry["coordinates"].size(), 2u);
      EXPECT_GT(feature["properties"]["bandwidth_gbps"].get<double>(), 0.0);
      ++lines;
    }
  }
  EXPECT_EQ(points, 10 + 6);
  EXPECT_EQ(lines, 20);
}

TEST(LayoutExport, dotHasANodePerSiteAndAnEdgePerLink) {
  const Layout layout = load_layout("tiny-3site");
  const std::string dot = layout_to_dot(layout);
  EXPECT_EQ(dot.rfind("graph G {", 0), 0u) << dot;
  std::size_t edges = 0;
  for (auto at = dot.find("--"); at != std::string::npos; at = dot.find("--", at + 2)) ++edges;
  EXPECT_EQ(edges, layout.links.size());
  EXPECT_NE(dot.find("\"east-a\"--\"west-a\""), std::string::npos) << dot;
}
