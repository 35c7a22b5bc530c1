// `aicn size rent-vs-build`: the seed's rent-or-build case (seed 002: an 8x A100-NVLink-80GB
// server at about 133,400 yuan a month, about 1.6 M yuan a year), each figure worked by hand.
#include <gtest/gtest.h>

#include <string>

#include "aicn_test_support.hpp"

using aicn_test::run_aicn;

namespace {

std::string answer(const std::string& arguments) {
  const auto outcome = run_aicn("size rent-vs-build " + arguments);
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  return outcome.output;
}

}  // namespace

TEST(SizeRentVsBuild, reproducesTheSeedsCaseAndPrintsTheBreakEven) {
  const std::string out = answer("--gpu A100-80GB --servers 8 --years 3");
  // 12 x 133,400 = 1,600,800 a server-year; x 8 servers x 3 years = 38,419,200
  EXPECT_NE(out.find("133,400 yuan/server-month = 1,600,800 yuan/server-year; 38,419,200 yuan in all"),
            std::string::npos) << out;
  // Alibaba's 8.5折: 1,600,800 x 0.85 = 1,360,680; x 24 = 32,656,320
  EXPECT_NE(out.find("15 % off 12 months = 1,360,680 yuan/server-year; 32,656,320 yuan in all"), std::string::npos)
      << out;
  // 40.4 x 8 x 8760 = 2,831,232
  EXPECT_NE(out.find("40.4 yuan/GPU-hour = 2,831,232 yuan/server-year"), std::string::npos) << out;
  // 1.80 M / 5 = 360,000 + 240,000 = 600,000 a server-year; x 24 = 14,400,000; 2/5 of 14.4 M left
  EXPECT_NE(out.find("capex 1,800,000 yuan/server (14,400,000 up front); depreciation 360,000 + cash cost 240,000 = "
                     "600,000 yuan/server-year; 14,400,000 yuan in all, 5,760,000 book value left"),
            std::string::npos) << out;
  // 600,000 / 2,831,232 = 21.2 %; 600,000 / 1,600,800 = 37.5 %
  EXPECT_NE(out.find("break-even utilisation 21.2 %"), std::string::npos) << out;
  EXPECT_NE(out.find("break-even months  37.5 % of months"), std::string::npos) << out;
}

TEST(SizeRentVsBuild, anotherModelUsesThePriceList) {
  // H100: 144,000 x 989 / 312 = 456,461.5 a server-month, 17 % off a year
  const std::string out = answer("--gpu H100");
  EXPECT_NE(out.find("456,462 yuan/server-month"), std::string::npos) << out;
  EXPECT_NE(out.find("17 % off"), std::string::npos) << out;
}

TEST(SizeRentVsBuild, badInputIsNamed) {
  auto outcome = run_aicn("size rent-vs-build --gpu B200");
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("--gpu: unknown GPU model 'B200'"), std::string::npos) << outcome.output;
  outcome = run_aicn("size rent-vs-build --servers 0");
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("--servers: must be 1 or more"), std::string::npos) << outcome.output;
  outcome = run_aicn("size rent-vs-build --years -1");
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("years: out of range"), std::string::npos) << outcome.output;
}
