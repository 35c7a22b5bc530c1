// Lease contracts parsed and resolved against a layout (topology/lease.hpp).
#include <gtest/gtest.h>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout_loader.hpp"
#include "aicn/topology/lease.hpp"

using namespace aicn::topology;
using aicn::config::ConfigError;
using aicn::config::ConfigNode;

namespace {

Layout layout() {
  return parse_layout(ConfigNode::load_text(R"(
name: t
hubs: [{name: E, side: east}, {name: W, side: west}]
sites:
  - {name: east, hub: E, lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: 16}]}
  - {name: w1, hub: W, lat: 40.8, lon: 111.7, pools: [{gpu: H100, gpus: 8}]}
  - {name: w2, hub: W, lat: 38.5, lon: 106.3, pools: [{gpu: A100-80GB, gpus: 64}]}
links:
  - {between: [east, w1], bandwidth: 100Gbps, latency: 10ms}
  - {between: [w1, w2], bandwidth: 100Gbps, latency: 10ms}
)", "layout.yaml"));
}

std::vector<Lease> parse(const char* text) {
  return parse_leases(ConfigNode::load_text(text, "leases.yaml"), layout(), SitePrices{});
}

}  // namespace

TEST(Leases, aHubLeaseGoesToTheHubsFirstSiteWithThePoolAndTheTermPicksTheTier) {
  const auto leases = parse("- {id: a, lessee: E, hub: W, gpu: A100-80GB, gpus: 32, start: 1d, term: 365d}\n"
                            "- {id: b, lessee: E, site: east, gpu: A100-80GB, gpus: 8, term: 40d, price: 12.5}\n");
  ASSERT_EQ(leases.size(), 2u);
  EXPECT_EQ(leases[0].site, 2);  // w1 holds no A100: w2
  EXPECT_EQ(leases[0].pool, 0);
  EXPECT_EQ(leases[0].tier, PriceTier::YEARLY);  // 365 d = 8760 h
  EXPECT_DOUBLE_EQ(leases[0].start_s, 86400.0);
  // Yearly A100-80GB: 12 x 144,000 x 0.83 / 8 / 8760 = 20.4658 yuan per GPU-hour
  EXPECT_NEAR(leases[0].yuan_per_gpu_hour, 20.4658, 1e-4);
  // 32 GPUs x 8760 h x 20.4658 = 4 yearly server subscriptions: 4 x 1,434,240 = 5,736,960
  EXPECT_NEAR(leases[0].term_yuan(), 5736960.0, 1e-6);
  EXPECT_EQ(leases[1].tier, PriceTier::MONTHLY);  // 960 h >= 730 h
  EXPECT_DOUBLE_EQ(leases[1].yuan_per_gpu_hour, 12.5);
}

TEST(Leases, badLeasesAreNamed) {
  auto fails_with = [](const char* text, const char* expected) {
    try {
      parse(text);
      ADD_FAILURE() << "accepted " << text;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  };
  fails_with("- {id: a, lessee: E, site: mars, gpu: A100-80GB, gpus: 8, term: 1d}", "unknown site 'mars'");
  fails_with("- {id: a, lessee: E, site: w1, gpu: A100-80GB, gpus: 8, term: 1d}", "site w1 has no A100-80GB pool");
  fails_with("- {id: a, lessee: E, site: east, hub: W, gpu: A100-80GB, gpus: 8, term: 1d}", "either site or hub");
  fails_with("- {id: a, lessee: X, site: east, gpu: A100-80GB, gpus: 8, term: 1d}", "unknown hub 'X' as lessee");
  fails_with("- {id: a, lessee: E, site: east, gpu: A100-80GB, gpus: 8, term: 0s}", "term: must be positive");
  fails_with("- {id: a, lessee: E, site: east, gpu: A100-80GB, gpus: 8, term: 1d, tier: weekly}",
             "unknown price tier 'weekly'");
  fails_with("- {id: a, lessee: E, hub: W, gpu: H100, gpus: 9, term: 1d}", "no site of hub W has a H100 pool of 9");
  // 12 + 8 overlap at east's 16 GPUs; one after the other they fit.
  fails_with("- {id: a, lessee: E, site: east, gpu: A100-80GB, gpus: 12, term: 2d}\n"
             "- {id: b, lessee: W, site: east, gpu: A100-80GB, gpus: 8, start: 1d, term: 1d}",
             "hold 20 A100-80GB GPUs when it starts, but the pool has 16");
  EXPECT_NO_THROW(parse("- {id: a, lessee: E, site: east, gpu: A100-80GB, gpus: 12, term: 1d}\n"
                        "- {id: b, lessee: W, site: east, gpu: A100-80GB, gpus: 8, start: 1d, term: 1d}"));
  fails_with("- {id: a, lessee: E, site: east, gpu: A100-80GB, gpus: 1, term: 1d}\n"
             "- {id: a, lessee: E, site: east, gpu: A100-80GB, gpus: 1, term: 1d}", "two leases are called 'a'");
}

TEST(Leases, aLeaseMayStartAtZeroAndItsResolvedFormReadsBackTheSame) {
  const Layout l = layout();
  const auto leases = parse("- {id: a, lessee: E, hub: W, gpu: A100-80GB, gpus: 16, start: 0s, term: 2h}\n");
  ASSERT_EQ(leases.size(), 1u);
  EXPECT_DOUBLE_EQ(leases[0].start_s, 0.0);
  EXPECT_EQ(leases[0].tier, PriceTier::HOURLY);
  EXPECT_DOUBLE_EQ(leases[0].yuan_per_gpu_hour, 40.4);
  YAML::Emitter out;
  out << leases_to_yaml(leases, l);
  const auto again = parse_leases(ConfigNode::load_text(out.c_str(), "resolved.yaml"), l, SitePrices{});
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].site, leases[0].site);
  EXPECT_EQ(again[0].tier, leases[0].tier);
  EXPECT_DOUBLE_EQ(again[0].term_s, leases[0].term_s);
  EXPECT_DOUBLE_EQ(again[0].yuan_per_gpu_hour, leases[0].yuan_per_gpu_hour);
}
