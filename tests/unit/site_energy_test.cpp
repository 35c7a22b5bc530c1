// Site economics in layouts: prices (flat and time-of-use), green share, carbon regions, PUE
// profiles, their validation errors, and the embedded reference tables.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

#include <fstream>
#include <sstream>

#include "aicn/topology/grid_tables.hpp"
#include "aicn/topology/layout_loader.hpp"

using namespace aicn::topology;
using aicn::config::ConfigError;
using aicn::config::ConfigNode;

namespace {

/// A one-site layout whose site carries `extra` (indented YAML lines).
std::string one_site(const std::string& province, const std::string& extra) {
  return "name: one\nhubs: [{name: E, side: east}]\nsites:\n  - name: s\n    hub: E\n" +
         (province.empty() ? std::string() : "    province: " + province + "\n") +
         "    lat: 31\n    lon: 121\n" + extra + "    pools: [{gpu: A100-80GB, gpus: 8}]\n";
}

Site site_of(const std::string& yaml) { return parse_layout(ConfigNode::load_text(yaml, "test.yaml")).sites.at(0); }

std::string error_of(const std::string& yaml) {
  try {
    parse_layout(ConfigNode::load_text(yaml, "test.yaml"));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(SiteEnergy, provinceGivesTheDefaultTariffAndCarbonFactor) {
  const Site site = site_of(one_site("Hebei", ""));
  EXPECT_EQ(site.energy.carbon_region, "Hebei");
  EXPECT_DOUBLE_EQ(site.energy.grid_co2_kg_per_kwh, 0.7252);
  EXPECT_TRUE(site.energy.price.is_flat());
  EXPECT_DOUBLE_EQ(site.energy.price.at(12345.0), 0.3682);
  EXPECT_EQ(site.energy.price_source, "coal benchmark tariff (Hebei)");
  EXPECT_DOUBLE_EQ(site.energy.green_share, 0.0);
}

TEST(SiteEnergy, explicitValuesOverrideTheDefaults) {
  const Site site = site_of(one_site("Hebei", "    electricity: {price: 0.5, green_share: 0.3, carbon_region: sichuan}\n"));
  EXPECT_DOUBLE_EQ(site.energy.price.at(0.0), 0.5);
  EXPECT_EQ(site.energy.price_source, "layout");
  EXPECT_DOUBLE_EQ(site.energy.green_share, 0.3);
  EXPECT_EQ(site.energy.carbon_region, "Sichuan");
  EXPECT_DOUBLE_EQ(site.energy.grid_co2_kg_per_kwh, 0.1404);
}

TEST(SiteEnergy, unknownProvinceLeavesPriceAndCarbonUnknown) {
  const Site site = site_of(one_site("", ""));
  EXPECT_EQ(site.energy.carbon_region, "");
  EXPECT_EQ(site.energy.price_source, "");
  EXPECT_DOUBLE_EQ(site.energy.grid_co2_kg_per_kwh, 0.0);
}

TEST(SiteEnergy, timeOfUseScheduleRepeatsDaily) {
  const Site site = site_of(one_site("Shanghai", R"(    electricity:
      time_of_use:
        - {from: "00:00", price: 0.2}
        - {from: "08:00", price: 0.8}
        - {from: "22:00", price: 0.2}
)"));
  const auto& price = site.energy.price;
  EXPECT_FALSE(price.is_flat());
  EXPECT_DOUBLE_EQ(price.at(7.9 * 3600), 0.2);
  EXPECT_DOUBLE_EQ(price.at(8 * 3600), 0.8);
  EXPECT_DOUBLE_EQ(price.at(86400 + 12 * 3600), 0.8);
  EXPECT_DOUBLE_EQ(price.at(86400 + 23 * 3600), 0.2);
  EXPECT_DOUBLE_EQ(price.next_change_after(0.0), 8 * 3600);
  EXPECT_DOUBLE_EQ(price.next_change_after(8 * 3600), 22 * 3600);
  EXPECT_DOUBLE_EQ(price.next_change_after(23 * 3600), 86400);
  EXPECT_DOUBLE_EQ(price.daily_mean(), (10 * 0.2 + 14 * 0.8) / 24);
}

TEST(SiteEnergy, pueProfilesMonthlyAndHourly) {
  std::string months = "[1.3, 1.3, 1.25, 1.2, 1.2, 1.15, 1.1, 1.1, 1.15, 1.2, 1.25, 1.3]";
  const Site monthly = site_of(one_site("Gansu", "    pue: {monthly: " + months + "}\n"));
  EXPECT_DOUBLE_EQ(monthly.energy.pue.at(0.0), 1.3);
  EXPECT_DOUBLE_EQ(monthly.energy.pue.at(31 * 86400.0), 1.3);             // 1 February
  EXPECT_DOUBLE_EQ(monthly.energy.pue.at((31 + 28) * 86400.0), 1.25);     // 1 March
  EXPECT_DOUBLE_EQ(monthly.energy.pue.next_change_after(10.0), 31 * 86400.0);
  EXPECT_DOUBLE_EQ(monthly.energy.pue.at(365 * 86400.0 + 200 * 86400.0), 1.1);  // July, next year
  EXPECT_NEAR(monthly.pue, monthly.energy.pue.mean(), 0.0);
  EXPECT_GT(monthly.pue, 1.1);
  EXPECT_LT(monthly.pue, 1.3);

  std::string hours = "[";
  for (int h = 0; h < 24; ++h) hours += (h ? ", " : "") + std::string(h >= 12 && h < 18 ? "1.4" : "1.2");
  const Site hourly = site_of(one_site("Gansu", "    pue: {hourly: " + hours + "]}\n"));
  EXPECT_DOUBLE_EQ(hourly.energy.pue.at(13 * 3600.0), 1.4);
  EXPECT_DOUBLE_EQ(hourly.energy.pue.at(86400 + 3600.0), 1.2);
  EXPECT_DOUBLE_EQ(hourly.energy.pue.next_change_after(13.5 * 3600), 14 * 3600.0);
  EXPECT_DOUBLE_EQ(hourly.pue, (18 * 1.2 + 6 * 1.4) / 24);
}

TEST(SiteEnergy, badValuesNameFileKeyAndValue) {
  std::string e = error_of(one_site("Hebei", "    electricity: {green_share: 1.5}\n"));
  EXPECT_NE(e.find("test.yaml:"), std::string::npos) << e;
  EXPECT_NE(e.find("sites[0].electricity.green_share"), std::string::npos) << e;
  EXPECT_NE(e.find("'1.5'"), std::string::npos) << e;

  e = error_of(one_site("Hebei", "    electricity: {carbon_region: Atlantis}\n"));
  EXPECT_NE(e.find("sites[0].electricity.carbon_region"), std::string::npos) << e;
  EXPECT_NE(e.find("Atlantis"), std::string::npos) << e;

  e = error_of(one_site("Hebei", "    electricity: {price: -0.1}\n"));
  EXPECT_NE(e.find("sites[0].electricity.price"), std::string::npos) << e;

  e = error_of(one_site("Hebei", "    electricity: {price: 0.3, time_of_use: [{from: \"00:00\", price: 0.2}]}\n"));
  EXPECT_NE(e.find("not several"), std::string::npos) << e;

  e = error_of(one_site("Hebei", "    electricity: {time_of_use: [{from: \"01:00\", price: 0.2}]}\n"));
  EXPECT_NE(e.find("must start at 00:00"), std::string::npos) << e;

  e = error_of(one_site("Hebei", "    electricity: {time_of_use: [{from: \"00:00\", price: 0.2}, {from: \"25:00\", price: 0.3}]}\n"));
  EXPECT_NE(e.find("time_of_use[1].from"), std::string::npos) << e;
  EXPECT_NE(e.find("25:00"), std::string::npos) << e;

  e = error_of(one_site("Hebei", "    electricity: {time_of_use: [{from: \"00:00\", price: 0.2}, {from: \"00:00\", price: 0.3}]}\n"));
  EXPECT_NE(e.find("increasing order"), std::string::npos) << e;

  e = error_of(one_site("Hebei", "    pue: {monthly: [1.2, 1.3]}\n"));
  EXPECT_NE(e.find("sites[0].pue.monthly"), std::string::npos) << e;
  EXPECT_NE(e.find("needs 12 values"), std::string::npos) << e;

  e = error_of(one_site("Hebei", "    pue: 0.9\n"));
  EXPECT_NE(e.find("sites[0].pue"), std::string::npos) << e;

  e = error_of(one_site("Hebei", "    electricity: {tariff: 0.3}\n"));
  EXPECT_NE(e.find("tariff"), std::string::npos) << e;
}

TEST(SiteEnergy, resolvedLayoutKeepsEveryEnergyValue) {
  const Layout original = load_layout("tiny-3site");
  YAML::Emitter out;
  out << layout_to_yaml(original);
  const Layout again = parse_layout(ConfigNode::load_text(out.c_str(), "resolved"));
  ASSERT_EQ(again.sites.size(), original.sites.size());
  for (std::size_t s = 0; s < original.sites.size(); ++s) {
    const auto& a = original.sites[s].energy;
    const auto& b = again.sites[s].energy;
    ASSERT_EQ(a.price.periods().size(), b.price.periods().size());
    for (std::size_t p = 0; p < a.price.periods().size(); ++p) {
      EXPECT_EQ(a.price.periods()[p].from_s, b.price.periods()[p].from_s);
      EXPECT_EQ(a.price.periods()[p].yuan_per_kwh, b.price.periods()[p].yuan_per_kwh);
    }
    EXPECT_EQ(a.green_share, b.green_share);
    EXPECT_EQ(a.carbon_region, b.carbon_region);
    EXPECT_EQ(a.grid_co2_kg_per_kwh, b.grid_co2_kg_per_kwh);
    EXPECT_EQ(original.sites[s].pue, again.sites[s].pue);
  }
  EXPECT_FALSE(original.sites[0].energy.price.is_flat());  // east-a shows a time-of-use tariff
}

TEST(SiteEnergy, builtInNationalLayoutHasAPriceAndCarbonRegionForEverySite) {
  const Layout layout = load_layout("china-national");
  for (const auto& site : layout.sites) {
    EXPECT_FALSE(site.energy.price_source.empty()) << site.name;
    EXPECT_GT(site.energy.price.daily_mean(), 0.2) << site.name;
    EXPECT_FALSE(site.energy.carbon_region.empty()) << site.name;
    EXPECT_EQ(site.energy.carbon_region, site.province) << site.name;
  }
}

TEST(GridTables, embeddedCarbonTableMatchesTheSharedResearchCopy) {
  std::ifstream shared(std::string(AICN_SHARED_DATA_DIR) + "/china_network/provincial_grid_co2_factor_2021_2022.csv");
  if (!shared) GTEST_SKIP() << "shared data folder not present";
  std::string line;
  int rows = 0;
  while (std::getline(shared, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("province_cn", 0) == 0) continue;
    std::stringstream cells(line);
    std::string cn, en, f2021, f2022;
    std::getline(cells, cn, ',');
    std::getline(cells, en, ',');
    std::getline(cells, f2021, ',');
    std::getline(cells, f2022, ',');
    ASSERT_TRUE(grid_co2_kg_per_kwh(en).has_value()) << en;
    EXPECT_DOUBLE_EQ(*grid_co2_kg_per_kwh(en), std::stod(f2022)) << en;
    EXPECT_DOUBLE_EQ(*grid_co2_kg_per_kwh_2021(en), std::stod(f2021)) << en;
    ++rows;
  }
  EXPECT_EQ(rows, 30);
  EXPECT_FALSE(coal_benchmark_yuan_per_kwh("Sichuan").has_value());
  EXPECT_DOUBLE_EQ(*coal_benchmark_yuan_per_kwh("ningxia"), 0.2595);
}

TEST(TimeRemainder, equalsFmodBitForBitNearEveryDayBoundaryAndAtRandom) {
  // Expected values from the C library's fmod, which is exact; time_remainder replaces it on
  // the energy books' hot path and must not move a single bit.
  using aicn::topology::time_remainder;
  const auto same = [](double t, double period) {
    const double expected = std::fmod(t, period);
    const double got = time_remainder(t, period);
    EXPECT_EQ(std::memcmp(&expected, &got, sizeof got), 0) << std::hexfloat << t << " mod " << period << ": " << got
                                                            << " vs fmod " << expected;
  };
  for (const double period : {aicn::topology::kSecondsPerDay, aicn::topology::kSecondsPerYear, 3600.0}) {
    for (double k = 0; k < 20000; k += 1) {
      double t = k * period;
      for (int step = 0; step < 4; ++step) t = std::nextafter(t, 0.0);  // a few ulps below the boundary
      for (int step = 0; step < 8; ++step, t = std::nextafter(t, 1e300)) same(t, period);
    }
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> time(0.0, 1e10);
    for (int i = 0; i < 200000; ++i) same(time(random), period);
    same(0.0, period);
    same(-1.5, period);            // negative: fmod's sign
    same(0x1p60, period);           // past 2^52: fmod itself
  }
}
