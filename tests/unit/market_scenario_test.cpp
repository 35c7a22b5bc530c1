// The scenario key `market` (sim/src/scenario_market.*): rounds over what is posted by then,
// matches made leases, and errors that name the key. No engine: the matching runs at load.
#include <gtest/gtest.h>

#include "aicn/sim/scenario.hpp"

using namespace aicn;

namespace {

std::string scenario_with(const std::string& market) {
  return R"(name: m
horizon: 10h
layout: tiny-3site
workload: {source: poisson-training, arrivals_per_hour: 1}
policy: local-first
market:
)" + market;
}

sim::Scenario load(const std::string& market) {
  return sim::parse_scenario(config::ConfigNode::load_text(scenario_with(market), "m.yaml"), "");
}

std::string error_of(const std::string& market) {
  try {
    load(market);
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(MarketScenario, roundsMatchWhatIsPostedByThenAndEachMatchIsALease) {
  // Rounds every hour. Quote 1 (west-a, 64 A100s from 0 to 10 h at >= 5) is open from 0;
  // bid 1 (EAST, 16 GPUs for 2 h, by 10 h, up to 8) is posted at 2.5 h: the round at 3 h
  // matches it, from 3 h to 5 h; the AIDC gets 5, the platform keeps 8 - 5 = 3 per GPU-hour.
  // Bid 2 (up to 4) is below the quote and never matches.
  const sim::Scenario s = load(R"(  round_every: 1h
  quotes:
    - {id: 1, site: west-a, gpu: A100-80GB, gpus: 64, latest: 10h, min_price: 5}
  bids:
    - {id: 1, buyer: EAST, gpu: A100-80GB, gpus: 16, duration: 2h, deadline: 10h, max_price: 8, posted: 2.5h}
    - {id: 2, buyer: EAST, gpu: A100-80GB, gpus: 16, duration: 2h, deadline: 10h, max_price: 4}
)");
  ASSERT_EQ(s.leases.size(), 1u);
  EXPECT_EQ(s.market_leases_from, 0u);
  const topology::Lease& lease = s.leases[0];
  EXPECT_EQ(lease.id, "market-q1-b1");
  EXPECT_EQ(s.layout.sites[static_cast<std::size_t>(lease.site)].name, "west-a");
  EXPECT_EQ(lease.gpus, 16);
  EXPECT_DOUBLE_EQ(lease.start_s, 3 * 3600.0);
  EXPECT_DOUBLE_EQ(lease.term_s, 2 * 3600.0);
  EXPECT_DOUBLE_EQ(lease.yuan_per_gpu_hour, 5.0);
  ASSERT_EQ(s.platform_yuan_per_gpu_hour.size(), 1u);
  EXPECT_DOUBLE_EQ(s.platform_yuan_per_gpu_hour[0], 3.0);
  EXPECT_TRUE(s.leases_given) << "the matches' books are written";
}

TEST(MarketScenario, errorsNameTheFileKeyAndValue) {
  EXPECT_NE(error_of("  rule: auction\n").find("m.yaml:7: market.rule: unknown matching rule 'auction'"), std::string::npos)
      << error_of("  rule: auction\n");
  EXPECT_NE(error_of("  quotes: [{id: 1, site: mars, gpu: A100-80GB, gpus: 8, latest: 1h, min_price: 1}]\n")
                .find("market.quotes[0].site"),
            std::string::npos);
  EXPECT_NE(error_of("  bids: [{id: 1, buyer: NOWHERE, gpu: A100-80GB, gpus: 8, duration: 1h, deadline: 2h, max_price: 1}]\n")
                .find("unknown hub 'NOWHERE'"),
            std::string::npos);
  EXPECT_NE(error_of("  colour: red\n").find("market"), std::string::npos);
}
