// One unit per table column, from the column's largest value (the run summary's tables).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "aicn/results/column_scale.hpp"

using namespace aicn::results;

TEST(ColumnScale, theLargestValueOfAColumnPicksItsUnit) {
  // 4.21 s beside 1d 13:56:34 (136,594 s = 37.94 h, under 48 h): hours for the whole column.
  const std::vector<double> durations{4.21, 136594.0};
  const ColumnUnit& hours = column_unit(durations, duration_units());
  EXPECT_STREQ(hours.name, "h");
  EXPECT_EQ(in_unit(136594.0, hours), "37.9");
  EXPECT_EQ(in_unit(4.21, hours), "0.00");
  // 2d 11:14:44 (213,284 s = 2.47 d): days.
  const ColumnUnit& days = column_unit(std::vector<double>{213284.0}, duration_units());
  EXPECT_STREQ(days.name, "d");
  EXPECT_EQ(in_unit(213284.0, days), "2.47");
  EXPECT_STREQ(column_unit(std::vector<double>{4.21, 100.0}, duration_units()).name, "s");
  EXPECT_STREQ(column_unit(std::vector<double>{4.21, 120.0}, duration_units()).name, "min");  // 2 min
  EXPECT_STREQ(column_unit(std::vector<double>{7199.0}, duration_units()).name, "min");
  EXPECT_STREQ(column_unit(std::vector<double>{47 * 3600.0}, duration_units()).name, "h");
  // The national year's profit of -13,139,729.2 k yuan: -13.14 bn yuan, the sign counted.
  const std::vector<double> profit{-13139729.2e3, 5e6};
  const ColumnUnit& bn = column_unit(profit, yuan_units());
  EXPECT_STREQ(bn.name, "bn yuan");
  EXPECT_EQ(in_unit(-13139729.2e3, bn), "-13.1");  // 13.14 bn: three digits shown
  EXPECT_EQ(in_unit(5e6, bn), "0.01");
  EXPECT_STREQ(column_unit(std::vector<double>{9999.0}, yuan_units()).name, "yuan");
  EXPECT_STREQ(column_unit(std::vector<double>{10000.0}, yuan_units()).name, "k yuan");
  EXPECT_STREQ(column_unit(std::vector<double>{28.2e3}, kwh_units()).name, "MWh");
  EXPECT_STREQ(column_unit(std::vector<double>{2e7}, tonne_units()).name, "Mt");
}

TEST(ColumnScale, cellsShowAtMostFourDigitsAndNoNegativeZero) {
  const ColumnUnit unit{"x", 1.0, 1e300};
  EXPECT_EQ(in_unit(3.14159, unit), "3.14");
  EXPECT_EQ(in_unit(37.93, unit), "37.9");
  EXPECT_EQ(in_unit(949.3, unit), "949");
  EXPECT_EQ(in_unit(9244.4, unit), "9244");
  EXPECT_EQ(in_unit(-0.001, unit), "0.00");
  EXPECT_EQ(in_unit(std::numeric_limits<double>::infinity(), unit), "n/a");
  // Not-finite values do not choose the unit.
  EXPECT_STREQ(column_unit(std::vector<double>{NAN, 5.0}, duration_units()).name, "s");
}
