// The layout file format: demand regions, the three ways to give a link's latency, global
// parameters and rules, and errors that name the file, the key path and the bad value.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "aicn/topology/geo.hpp"
#include "aicn/topology/layout_loader.hpp"

using namespace aicn::topology;
using aicn::config::ConfigError;
using aicn::config::ConfigNode;

namespace {

const char* kLayout = R"(name: format
parameters:
  fibre_latency_per_km: 5us
  route_factor: 1.8
  hop_delay: 0.1ms
rules:
  max_route_ratio: 1.6
  hub_latency_budget: 15ms
hubs:
  - {name: E, side: east}
  - {name: W, side: west}
sites:
  - {name: east, hub: E, lat: 31.0, lon: 121.0, pools: [{gpu: A100-80GB, gpus: 16}]}
  - {name: west, hub: W, lat: 26.6, lon: 106.7, pools: [{gpu: A100-80GB, gpus: 64}]}
  - {name: north, hub: W, lat: 37.5, lon: 105.2, pools: [{gpu: H800, gpus: 64}]}
demand_regions:
  - {name: Shanghai, hub: E, lat: 31.22, lon: 121.48, weight: 24.8}
  - {name: Hangzhou, hub: E, lat: 30.26, lon: 120.19}
links:
  - {between: [east, west], bandwidth: 100Gbps, latency: 10ms}
  - {between: [east, north], bandwidth: 100Gbps, route_length: 2400km}
  - {between: [west, north], bandwidth: 400Gbps, latency: auto}
)";

Layout parse(const std::string& yaml) { return parse_layout(ConfigNode::load_text(yaml, "format.yaml")); }

/// The message of the ConfigError that `yaml` raises, or "" when it parses.
std::string error_of(const std::string& yaml) {
  try {
    parse(yaml);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

/// Asserts the error of the edited layout names the file, the key path and the value.
void expect_error(const std::string& from, const std::string& to, const std::string& key_path,
                  const std::string& value) {
  const std::string message = error_of(replaced(kLayout, from, to));
  ASSERT_FALSE(message.empty()) << "no error for " << to;
  EXPECT_NE(message.find("format.yaml:"), std::string::npos) << message;
  EXPECT_NE(message.find(key_path), std::string::npos) << message;
  EXPECT_NE(message.find(value), std::string::npos) << message;
}

}  // namespace

TEST(LayoutFormat, readsParametersRulesAndDemandRegions) {
  const Layout layout = parse(kLayout);
  EXPECT_DOUBLE_EQ(layout.parameters.hop_delay_s, 1e-4);
  EXPECT_DOUBLE_EQ(layout.rules.max_route_ratio, 1.6);
  EXPECT_DOUBLE_EQ(layout.rules.hub_latency_budget_s, 0.015);
  EXPECT_DOUBLE_EQ(layout.rules.region_latency_budget_s, 0.005);  // default
  ASSERT_EQ(layout.demand_regions.size(), 2u);
  EXPECT_EQ(layout.demand_regions[0].name, "Shanghai");
  EXPECT_EQ(layout.demand_regions[0].hub, 0);
  EXPECT_DOUBLE_EQ(layout.demand_regions[0].weight, 24.8);
  EXPECT_DOUBLE_EQ(layout.demand_regions[1].weight, 1.0);
}

TEST(LayoutFormat, givenLatencyIsTakenAsIsWithoutTheHopDelay) {
  const Layout layout = parse(kLayout);  // owns the link: parse() returns a temporary
  const Link& link = layout.links[0];
  EXPECT_EQ(link.latency_source, LatencySource::GIVEN);
  EXPECT_DOUBLE_EQ(link.latency_s, 0.010);
}

TEST(LayoutFormat, routeLengthLatencyIsKmTimesDelayPerKmPlusHopDelay) {
  const Layout layout = parse(kLayout);  // owns the link: parse() returns a temporary
  const Link& link = layout.links[1];
  EXPECT_EQ(link.latency_source, LatencySource::ROUTE_LENGTH);
  EXPECT_DOUBLE_EQ(link.route_km, 2400.0);
  EXPECT_NEAR(link.latency_s, 2400 * 5e-6 + 1e-4, 1e-15);
}

TEST(LayoutFormat, autoLatencyIsGreatCircleTimesFactorPlusHopDelay) {
  const Layout layout = parse(kLayout);  // owns the link: parse() returns a temporary
  const Link& link = layout.links[2];
  EXPECT_EQ(link.latency_source, LatencySource::AUTO);
  EXPECT_NEAR(link.route_km, link.distance_km * 1.8, 1e-9);
  EXPECT_NEAR(link.latency_s, link.distance_km * 1.8 * 5e-6 + 1e-4, 1e-15);
}

TEST(LayoutFormat, knownPairLatencyIsWithinOnePercentOfPublishedDistanceTimesFactor) {
  // cluster_pair_distance_latency.csv: Zhangjiakou-Horinger 274 km great circle.
  const Layout layout = load_layout("china-national");
  const int link = layout.link_index(layout.site_index("zhangjiakou"), layout.site_index("horinger"));
  ASSERT_GE(link, 0);
  const double expected = 274.0 * 1.8 * 5e-6;
  EXPECT_NEAR(layout.links[static_cast<std::size_t>(link)].latency_s, expected, expected * 0.01);
}

TEST(LayoutFormat, resolvedYamlKeepsDemandRegionsParametersAndRules) {
  const Layout original = parse(kLayout);
  YAML::Emitter out;
  out << layout_to_yaml(original);
  const Layout again = parse(out.c_str());
  ASSERT_EQ(again.demand_regions.size(), 2u);
  EXPECT_DOUBLE_EQ(again.demand_regions[0].lat_deg, 31.22);
  EXPECT_DOUBLE_EQ(again.parameters.hop_delay_s, 1e-4);
  EXPECT_DOUBLE_EQ(again.rules.hub_latency_budget_s, 0.015);
  for (std::size_t i = 0; i < original.links.size(); ++i)
    EXPECT_DOUBLE_EQ(again.links[i].latency_s, original.links[i].latency_s);
}

TEST(LayoutFormat, siteWithUnknownHubNamesTheKeyAndTheHub) {
  expect_error("{name: west, hub: W,", "{name: west, hub: WX,", "sites[1].hub", "'WX'");
}

TEST(LayoutFormat, demandRegionWithUnknownHubNamesTheKeyAndTheHub) {
  expect_error("{name: Hangzhou, hub: E,", "{name: Hangzhou, hub: YRD,", "demand_regions[1].hub", "'YRD'");
}

TEST(LayoutFormat, duplicateNamesAreRefused) {
  expect_error("{name: north, hub: W,", "{name: west, hub: W,", "sites[2].name", "'west'");
  expect_error("{name: W, side: west}", "{name: E, side: west}", "hubs[1].name", "'E'");
  expect_error("{name: Hangzhou,", "{name: Shanghai,", "demand_regions[1].name", "'Shanghai'");
}

TEST(LayoutFormat, linkToAMissingSiteNamesTheSite) {
  expect_error("between: [east, north]", "between: [east, nowhere]", "links[1].between[1]", "'nowhere'");
}

TEST(LayoutFormat, zeroBandwidthIsRefused) {
  expect_error("bandwidth: 400Gbps", "bandwidth: 0Gbps", "links[2].bandwidth", "'0Gbps'");
}

TEST(LayoutFormat, coordinatesOutOfRangeAreRefused) {
  expect_error("lat: 26.6", "lat: 96.6", "sites[1].lat", "'96.6'");
  expect_error("lon: 105.2", "lon: 205.2", "sites[2].lon", "'205.2'");
  expect_error("lat: 31.22", "lat: -91", "demand_regions[0].lat", "'-91'");
}

TEST(LayoutFormat, latencyAndRouteLengthTogetherAreRefused) {
  expect_error("route_length: 2400km}", "route_length: 2400km, latency: 3ms}", "links[1].latency", "not both");
}

TEST(LayoutFormat, routeShorterThanTheGreatCircleIsRefused) {
  expect_error("route_length: 2400km", "route_length: 500km", "links[1].route_length", "'500km'");
}

TEST(LayoutFormat, routeLengthNeedsADistanceUnit) {
  expect_error("route_length: 2400km", "route_length: 2400ms", "links[1].route_length", "'2400ms'");
}

TEST(LayoutFormat, aLayoutFileThatFailsNamesTheFilePath) {
  const auto path = std::filesystem::temp_directory_path() / ("aicn-bad-layout-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << replaced(kLayout, "bandwidth: 100Gbps, latency: 10ms", "bandwidth: 0bps, latency: 10ms");
  try {
    load_layout(path.string());
    FAIL() << "a zero bandwidth was accepted";
  } catch (const ConfigError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path.string() + ":"), std::string::npos) << message;
    EXPECT_NE(message.find("links[0].bandwidth"), std::string::npos) << message;
    EXPECT_NE(message.find("'0bps'"), std::string::npos) << message;
  }
  std::filesystem::remove(path);
}

TEST(LayoutFormat, chinaNationalDemandCitiesMatchThePublishedDistances) {
  // Every city-to-cluster distance in cluster_pair_distance_latency.csv is reproduced by the
  // coordinates in china-national.yaml to within 2 km (the csv rounds to whole km).
  const Layout layout = load_layout("china-national");
  const std::map<std::string, std::string> site_of_csv_name = {
      {"Zhangjiakou", "zhangjiakou"}, {"YRD Eco-Green Integration Demo Zone", "yrd-demo-zone"},
      {"Wuhu", "wuhu"},               {"Shaoguan", "shaoguan"},
      {"Tianfu (Sichuan)", "tianfu"}, {"Chongqing", "chongqing"},
      {"Horinger", "horinger"},       {"Gui'an", "guian"},
      {"Qingyang", "qingyang"},       {"Zhongwei", "zhongwei"}};
  auto position = [&](const std::string& csv_name, double& lat, double& lon) {
    const auto site = site_of_csv_name.find(csv_name);
    if (site != site_of_csv_name.end()) {
      const Site& s = layout.sites.at(static_cast<std::size_t>(layout.site_index(site->second)));
      lat = s.lat_deg, lon = s.lon_deg;
      return true;
    }
    const int region = layout.demand_region_index(csv_name);
    if (region < 0) return false;
    lat = layout.demand_regions[static_cast<std::size_t>(region)].lat_deg;
    lon = layout.demand_regions[static_cast<std::size_t>(region)].lon_deg;
    return true;
  };
  // A copy of shared/data/china_network/cluster_pair_distance_latency.csv (derived by the
  // project, no third-party licence), so the test runs on a clean clone.
  std::ifstream csv(std::string(AICN_SOURCE_DIR) + "/tests/data/china_network/cluster_pair_distance_latency.csv");
  ASSERT_TRUE(csv) << "missing tests/data/china_network/cluster_pair_distance_latency.csv";
  std::string line;
  std::getline(csv, line);
  int city_pairs = 0;
  while (std::getline(csv, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // the csv has CRLF line ends
    std::stringstream fields(line);
    std::string from, to, km;
    std::getline(fields, from, ',');
    std::getline(fields, to, ',');
    std::getline(fields, km, ',');
    double lat1 = 0, lon1 = 0, lat2 = 0, lon2 = 0;
    ASSERT_TRUE(position(from, lat1, lon1)) << from << " is not in china-national";
    ASSERT_TRUE(position(to, lat2, lon2)) << to << " is not in china-national";
    EXPECT_NEAR(great_circle_km(lat1, lon1, lat2, lon2), std::stod(km), 2.0) << from << " - " << to;
    city_pairs += site_of_csv_name.count(from) == 0 || site_of_csv_name.count(to) == 0;
  }
  EXPECT_EQ(city_pairs, 6 * 10 + 15);  // every city against every cluster and every other city
}
