// The NDRC 2021 time-of-use rule (topology/tou_tariff.hpp): the schedule's windows and prices
// worked out by hand, its daily mean, and the layout key `electricity.tariff`.
#include <gtest/gtest.h>

#include "aicn/topology/layout_loader.hpp"
#include "aicn/topology/tou_tariff.hpp"

using namespace aicn::topology;
using aicn::config::ConfigError;
using aicn::config::ConfigNode;

namespace {

constexpr double kHour = 3600.0;

Site site_with(const std::string& province, const std::string& electricity) {
  const std::string yaml = "name: one\nhubs: [{name: W, side: west}]\nsites:\n  - name: s\n    hub: W\n    province: " +
                           province + "\n    lat: 40\n    lon: 111\n    electricity: " + electricity +
                           "\n    pools: [{gpu: A100-80GB, gpus: 8}]\n";
  return parse_layout(ConfigNode::load_text(yaml, "test.yaml")).sites.at(0);
}

std::string error_of(const std::string& province, const std::string& electricity) {
  try {
    site_with(province, electricity);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// 3:1 about 0.38: k = (3 - 1) / (3 + 1) = 0.5, peak 0.38 x 1.5 = 0.57, valley 0.38 x 0.5 = 0.19.
TEST(NdrcTariff, threeToOneAboutTheFlatLevel) {
  const ElectricityPrice price = ndrc_2021_time_of_use(0.38, 3.0);
  EXPECT_DOUBLE_EQ(price.at(3 * kHour), 0.19);      // 03:00 valley
  EXPECT_DOUBLE_EQ(price.at(7.5 * kHour), 0.38);    // 07:30 flat
  EXPECT_DOUBLE_EQ(price.at(9 * kHour), 0.57);      // 09:00 peak
  EXPECT_DOUBLE_EQ(price.at(14 * kHour), 0.38);     // 14:00 flat
  EXPECT_DOUBLE_EQ(price.at(20 * kHour), 0.57);     // 20:00 peak
  EXPECT_DOUBLE_EQ(price.at(23.5 * kHour), 0.19);   // 23:30 valley
  EXPECT_DOUBLE_EQ(price.at(86400 + 9 * kHour), 0.57);  // every day the same
  // 8 h at each level: (8 x 0.19 + 8 x 0.38 + 8 x 0.57) / 24 = 0.38.
  EXPECT_NEAR(price.daily_mean(), 0.38, 1e-12);
  EXPECT_DOUBLE_EQ(price.next_change_after(3 * kHour), 7 * kHour);
}

// 4:1 about 0.34: k = 3 / 5 = 0.6, peak 0.544, valley 0.136; 0.544 / 0.136 = 4.
TEST(NdrcTariff, fourToOneWhereTheLoadGapIsLarge) {
  const ElectricityPrice price = ndrc_2021_time_of_use(0.34, kNdrcMinimumRatioLargeGap);
  EXPECT_NEAR(price.at(9 * kHour), 0.544, 1e-12);
  EXPECT_NEAR(price.at(1 * kHour), 0.136, 1e-12);
  EXPECT_NEAR(price.at(9 * kHour) / price.at(1 * kHour), 4.0, 1e-12);
}

TEST(NdrcTariff, layoutKeyUsesTheProvincesRetailLevelOrTheGivenOne) {
  const Site hohhot = site_with("Inner Mongolia", "{tariff: ndrc-2021}");
  EXPECT_DOUBLE_EQ(hohhot.energy.price.at(9 * kHour), 0.57);
  EXPECT_NE(hohhot.energy.price_source.find("NDRC 2021"), std::string::npos) << hohhot.energy.price_source;
  const Site given = site_with("Hebei", "{tariff: {rule: ndrc-2021, flat: 0.5, peak_valley_ratio: 4}}");
  EXPECT_NEAR(given.energy.price.at(20 * kHour), 0.8, 1e-12);
  EXPECT_NEAR(given.energy.price.at(2 * kHour), 0.2, 1e-12);
}

TEST(NdrcTariff, badTariffsAreNamed) {
  std::string e = error_of("Hebei", "{tariff: ndrc-2021}");
  EXPECT_NE(e.find("sites[0].electricity.tariff"), std::string::npos) << e;
  EXPECT_NE(e.find("no built-in retail level for province 'Hebei'"), std::string::npos) << e;
  e = error_of("Gansu", "{tariff: ndrc-2019}");
  EXPECT_NE(e.find("unknown tariff rule 'ndrc-2019'"), std::string::npos) << e;
  e = error_of("Gansu", "{tariff: {rule: ndrc-2021, peak_valley_ratio: 0.5}}");
  EXPECT_NE(e.find("peak_valley_ratio"), std::string::npos) << e;
  EXPECT_NE(e.find("'0.5'"), std::string::npos) << e;
  e = error_of("Gansu", "{tariff: ndrc-2021, price: 0.3}");
  EXPECT_NE(e.find("not several"), std::string::npos) << e;
}
