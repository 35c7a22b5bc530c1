#include <gtest/gtest.h>

#include "aicn/topology/units.hpp"

using namespace aicn::units;

TEST(Units, parsesBandwidthInBitsPerSecond) {
  EXPECT_DOUBLE_EQ(parse_bandwidth_bps("400Gbps"), 400e9);
  EXPECT_DOUBLE_EQ(parse_bandwidth_bps("1.2Tbps"), 1.2e12);
  EXPECT_DOUBLE_EQ(parse_bandwidth_bps("10GBps"), 80e9);
  EXPECT_DOUBLE_EQ(parse_bandwidth_bps(" 100 Mbps "), 100e6);
}

TEST(Units, parsesDurationsInSeconds) {
  EXPECT_DOUBLE_EQ(parse_duration_s("3ms"), 3e-3);
  EXPECT_DOUBLE_EQ(parse_duration_s("250us"), 250e-6);
  EXPECT_DOUBLE_EQ(parse_duration_s("1.5h"), 5400.0);
  EXPECT_DOUBLE_EQ(parse_duration_s("30d"), 30 * 86400.0);
  EXPECT_DOUBLE_EQ(parse_duration_s("10min"), 600.0);
}

TEST(Units, parsesComputeRatesAndSizes) {
  EXPECT_DOUBLE_EQ(parse_flops("312TFLOPS"), 312e12);
  EXPECT_DOUBLE_EQ(parse_flops("1.5PFLOPS"), 1.5e15);
  EXPECT_DOUBLE_EQ(parse_bytes("10GB"), 10e9);
  EXPECT_DOUBLE_EQ(parse_bytes("1GiB"), 1073741824.0);
  EXPECT_DOUBLE_EQ(parse_power_w("1.2kW"), 1200.0);
}

TEST(Units, rejectsMissingOrUnknownUnitsWithAHelpfulMessage) {
  EXPECT_THROW(parse_duration_s("3"), UnitError);
  EXPECT_THROW(parse_bandwidth_bps("fast"), UnitError);
  try {
    parse_bandwidth_bps("400Gbit");
    FAIL() << "expected a UnitError";
  } catch (const UnitError& e) {
    EXPECT_NE(std::string(e.what()).find("Gbps"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("400Gbit"), std::string::npos) << e.what();
  }
}

TEST(Units, formatsDurationsForPeople) {
  EXPECT_EQ(format_duration(90061), "1d 01:01:01");
  EXPECT_EQ(format_duration(3723), "01:02:03");
  EXPECT_EQ(format_bytes(1.25e12), "1.25 TB");
}

TEST(Units, aDurationTooLongForWholeSecondsIsPrintedInDaysNotAsGarbage) {
  // 1e300 days = 8.64e304 s: no 64-bit integer holds it (it printed "-15:-30:-8" before).
  EXPECT_EQ(format_duration(1e300 * 86400), "1e+300 d");
  EXPECT_EQ(format_duration(3650000 * 86400.0), "3650000d 00:00:00");  // the longest horizon allowed
}
