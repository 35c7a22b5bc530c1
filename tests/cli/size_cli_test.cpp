// `aicn size`: the domain brief's worked examples (../shared/domain/brief.md) from the command
// line. The expected figures are the brief's own (865.6, 22,787.8, 263.8, ~10,000, 65.9 A100;
// 16.2 months), each recomputed by hand in the comment beside it.
#include <gtest/gtest.h>

#include <string>

#include "aicn_test_support.hpp"

using aicn_test::run_aicn;

namespace {

void expect_line(const std::string& arguments, const std::string& expected) {
  const auto outcome = run_aicn("size " + arguments);
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find(expected), std::string::npos) << "aicn size " << arguments << "\n" << outcome.output;
}

}  // namespace

TEST(SizeCommand, reproducesTheBriefsTrainingFigures) {
  // 6 x 175e9 x 300e9 / (30 x 86400) = 1.2153e17 FLOP/s; / (312e12 x 0.45) = 865.6
  expect_line("train --params 175e9 --tokens 300e9 --days 30 --gpu A100", "GPUs needed        865.6 A100");
  // 2.15e25 / (100 x 86400) = 2.4884e18; / (312e12 x 0.35) = 22787.8
  expect_line("train --flops 2.15e25 --days 100 --utilisation 0.35", "22787.8 A100");
  // 6 x 80e9 x 200e9 / 2592000 = 3.7037e16; / 140.4e12 = 263.8
  expect_line("train --params 80e9 --tokens 200e9 --days 30", "263.8 A100");
}

TEST(SizeCommand, reproducesTheBriefsInferenceFigures) {
  // 2 x 175e9 x (0.7e8 x 10 x 1000) / 86400 = 2.8356e18; / (624e12 x 0.45) = 10098.5 (~10,000)
  expect_line("inference --params 175e9 --visits 0.7e8", "10098.5 A100");
  // 2 x 80e9 x 1e10 / 86400 = 1.8519e16; / 280.8e12 = 65.9
  expect_line("inference --params 80e9 --visits 1e6", "65.9 A100");
}

TEST(SizeCommand, reproducesTheBriefsPayback) {
  // 180 x 8760 = 1.5768e6 a year; cash cost 1.8e6 / 5 x 0.4 / 0.6 = 0.24e6; 1.8 / 1.3368 = 1.35 y
  expect_line("payback", "payback            1.35 years = 16.2 months");
  // at 10 % sold: 157,680 a year does not cover 240,000
  expect_line("payback --utilisation 0.1", "never");
}

TEST(SizeCommand, badInputIsNamed) {
  auto outcome = run_aicn("size train --params 1e9 --tokens 1e9 --days 1 --gpu B200");
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("--gpu: unknown GPU model 'B200'"), std::string::npos) << outcome.output;
  outcome = run_aicn("size train --days 3");
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("give --params and --tokens"), std::string::npos) << outcome.output;
  outcome = run_aicn("size inference --params 175e9 --visits 1e6 --utilisation 1.5");
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("--utilisation: must be in (0, 1]"), std::string::npos) << outcome.output;
}
