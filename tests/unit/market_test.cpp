// The trading platform (scheduler_policies/include/aicn/policy/market.hpp): a round on three
// quotes and four bids worked by hand, both pricing rules, and the seed's light-asset example.
#include <gtest/gtest.h>

#include <vector>

#include "aicn/policy/market.hpp"
#include "aicn/topology/config_node.hpp"

using namespace aicn::policy;
using aicn::config::ConfigNode;

namespace {

constexpr double kHour = 3600.0;
const aicn::topology::GpuModelId kA100 = aicn::topology::find_gpu_model("A100-80GB");
const aicn::topology::GpuModelId kH100 = aicn::topology::find_gpu_model("H100");

std::unique_ptr<MatchingRule> rule(const char* name, const char* params) {
  return MatchingRuleRegistry::instance().make(name, ConfigNode::load_text(params, "params.yaml"));
}

// Q1 Guizhou  A100  8 GPUs  [0, 100 h]   asks 8 yuan/GPU-hour  (posted at 1 s)
// Q2 Gansu    A100 16 GPUs  [10 h, 50 h] asks 6                (posted at 2 s)
// Q3 Ningxia  H100  8 GPUs  [0, 1000 h]  asks 20               (posted at 0 s)
std::vector<SupplyQuote> quotes() {
  return {{1, "Guizhou", kA100, 8, 0.0, 100 * kHour, 8.0, 1.0},
          {2, "Gansu", kA100, 16, 10 * kHour, 50 * kHour, 6.0, 2.0},
          {3, "Ningxia", kH100, 8, 0.0, 1000 * kHour, 20.0, 0.0}};
}
// B1 A100  8 GPUs 60 h by 200 h, up to 12 (posted at 5 s)
// B2 A100  8 GPUs 60 h by 200 h, up to 12 (posted at 3 s): same as B1 but earlier
// B3 A100 16 GPUs 20 h by 40 h,  up to 7  (posted at 1 s)
// B4 H100  8 GPUs 10 h by 100 h, up to 18 (posted at 0 s)
std::vector<DemandBid> bids() {
  return {{1, "lab-a", kA100, 8, 60 * kHour, 200 * kHour, 12.0, 5.0},
          {2, "lab-b", kA100, 8, 60 * kHour, 200 * kHour, 12.0, 3.0},
          {3, "lab-c", kA100, 16, 20 * kHour, 40 * kHour, 7.0, 1.0},
          {4, "lab-d", kH100, 8, 10 * kHour, 100 * kHour, 18.0, 0.0}};
}

}  // namespace

// With margin 0.1, in priority order (price, then posting time):
//   B4 (18): Q3 marked up is 22 > 18: no match.
//   B2 (12, posted 3 s): Q2 is cheapest but starts at 10 h and would end at 70 h > 50 h; Q1
//        (8 x 1.1 = 8.8 <= 12) from 0 to 60 h: matched, Q1 has no GPU left.
//   B1 (12, posted 5 s): Q1 is taken, Q2 cannot fit 60 h: no match (time priority lost it).
//   B3 (7): Q2 from 10 h to 30 h (<= 40 h deadline, <= 50 h latest), 6.6 <= 7: matched.
TEST(Market, priceTimeRoundGivesTheHandWorkedMatchesAndPrices) {
  const auto matches = rule("price-time", "{margin: 0.1}")->match(quotes(), bids(), 0.0);
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].bid_id, 2u);
  EXPECT_EQ(matches[0].quote_id, 1u);
  EXPECT_DOUBLE_EQ(matches[0].start_s, 0.0);
  EXPECT_DOUBLE_EQ(matches[0].end_s, 60 * kHour);
  EXPECT_EQ(matches[1].bid_id, 3u);
  EXPECT_EQ(matches[1].quote_id, 2u);
  EXPECT_EQ(matches[1].gpus, 16);
  EXPECT_DOUBLE_EQ(matches[1].start_s, 10 * kHour);
  EXPECT_DOUBLE_EQ(matches[1].end_s, 30 * kHour);
  // Each pays its own price: B2 12 x 8 x 60 = 5,760, Q1 gets 8 x 480 = 3,840, spread 1,920;
  // B3 7 x 16 x 20 = 2,240, Q2 gets 6 x 320 = 1,920, spread 320.
  EXPECT_DOUBLE_EQ(matches[0].buyer_yuan(), 5760.0);
  EXPECT_DOUBLE_EQ(matches[0].seller_yuan(), 3840.0);
  EXPECT_DOUBLE_EQ(matches[1].buyer_yuan(), 2240.0);
  EXPECT_DOUBLE_EQ(matches[1].seller_yuan(), 1920.0);
  const MarketBooks books = market_books(matches);
  EXPECT_EQ(books.matches, 2);
  EXPECT_DOUBLE_EQ(books.gpu_hours, 800.0);  // 480 + 320
  EXPECT_DOUBLE_EQ(books.platform_yuan, 2240.0);
}

TEST(Market, markupRoundChargesTheQuotePlusTheMargin) {
  const auto matches = rule("price-time-markup", "{margin: 0.1}")->match(quotes(), bids(), 0.0);
  ASSERT_EQ(matches.size(), 2u);
  // B2 pays 8.8 x 480 = 4,224 (platform 384); B3 pays 6.6 x 320 = 2,112 (platform 192).
  EXPECT_NEAR(matches[0].buyer_yuan(), 4224.0, 1e-9);
  EXPECT_NEAR(matches[1].buyer_yuan(), 2112.0, 1e-9);
  EXPECT_NEAR(market_books(matches).platform_yuan, 576.0, 1e-9);
}

TEST(Market, theRoundDoesNotDependOnInputOrderAndLaterRoundsStartLater) {
  auto q = quotes();
  auto b = bids();
  std::reverse(q.begin(), q.end());
  std::reverse(b.begin(), b.end());
  const auto matches = rule("price-time", "{margin: 0.1}")->match(q, b, 0.0);
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].bid_id, 2u);
  EXPECT_EQ(matches[1].bid_id, 3u);
  // At 25 h, B3 would start on Q2 at 25 h and end at 45 h, past its 40 h deadline: only B2 is
  // matched (Q1 from 25 h to 85 h); B1 still finds no room.
  const auto later = rule("price-time", "{margin: 0.1}")->match(quotes(), bids(), 25 * kHour);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].bid_id, 2u);
  EXPECT_DOUBLE_EQ(later[0].end_s, 85 * kHour);
}

TEST(Market, lightAssetPlatformKeeps431000YuanPerPflopsYear) {
  // The seed: the platform buys capacity at 200,000 yuan per PFLOPS-year and sells it at the
  // market's 180 yuan per 8x A100 server-hour (22.5 per GPU-hour), all year round.
  const double ask = yuan_per_gpu_hour_from_pflops_year(200000.0, kA100);  // 200,000 x 0.312 / 8760 = 7.1233
  EXPECT_NEAR(ask, 7.1233, 1e-4);
  const std::vector<SupplyQuote> supply{{1, "Guizhou", kA100, 8, 0.0, 8760 * kHour, ask, 0.0}};
  const std::vector<DemandBid> demand{{1, "lab", kA100, 8, 8760 * kHour, 8760 * kHour, 180.0 / 8.0, 0.0}};
  const auto matches = rule("price-time", "{}")->match(supply, demand, 0.0);
  ASSERT_EQ(matches.size(), 1u);
  const MarketBooks books = market_books(matches);
  // Buyer: 22.5 x 8 x 8760 = 1,576,800; seller: 200,000 x 2.496 PFLOPS = 499,200;
  // kept: 1,077,600 / 2.496 = 431,731 per PFLOPS-year. (The seed rounds 2.496 to 2.5 P:
  // 1,576,800 / 2.5 - 200,000 = 430,720; both are its "43.1万".)
  EXPECT_NEAR(books.buyer_yuan, 1576800.0, 1e-6);
  EXPECT_NEAR(books.seller_yuan, 499200.0, 1e-6);
  const double pflops = 8 * 312e12 / 1e15;
  EXPECT_NEAR(books.platform_yuan / pflops, 431731.0, 1.0);
  EXPECT_NEAR(yuan_per_pflops_year_from_gpu_hour(22.5, kA100) - 200000.0, 431731.0, 1.0);
}

TEST(Market, rulesAreRegisteredAndCheckTheirParameters) {
  EXPECT_TRUE(MatchingRuleRegistry::instance().contains("price-time"));
  EXPECT_TRUE(MatchingRuleRegistry::instance().contains("price-time-markup"));
  EXPECT_THROW(rule("price-time", "{margin: -1}"), aicn::config::ConfigError);
  EXPECT_THROW(rule("price-time", "{fee: 1}"), aicn::config::ConfigError);
  EXPECT_THROW(rule("auction", "{}"), std::invalid_argument);
}
