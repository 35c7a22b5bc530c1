// What-if overlays: each edit, and errors that name the patch entry and the bad value.
#include <gtest/gtest.h>

#include "aicn/topology/layout_loader.hpp"
#include "aicn/topology/network_graph.hpp"

using namespace aicn::topology;
using aicn::config::ConfigError;
using aicn::config::ConfigNode;

namespace {

Layout overlay(const std::string& patch) {
  const std::string yaml = "layout:\n  base: tiny-3site\n  patch:\n" + patch;
  return resolve_layout(ConfigNode::load_text(yaml, "whatif.yaml").child("layout"), "");
}

std::string error_of(const std::string& patch) {
  try {
    overlay(patch);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(LayoutOverlay, cutLinkRemovesTheLinkAndTheRouteGoesAround) {
  const Layout base = load_layout("tiny-3site");
  const Layout cut = overlay("    - cut_link: [east-a, west-a]\n");
  EXPECT_EQ(cut.links.size(), base.links.size() - 1);
  EXPECT_LT(cut.link_index(cut.site_index("east-a"), cut.site_index("west-a")), 0);
  const NetworkGraph graph(cut);  // owns the route: a reference into a temporary graph would dangle
  const Route& route = graph.route(cut.site_index("east-a"), cut.site_index("west-a"));
  ASSERT_TRUE(route.reachable);
  EXPECT_EQ(route.hops.size(), 2u);  // east-a -> west-b -> west-a
  EXPECT_EQ(cut.name, "tiny-3site+patch");
}

TEST(LayoutOverlay, addSiteAndAddLinkUseTheLayoutRules) {
  const Layout layout = overlay(
      "    - add_site: {name: east-b, hub: EAST, lat: 31.3, lon: 120.6, pools: [{gpu: H20, gpus: 16}]}\n"
      "    - add_link: {between: [east-b, west-a], bandwidth: 200Gbps, latency: auto}\n");
  ASSERT_EQ(layout.sites.size(), 4u);
  ASSERT_EQ(layout.links.size(), 4u);
  const Link& link = layout.links.back();
  EXPECT_EQ(layout.link_name(3), "east-b--west-a");
  EXPECT_NEAR(link.latency_s, link.distance_km * 1.8 * 5e-6, 1e-15);
  EXPECT_DOUBLE_EQ(link.bandwidth_bps, 200e9);
}

TEST(LayoutOverlay, removeSiteDropsItsLinksAndRenumbersTheRest) {
  const Layout layout = overlay("    - remove_site: west-a\n");
  ASSERT_EQ(layout.sites.size(), 2u);
  ASSERT_EQ(layout.links.size(), 1u);
  EXPECT_EQ(layout.link_name(0), "east-a--west-b");
}

TEST(LayoutOverlay, scalePoolAndSetLinkChangeTheNumbers) {
  const Layout layout = overlay(
      "    - scale_pool: {site: west-a, gpu: A100-80GB, factor: 1.5}\n"
      "    - scale_pool: {site: west-b, gpu: H800, gpus: 64}\n"
      "    - set_link: {between: [west-b, east-a], bandwidth: 1.6Tbps}\n");
  EXPECT_EQ(layout.sites[1].pools[0].gpus, 384);
  EXPECT_EQ(layout.sites[2].pools[0].gpus, 64);
  EXPECT_DOUBLE_EQ(layout.links[1].bandwidth_bps, 1.6e12);
}

TEST(LayoutOverlay, resolvedYamlOfAnOverlayReadsBackToTheEditedLayout) {
  const Layout layout = overlay("    - cut_link: [east-a, west-a]\n    - scale_pool: {site: west-a, gpu: A100-80GB, gpus: 512}\n");
  YAML::Emitter out;
  out << layout_to_yaml(layout);
  const Layout again = parse_layout(ConfigNode::load_text(out.c_str(), "resolved"));
  EXPECT_EQ(again.links.size(), 2u);
  EXPECT_EQ(again.total_gpus(), layout.total_gpus());
  EXPECT_EQ(again.name, layout.name);
}

TEST(LayoutOverlay, errorsNameThePatchEntryAndTheValue) {
  struct Case {
    std::string patch, path, value;
  };
  const std::vector<Case> cases = {
      {"    - cut_link: [east-a, nowhere]\n", "layout.patch[0].cut_link[1]", "'nowhere'"},
      {"    - {}\n    - cut_link: [west-a, west-a]\n", "layout.patch[0]", "exactly one edit"},
      {"    - cut_link: [east-a, west-a]\n    - cut_link: [west-a, east-a]\n", "layout.patch[1].cut_link",
       "no link joins 'west-a' and 'east-a'"},
      {"    - remove_site: west-z\n", "layout.patch[0].remove_site", "'west-z'"},
      {"    - scale_pool: {site: west-a, gpu: H800, factor: 2}\n", "layout.patch[0].scale_pool.gpu", "'H800'"},
      {"    - scale_pool: {site: west-a, gpu: A100-80GB, factor: 0.01}\n", "layout.patch[0].scale_pool.factor", "'0.01'"},
      {"    - set_link: {between: [east-a, west-a], bandwidth: 0Gbps}\n", "layout.patch[0].set_link.bandwidth", "'0Gbps'"},
      {"    - add_link: {between: [east-a, west-a], bandwidth: 1Gbps}\n", "layout.patch[0].add_link.between", "already linked"},
      {"    - add_site: {name: west-a, hub: WEST, lat: 1, lon: 1, pools: [{gpu: H20, gpus: 8}]}\n",
       "layout.patch[0].add_site.name", "'west-a'"},
      {"    - add_site: {name: x, hub: NORTH, lat: 1, lon: 1, pools: [{gpu: H20, gpus: 8}]}\n",
       "layout.patch[0].add_site.hub", "'NORTH'"},
      {"    - move_site: west-a\n", "layout.patch[0].move_site", "unknown edit 'move_site'"},
  };
  for (const auto& c : cases) {
    const std::string message = error_of(c.patch);
    EXPECT_NE(message.find("whatif.yaml"), std::string::npos) << c.patch << " -> " << message;
    EXPECT_NE(message.find(c.path), std::string::npos) << c.patch << " -> " << message;
    EXPECT_NE(message.find(c.value), std::string::npos) << c.patch << " -> " << message;
  }
}
