// Lease sources (workloads/lease_sources.hpp): the lease CSV, whose errors name file, line,
// key and value, and the generated lease stream.
#include <gtest/gtest.h>

#include <cmath>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout_loader.hpp"
#include "aicn/workloads/lease_sources.hpp"

using namespace aicn;
using config::ConfigError;
using config::ConfigNode;

namespace {

topology::Layout layout() {
  return topology::parse_layout(ConfigNode::load_text(R"(
name: t
hubs: [{name: E, side: east}, {name: W, side: west}]
sites:
  - {name: east, hub: E, lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: 16}]}
  - {name: w2, hub: W, lat: 38.5, lon: 106.3, pools: [{gpu: A100-80GB, gpus: 800}]}
links:
  - {between: [east, w2], bandwidth: 100Gbps, latency: 10ms}
)", "layout.yaml"));
}

std::vector<topology::Lease> from_csv(const std::string& text) {
  const topology::Layout l = layout();
  return topology::parse_leases(workloads::lease_csv_node(text, "leases.csv"), l, topology::SitePrices{});
}

std::string error_of(const std::string& text) {
  try {
    from_csv(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

std::vector<topology::Lease> generated(const std::string& spec, std::uint64_t seed, double horizon_s) {
  static const topology::Layout l = layout();
  static const topology::SitePrices prices;
  const workloads::LeaseContext context{&l, &prices, seed, horizon_s, ""};
  return workloads::generate_leases(ConfigNode::load_text(spec, "scenario.yaml"), context, {});
}

}  // namespace

TEST(LeaseCsv, readsEveryColumnOfTheYamlFormAndLeavesEmptyFieldsOut) {
  const auto leases = from_csv(
      "id,lessee,site,hub,gpu,gpus,start,term,tier,price\n"
      "a,E,east,,A100-80GB,8,1h,30d,monthly,\n"
      "\n"
      "\"b, quoted\",E,,W,A100-80GB,16,0s,365d,,12.5\r\n");
  ASSERT_EQ(leases.size(), 2u);
  EXPECT_EQ(leases[0].id, "a");
  EXPECT_EQ(leases[0].site, 0);
  EXPECT_DOUBLE_EQ(leases[0].start_s, 3600.0);
  EXPECT_DOUBLE_EQ(leases[0].term_s, 30 * 86400.0);
  EXPECT_EQ(leases[0].tier, topology::PriceTier::MONTHLY);
  // The default A100-80GB monthly tier: 144,000 yuan per server-month / 8 / 730 h.
  EXPECT_NEAR(leases[0].yuan_per_gpu_hour, 144000.0 / 8 / 730, 1e-9);
  EXPECT_EQ(leases[1].id, "b, quoted");
  EXPECT_EQ(leases[1].site, 1);  // hub W: its site with an A100 pool of 16 GPUs or more
  EXPECT_EQ(leases[1].tier, topology::PriceTier::YEARLY);
  EXPECT_DOUBLE_EQ(leases[1].yuan_per_gpu_hour, 12.5);
}

TEST(LeaseCsv, errorsNameTheFileLineKeyAndValue) {
  EXPECT_EQ(error_of("id,lessee,site,gpu,gpus,term\nok,E,east,A100-80GB,8,1d\nbad,E,east,A100-80GB,eight,1d\n"),
            "leases.csv:3: [1].gpus: must be a whole number from 1 to 1073741824, got 'eight'");
  EXPECT_NE(error_of("id,lessee,where\n").find("leases.csv:1: unknown column 'where'"), std::string::npos);
  EXPECT_NE(error_of("id,id\n").find("leases.csv:1: the column 'id' is given twice"), std::string::npos);
  EXPECT_NE(error_of("id,lessee,site,gpu,gpus,term\na,E,east\n").find("leases.csv:2: a row of 3 fields, but the header has 6"),
            std::string::npos);
  EXPECT_NE(error_of("id,lessee,site,gpu,gpus,term\na,E,mars,A100-80GB,8,1d\n").find("leases.csv:2: [0].site:"),
            std::string::npos);
  EXPECT_NE(error_of("id,lessee,site,gpu,gpus\na,E,east,A100-80GB,8\n").find("leases.csv:2: [0]: "), std::string::npos)
      << "a missing term is named";
  EXPECT_NE(error_of("").find("leases.csv:1: no header"), std::string::npos);
  EXPECT_NE(error_of("id,lessee\n\"a,E\n").find("leases.csv:2:"), std::string::npos);
  EXPECT_NE(error_of(std::string("id,lessee\na\x01,E\n")).find("leases.csv:2: a control character"), std::string::npos);
}

TEST(LeaseStream, isDrawnFromTheSeedAndKeepsEveryPoolWithinItsLeasedShare) {
  // 2 contracts a day for 100 days at w2 only (800 GPUs, up to 60 % leased: 480), 1-4 servers
  // of 8 GPUs, half of them for a year: the pool fills up, so some contracts find no room.
  const std::string spec = "{leases_per_day: 2, gpu: A100-80GB, sites: [w2], max_leased_share: 0.6}";
  const auto a = generated(spec, 7, 100 * 86400.0), b = generated(spec, 7, 100 * 86400.0);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].gpus, b[i].gpus);
    EXPECT_DOUBLE_EQ(a[i].start_s, b[i].start_s);
  }
  EXPECT_NE(generated(spec, 8, 100 * 86400.0).front().start_s, a.front().start_s) << "another seed, another stream";
  for (const auto& lease : a) {
    EXPECT_EQ(lease.gpus % 8, 0);
    EXPECT_TRUE(lease.term_s == 730 * 3600.0 || lease.term_s == 8760 * 3600.0);
    int held = 0;  // at this lease's start, what all leases hold at w2 (an independent count)
    for (const auto& other : a)
      if (other.start_s <= lease.start_s && lease.start_s < other.end_s()) held += other.gpus;
    EXPECT_LE(held, 480);
  }
}

TEST(LeaseStream, withRoomEverywhereItsCountsFollowItsParameters) {
  // No room limit in practice (800 GPUs; 1 server each, monthly terms: about 0.2 x 30.4 = 6
  // leases, 48 GPUs, at a time):
  // over 1000 days at 0.2 a day the count is Poisson with mean 200 (sd 14.1): 4 sd is
  // [143, 257]. yearly_share 0 makes every term monthly (730 h).
  const auto leases = generated("{leases_per_day: 0.2, gpu: A100-80GB, sites: [w2], servers: {min: 1, max: 1}, yearly_share: 0}", 3,
                                1000 * 86400.0);
  EXPECT_GE(leases.size(), 143u);
  EXPECT_LE(leases.size(), 257u);
  for (const auto& lease : leases) {
    EXPECT_EQ(lease.gpus, 8);
    EXPECT_EQ(lease.tier, topology::PriceTier::MONTHLY);
    EXPECT_EQ(lease.lessee_hub, 0) << "by default the eastern hubs lease";
  }
}
