// Scenario key `network`: what it accepts, and the errors for what it does not.
#include <gtest/gtest.h>

#include <string>

#include "aicn/sim/network_settings.hpp"
#include "aicn/topology/layout_loader.hpp"
#include "aicn/workloads/arrival_process.hpp"

using namespace aicn;

namespace {

sim::NetworkSettings parse(const std::string& text) {
  static const topology::Layout layout = topology::load_layout("tiny-3site");
  return sim::parse_network_settings(config::ConfigNode::load_text(text, "s.yaml").child("network"), layout);
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const config::ConfigError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST(NetworkSettings, absentMeansAnIdleNetworkWithLatencyWeightedSharingAndNoBorders) {
  const auto settings = parse("other: 1\n");
  EXPECT_EQ(settings.sharing, sim::BandwidthSharing::LATENCY_WEIGHTED);
  EXPECT_FALSE(settings.has_background());
  EXPECT_FALSE(settings.has_site_limits());
}

TEST(NetworkSettings, aConstantBackgroundHoldsEveryHour) {
  const auto settings = parse("network: {background: 0.16, sharing: max-min}\n");
  EXPECT_EQ(settings.sharing, sim::BandwidthSharing::MAX_MIN);
  for (double share : settings.background_share) EXPECT_DOUBLE_EQ(share, 0.16);
  EXPECT_TRUE(settings.background_constant());
}

TEST(NetworkSettings, caictNamesTheMeasuredSixteenPercent) {
  for (double share : parse("network: {background: caict}\n").background_share) EXPECT_DOUBLE_EQ(share, 0.16);
}

TEST(NetworkSettings, aDiurnalBackgroundIsTheShareTimesTheShapeOfMeanOne) {
  const auto settings = parse("network: {background: {share: 0.1, diurnal: helios-venus}}\n");
  const auto& shape = workloads::helios_venus_diurnal_shape();
  double mean = 0.0;
  for (std::size_t h = 0; h < 24; ++h) {
    EXPECT_DOUBLE_EQ(settings.background_share[h], 0.1 * shape[h]);
    mean += settings.background_share[h] / 24;
  }
  EXPECT_NEAR(mean, 0.1, 1e-12);
  EXPECT_FALSE(settings.background_constant());
}

TEST(NetworkSettings, aSiteCapacityIsForEverySiteOrPerNamedSite) {
  const auto all = parse("network: {site_transfer_capacity: 400Gbps}\n");
  ASSERT_EQ(all.site_transfer_bps.size(), 3u);
  for (double bps : all.site_transfer_bps) EXPECT_DOUBLE_EQ(bps, 400e9);
  const auto one = parse("network: {site_transfer_capacity: {west-a: 10Gbps}}\n");
  EXPECT_TRUE(one.has_site_limits());
  double sum = 0.0;
  for (double bps : one.site_transfer_bps) sum += bps;
  EXPECT_DOUBLE_EQ(sum, 10e9);
}

TEST(NetworkSettings, badValuesAreErrorsNamingTheKeyAndValue) {
  EXPECT_NE(error_of("network: {sharing: fair}\n").find("network.sharing: must be 'latency-weighted' or 'max-min', got 'fair'"),
            std::string::npos)
      << error_of("network: {sharing: fair}\n");
  EXPECT_NE(error_of("network: {background: 1.0}\n").find("network.background: must be a share of capacity from 0 to 0.95, got '1.0'"),
            std::string::npos)
      << error_of("network: {background: 1.0}\n");
  EXPECT_NE(error_of("network: {background: -0.1}\n").find("got '-0.1'"), std::string::npos);
  EXPECT_NE(error_of("network: {background: {share: 0.6, diurnal: helios-venus}}\n").find("more than the 0.95"),
            std::string::npos);
  EXPECT_NE(error_of("network: {background: {share: 0.1, diurnal: [1, 2]}}\n").find("needs 24 hourly values, got 2"),
            std::string::npos);
  EXPECT_NE(error_of("network: {site_transfer_capacity: {nowhere: 1Gbps}}\n").find("'nowhere' is not a site of layout"),
            std::string::npos)
      << error_of("network: {site_transfer_capacity: {nowhere: 1Gbps}}\n");
  EXPECT_NE(error_of("network: {site_transfer_capacity: 0Gbps}\n").find("network.site_transfer_capacity: must be positive, got '0Gbps'"), std::string::npos);
  EXPECT_NE(error_of("network: {backgrund: 0.1}\n").find("unknown key 'backgrund'"), std::string::npos)
      << error_of("network: {backgrund: 0.1}\n");
  EXPECT_EQ(error_of("network: {background: 0.95}\n"), "no error");
}
