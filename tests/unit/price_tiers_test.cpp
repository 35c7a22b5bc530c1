// Price tiers (topology/price_tiers.hpp) and the rent-or-build comparison
// (topology/rent_vs_build.hpp). Every expected value is worked by hand from the seed's
// August 2024 table (seed 002) in the comment beside it.
#include <gtest/gtest.h>

#include <cmath>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/price_tiers.hpp"
#include "aicn/topology/rent_vs_build.hpp"

using namespace aicn::topology;
using aicn::config::ConfigError;
using aicn::config::ConfigNode;

namespace {

const GpuModelId kA100 = find_gpu_model("A100-80GB");

double mean_of_known(const double (&values)[5]) {
  double sum = 0.0;
  int count = 0;
  for (double v : values)
    if (!std::isnan(v)) sum += v, ++count;
  return sum / count;
}

}  // namespace

TEST(PriceTiers, seedTableTranscriptionAgreesWithItsOwnMeans) {
  // The seed's 均值 column is the mean of the providers that quote, rounded to 0.1:
  // V100 hourly (19.7 + 15.3 + 15.4) / 3 = 16.8; monthly (7.6 + 5.5 + 5.4 + 4.8 + 5.9) / 5 = 5.84;
  // A100-80GB monthly (11.6 + 17.1) / 2 = 14.35 (printed 14.4).
  ASSERT_EQ(seed_price_table().size(), 4u);
  for (const auto& row : seed_price_table()) {
    EXPECT_NEAR(mean_of_known(row.hourly), row.hourly_mean, 0.051) << row.gpu;
    EXPECT_NEAR(mean_of_known(row.monthly_10k), row.monthly_mean_10k, 0.051) << row.gpu;
  }
}

TEST(PriceTiers, a100DefaultsAreTheSeedsAugust2024Figures) {
  const ModelPrices p = PriceList::defaults().at(kA100);  // a copy: defaults() is a temporary
  EXPECT_DOUBLE_EQ(p.hourly_yuan_per_gpu, 40.4);
  EXPECT_DOUBLE_EQ(p.monthly_yuan_per_server, 144000.0);
  // 12 x 144,000 x 0.83 (8.3折) = 1,434,240
  EXPECT_NEAR(p.yearly_yuan_per_server(), 1434240.0, 1e-6);
  // Per GPU-hour: monthly 144,000 / 8 / 730 = 24.6575; yearly 1,434,240 / 8 / 8760 = 20.4658
  EXPECT_NEAR(p.yuan_per_gpu_hour(PriceTier::MONTHLY), 24.6575, 1e-4);
  EXPECT_NEAR(p.yuan_per_gpu_hour(PriceTier::YEARLY), 20.4658, 1e-4);
  // The A800 is the A100's export variant; the H100 is priced per FP16 PFLOPS: 40.4 x 989 / 312 = 128.06
  EXPECT_DOUBLE_EQ(PriceList::defaults().at(find_gpu_model("A800-80GB")).hourly_yuan_per_gpu, 40.4);
  EXPECT_NEAR(PriceList::defaults().at(find_gpu_model("H100")).hourly_yuan_per_gpu, 128.06, 0.005);
}

TEST(PriceTiers, yearlyIsFifteenToSeventeenPercentBelowTwelveMonthlyPayments) {
  for (double d : seed_yearly_discounts()) {
    if (!std::isnan(d)) {
      EXPECT_TRUE(d >= 0.15 && d <= 0.17) << d;
    }
  }
  const PriceList list = PriceList::defaults();
  for (const auto& p : list.models) {
    const double off = 1.0 - p.yearly_yuan_per_server() / (12.0 * p.monthly_yuan_per_server);
    EXPECT_GE(off, 0.15 - 1e-12);
    EXPECT_LE(off, 0.17 + 1e-12);
  }
}

TEST(PriceTiers, leasesAreBilledProRataAtTheirTier) {
  const PriceList list = PriceList::defaults();
  // 4 GPUs for 10 h on demand: 4 x 10 x 40.4 = 1,616
  EXPECT_NEAR(list.lease_yuan(PriceTier::HOURLY, kA100, 4, 10 * 3600.0), 1616.0, 1e-6);
  // Two servers (16 GPUs) for one month (730 h): 2 x 144,000 = 288,000
  EXPECT_NEAR(list.lease_yuan(PriceTier::MONTHLY, kA100, 16, 730 * 3600.0), 288000.0, 1e-6);
  // One server for a year: 1,434,240; for half a year, half of it
  EXPECT_NEAR(list.lease_yuan(PriceTier::YEARLY, kA100, 8, 8760 * 3600.0), 1434240.0, 1e-6);
  EXPECT_NEAR(list.lease_yuan(PriceTier::YEARLY, kA100, 8, 4380 * 3600.0), 717120.0, 1e-6);
}

TEST(PriceTiers, termPicksTheLongestTierItReaches) {
  EXPECT_EQ(tier_for_term(729 * 3600.0), PriceTier::HOURLY);
  EXPECT_EQ(tier_for_term(730 * 3600.0), PriceTier::MONTHLY);
  EXPECT_EQ(tier_for_term(8759 * 3600.0), PriceTier::MONTHLY);
  EXPECT_EQ(tier_for_term(8760 * 3600.0), PriceTier::YEARLY);
  PriceTier tier = PriceTier::HOURLY;
  EXPECT_TRUE(parse_price_tier("yearly", tier));
  EXPECT_EQ(tier, PriceTier::YEARLY);
  EXPECT_FALSE(parse_price_tier("weekly", tier));
}

TEST(PriceTiers, aScenarioOverridesTheDefaultAndEachSite) {
  const auto node = ConfigNode::load_text(
      "default: {A100-80GB: {hourly: 30}}\n"
      "sites: {Guizhou: {A100-80GB: {monthly_server: 100000, yearly_discount: 0.15}}}\n",
      "prices.yaml");
  const SitePrices prices = parse_site_prices(node);
  EXPECT_DOUBLE_EQ(prices.for_site("Beijing").at(kA100).hourly_yuan_per_gpu, 30.0);
  EXPECT_DOUBLE_EQ(prices.for_site("Beijing").at(kA100).monthly_yuan_per_server, 144000.0);
  // The site's list starts from the overridden default.
  const ModelPrices& guizhou = prices.for_site("Guizhou").at(kA100);
  EXPECT_DOUBLE_EQ(guizhou.hourly_yuan_per_gpu, 30.0);
  EXPECT_DOUBLE_EQ(guizhou.monthly_yuan_per_server, 100000.0);
  EXPECT_NEAR(guizhou.yearly_yuan_per_server(), 1020000.0, 1e-6);  // 12 x 100,000 x 0.85
}

TEST(PriceTiers, badPricesAreNamed) {
  auto fails_with = [](const char* text, const char* expected) {
    try {
      parse_site_prices(ConfigNode::load_text(text, "p.yaml"));
      ADD_FAILURE() << "accepted " << text;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  };
  fails_with("default: {B200: {hourly: 3}}", "unknown GPU model 'B200'");
  fails_with("default: {A100-80GB: {hourly: -3}}", "must be zero or more, got '-3'");
  fails_with("default: {A100-80GB: {yearly_discount: 1}}", "within [0, 1), got '1'");
  fails_with("default: {A100-80GB: {daily: 1}}", "daily");
  fails_with("site: {}", "site");
}

TEST(RentVsBuild, seedsA100CaseIs133400AMonthAbout1Point6MillionAYear) {
  RentVsBuildInputs in;
  in.servers = 8;
  in.years = 3.0;
  in.rent_yuan_per_server_month = 133400.0;
  in.yearly_discount = 0.15;
  in.hourly_yuan_per_gpu = 40.4;
  in.capex_yuan_per_server = 1.80e6;
  const RentVsBuild r = rent_vs_build(in);
  EXPECT_NEAR(r.rent_per_server_year, 1600800.0, 1e-6);          // 12 x 133,400
  EXPECT_NEAR(r.rent_total, 38419200.0, 1e-6);                   // x 8 servers x 3 years
  EXPECT_NEAR(r.subscription_per_server_year, 1360680.0, 1e-6);  // x 0.85
  EXPECT_NEAR(r.depreciation_per_server_year, 360000.0, 1e-6);   // 1.80 M / 5
  EXPECT_NEAR(r.cash_cost_per_server_year, 240000.0, 1e-6);      // 0.36 M x 40 / 60
  EXPECT_NEAR(r.build_total, 14400000.0, 1e-6);                  // 0.60 M x 8 x 3
  EXPECT_NEAR(r.book_value_left, 5760000.0, 1e-6);               // 14.4 M x 2 / 5
  // 600,000 / (40.4 x 8 x 8760 = 2,831,232) = 0.21192; 600,000 / 1,600,800 = 0.37481
  EXPECT_NEAR(r.break_even_hourly_utilisation, 0.21192, 1e-5);
  EXPECT_NEAR(r.break_even_monthly_share, 0.37481, 1e-5);
}

TEST(RentVsBuild, badInputIsNamed) {
  RentVsBuildInputs in;
  in.rent_yuan_per_server_month = 1.0;
  in.hourly_yuan_per_gpu = 1.0;
  in.capex_yuan_per_server = 1.0;
  in.years = 0.0;
  EXPECT_THROW(rent_vs_build(in), std::invalid_argument);
}
