// `aicn topology check|show|export` end to end, as a planner (or a CI job) runs it.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "aicn_test_support.hpp"

using aicn_test::Outcome;
using aicn_test::run_aicn;
using aicn_test::test_scratch;

namespace {

/// Two hubs whose only link runs a 4,500 km fibre route between sites ~1,500 km apart.
const char* kLongRoute = R"(name: long-route
hubs: [{name: EAST, side: east}, {name: WEST, side: west}]
sites:
  - {name: shanghai-dc, hub: EAST, lat: 31.2, lon: 121.5, pools: [{gpu: H800, gpus: 64}]}
  - {name: guiyang-dc, hub: WEST, lat: 26.6, lon: 106.7, pools: [{gpu: H800, gpus: 64}]}
links:
  - {between: [shanghai-dc, guiyang-dc], bandwidth: 400Gbps, route_length: 4500km}
)";

}  // namespace

TEST(TopologyCli, checkChinaNationalPrintsEveryHubPairWithDistanceLatencyRatioAndVerdict) {
  const Outcome outcome = run_aicn("topology check china-national");
  EXPECT_EQ(outcome.exit_code, 3) << outcome.output;  // at the measured route factor 1.8 the 1.5x rule fails
  const std::vector<std::string> hubs = {"JJJ", "YRD", "GBA", "CC", "IM", "GZ", "GS", "NX"};
  // hubs, sites, km, theory ms, route ms, ratio, hops, ratio verdict, budget verdict, verdict
  for (std::size_t a = 0; a < hubs.size(); ++a) {
    for (std::size_t b = a + 1; b < hubs.size(); ++b) {
      const std::regex row("\n" + hubs[a] + "-" + hubs[b] +
                           R"( +[a-z-]+ - [a-z-]+ +\d+ +\d+\.\d\d +\d+\.\d\d +\d\.\d\d +\d+ +(ok|FAIL) +(ok|FAIL) +(PASS|FAIL)\n)");
      EXPECT_TRUE(std::regex_search(outcome.output, row)) << hubs[a] << "-" << hubs[b] << "\n" << outcome.output;
    }
  }
  // The known pair: Zhangjiakou - Horinger, 274 km, 1.37 ms theoretical, 2.46 ms at 1.8x.
  EXPECT_TRUE(std::regex_search(outcome.output, std::regex(R"(JJJ-IM +zhangjiakou - horinger +274 +1\.37 +2\.46 +1\.80 +1 +FAIL +ok +FAIL)")))
      << outcome.output;
  EXPECT_NE(outcome.output.find("28 pairs: 0 pass, 28 fail"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("route factor 1.80"), std::string::npos) << outcome.output;  // explained
  EXPECT_NE(outcome.output.find("CAICT"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("bridge links: none"), std::string::npos) << outcome.output;
}

TEST(TopologyCli, aLayoutWithADeliberatelyLongRouteFailsNamingThePair) {
  const auto dir = test_scratch();
  std::ofstream(dir / "long.yaml") << kLongRoute;
  const Outcome outcome = run_aicn("topology check " + (dir / "long.yaml").string());
  EXPECT_EQ(outcome.exit_code, 3) << outcome.output;
  EXPECT_TRUE(std::regex_search(outcome.output,
                                std::regex(R"(EAST-WEST +shanghai-dc - guiyang-dc +\d+ +[\d.]+ +22\.50 +[\d.]+ +1 +FAIL +FAIL +FAIL)")))
      << outcome.output;
  EXPECT_NE(outcome.output.find("Result: FAIL"), std::string::npos) << outcome.output;
}

TEST(TopologyCli, aLayoutThatMeetsTheRulesPassesWithExitZero) {
  const Outcome outcome = run_aicn("topology check tiny-3site");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("Result: PASS"), std::string::npos) << outcome.output;
}

TEST(TopologyCli, checkJsonIsValidAndCarriesTheVerdicts) {
  const Outcome outcome = run_aicn("topology check china-national --json", false);
  EXPECT_EQ(outcome.exit_code, 3);
  const auto doc = nlohmann::json::parse(outcome.output);
  EXPECT_EQ(doc["pairs"].size(), 28u);
  EXPECT_EQ(doc["failed_pairs"], 28);
  EXPECT_FALSE(doc["passed"].get<bool>());
  EXPECT_TRUE(doc["connected"].get<bool>());
  for (const auto& pair : doc["pairs"]) {
    EXPECT_NEAR(pair["route_ms"].get<double>() / pair["theoretical_ms"].get<double>(), pair["ratio"].get<double>(), 1e-9);
    EXPECT_EQ(pair["verdict"], "FAIL");
  }
}

TEST(TopologyCli, aMalformedLayoutFileFailsWithExitTwoNamingFileKeyAndValue) {
  const auto dir = test_scratch();
  std::string yaml = kLongRoute;
  yaml.replace(yaml.find("hub: WEST"), 9, "hub: NORTH");
  std::ofstream(dir / "bad.yaml") << yaml;
  const Outcome outcome = run_aicn("topology check " + (dir / "bad.yaml").string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find((dir / "bad.yaml").string() + ":"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("sites[1].hub"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("'NORTH'"), std::string::npos) << outcome.output;
}

TEST(TopologyCli, anOverlayFileCanBeCheckedAndACutShowsUpAsABridge) {
  const auto dir = test_scratch();
  std::ofstream(dir / "cut.yaml") << "base: tiny-3site\npatch:\n  - cut_link: [west-a, west-b]\n";
  const Outcome outcome = run_aicn("topology check " + (dir / "cut.yaml").string());
  EXPECT_NE(outcome.output.find("bridge link east-a--west-a: cutting it isolates west-a"), std::string::npos)
      << outcome.output;
  EXPECT_NE(outcome.output.find("articulation sites: east-a"), std::string::npos) << outcome.output;
}

TEST(TopologyCli, showPrintsGpusAndPflopsPerHubAndTheEastWestSplit) {
  const Outcome outcome = run_aicn("topology show china-national");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_TRUE(std::regex_search(outcome.output, std::regex(R"(IM +west +1 +12288 +6606\.8)"))) << outcome.output;
  EXPECT_TRUE(std::regex_search(outcome.output, std::regex(R"(east total +6 +17408 +5936\.6)"))) << outcome.output;
  EXPECT_TRUE(std::regex_search(outcome.output, std::regex(R"(west total +4 +40960 +17817\.6)"))) << outcome.output;
  EXPECT_TRUE(std::regex_search(outcome.output, std::regex(R"(JJJ +IM +1 +800)"))) << outcome.output;
}

TEST(TopologyCli, exportWritesValidGeojsonToAFileAndDotToStdout) {
  const auto dir = test_scratch();
  const auto path = dir / "national.geojson";
  const Outcome geo = run_aicn("topology export china-national --format geojson --out " + path.string());
  ASSERT_EQ(geo.exit_code, 0) << geo.output;
  std::ifstream in(path);
  const auto doc = nlohmann::json::parse(in);
  EXPECT_EQ(doc["type"], "FeatureCollection");
  EXPECT_EQ(doc["features"].size(), 10u + 6u + 20u);
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".partial"));

  const Outcome dot = run_aicn("topology export tiny-3site --format dot", false);
  EXPECT_EQ(dot.exit_code, 0);
  EXPECT_EQ(dot.output.rfind("graph G {", 0), 0u) << dot.output;

  EXPECT_EQ(run_aicn("topology export tiny-3site --format svg").exit_code, 2);
}

TEST(TopologyCli, layoutsListsTheBuiltInLayouts) {
  const Outcome outcome = run_aicn("layouts");
  EXPECT_EQ(outcome.exit_code, 0);
  for (const char* name : {"china-national", "china-mobile-4x3", "tiny-3site"})
    EXPECT_NE(outcome.output.find(name), std::string::npos) << outcome.output;
}

TEST(TopologyCli, aRunWithRandomFailuresIsReproducibleAndCountsItsOutages) {
  const auto dir = test_scratch();
  std::ofstream(dir / "failing.yaml") << R"(name: failing
seed: 3
horizon: 2d
layout: tiny-3site
workload: {source: poisson-training, arrivals_per_hour: 10, max_gpus: 64}
policy: least-loaded
checkpoint_interval: 30min
random_failures: {links: {mtbf: 12h, mttr: 1h}, sites: {mtbf: 1d, mttr: 2h}}
)";
  const std::string scenario = (dir / "failing.yaml").string();
  const Outcome a = run_aicn("run " + scenario + " --out " + (dir / "a").string());
  ASSERT_EQ(a.exit_code, 0) << a.output;
  ASSERT_EQ(run_aicn("run " + scenario + " --quiet --out " + (dir / "b").string()).exit_code, 0);
  std::stringstream ta, tb;  // each but for its run id
  ta << aicn_test::read_run_file(dir / "a", "summary.json");
  tb << aicn_test::read_run_file(dir / "b", "summary.json");
  EXPECT_EQ(ta.str(), tb.str());
  const auto summary = nlohmann::json::parse(ta.str());
  ASSERT_TRUE(summary.contains("outages")) << ta.str();
  EXPECT_GT(summary["outages"]["events"].get<int>(), 0);
  EXPECT_NE(a.output.find("Outages"), std::string::npos) << a.output;
}
