// The one checked narrowing helper: expected values are the limits of the C++ types
// themselves and values just inside or outside them.
#include "aicn/topology/checked_number.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace aicn::checked {
namespace {

TEST(CheckedNumber, WholeDoublesInsideTheRangeConvertExactly) {
  EXPECT_EQ(narrow<int>(8.0, "gpus"), 8);
  EXPECT_EQ(narrow<int>(-2147483648.0, "x"), std::numeric_limits<int>::min());
  EXPECT_EQ(narrow<int>(2147483647.0, "x"), std::numeric_limits<int>::max());
  EXPECT_EQ(narrow<std::uint64_t>(0.0, "id"), 0u);
  EXPECT_EQ(narrow<std::int64_t>(9007199254740992.0, "x"), 9007199254740992);
}

TEST(CheckedNumber, DoublesThatDoNotFitAreRefusedWithWhereAndValue) {
  try {
    narrow<int>(1e12, "trace.csv:12: gpus");
    FAIL() << "1e12 does not fit an int";
  } catch (const NumberError& e) {
    EXPECT_STREQ(e.what(), "trace.csv:12: gpus: must be a whole number from -2147483648 to 2147483647, got 1e+12");
  }
  EXPECT_THROW(narrow<int>(2147483648.0, "x"), NumberError);
  EXPECT_THROW(narrow<std::uint64_t>(-7.0, "id"), NumberError);
  EXPECT_THROW(narrow<int>(2.5, "x"), NumberError);
  EXPECT_THROW(narrow<int>(std::numeric_limits<double>::quiet_NaN(), "x"), NumberError);
  EXPECT_THROW(narrow<int>(std::numeric_limits<double>::infinity(), "x"), NumberError);
  // 2^63 is the double nearest INT64_MAX; it does not fit.
  EXPECT_THROW(narrow<std::int64_t>(9223372036854775807.0, "x"), NumberError);
}

TEST(CheckedNumber, ExplicitBoundsAreInclusive) {
  EXPECT_EQ(narrow<int>(1.0, "gpus", 1, 1024), 1);
  EXPECT_EQ(narrow<int>(1024.0, "gpus", 1, 1024), 1024);
  EXPECT_THROW(narrow<int>(0.0, "gpus", 1, 1024), NumberError);
  try {
    narrow<int>(std::int64_t{1025}, "gpus", 1, 1024);
    FAIL();
  } catch (const NumberError& e) {
    EXPECT_STREQ(e.what(), "gpus: must be a whole number from 1 to 1024, got 1025");
  }
}

TEST(CheckedNumber, IntegersNarrowAcrossSignedness) {
  EXPECT_EQ(narrow<int>(std::int64_t{-5}, "x"), -5);
  EXPECT_THROW(narrow<std::uint32_t>(std::int64_t{-5}, "x"), NumberError);
  EXPECT_THROW(narrow<int>(std::uint64_t{1} << 40, "x"), NumberError);
  EXPECT_EQ(narrow<std::uint8_t>(std::uint64_t{255}, "x"), 255);
}

TEST(CheckedNumber, InRangeRefusesNonFiniteAndOutside) {
  EXPECT_DOUBLE_EQ(in_range(0.5, "share", 0.0, 1.0), 0.5);
  EXPECT_THROW(in_range(1.5, "share", 0.0, 1.0), NumberError);
  EXPECT_THROW(in_range(std::numeric_limits<double>::quiet_NaN(), "share", 0.0, 1.0), NumberError);
  EXPECT_EQ(format_number(2.5), "2.5");
  EXPECT_EQ(format_number(1e300), "1e+300");
}

}  // namespace
}  // namespace aicn::checked
