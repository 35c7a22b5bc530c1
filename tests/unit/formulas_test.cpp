// The brief's worked examples (../shared/domain/brief.md), reproduced from the formulas.
#include <gtest/gtest.h>

#include "aicn/topology/gpu_catalog.hpp"
#include "aicn/workloads/formulas.hpp"

using namespace aicn::workloads;

namespace {
constexpr double kDay = 86400.0;
double a100_fp16() { return aicn::topology::gpu_model(aicn::topology::find_gpu_model("A100-80GB")).peak_fp16_flops; }
}  // namespace

TEST(TrainingFormula, reproducesTheBriefsGpt3Figure) {
  const double rate = training_flops_rate(175e9, 300e9, 30 * kDay);
  EXPECT_NEAR(rate, 1.2e17, 0.02e17);  // 1.215e17; the brief rounds to 1.2e17 FLOP/s
  EXPECT_NEAR(accelerators_needed(rate, a100_fp16(), 0.45), 865.6, 0.05);
}

TEST(TrainingFormula, reproducesTheBriefsAverageChineseModelFigure) {
  const double rate = training_flops_rate(80e9, 200e9, 30 * kDay);
  EXPECT_NEAR(rate, 3.7e16, 0.01e16);
  EXPECT_NEAR(accelerators_needed(rate, a100_fp16(), 0.45), 263.8, 0.05);
  EXPECT_NEAR(100 * accelerators_needed(rate, a100_fp16(), 0.45), 26380, 5);
}

TEST(TrainingFormula, reproducesTheBriefsGpt4Figure) {
  const double rate = 2.15e25 / (100 * kDay);
  EXPECT_NEAR(accelerators_needed(rate, a100_fp16(), 0.35), 22787.8, 0.5);
}

TEST(TrainingFormula, totalComputeIsSixTimesParametersTimesTokens) {
  EXPECT_DOUBLE_EQ(training_flops(175e9, 300e9), 6 * 175e9 * 300e9);
}

TEST(InferenceFormula, reproducesTheBriefsChatGptAndAverageModelFigures) {
  const double a100_int8 = 624e12;  // A100 INT8 peak, TOPS, as in the brief
  const double chatgpt = inference_flops_rate(175e9, 0.7e8 * 10 * 1000);
  EXPECT_NEAR(chatgpt, 2.8e18, 0.05e18);
  EXPECT_NEAR(accelerators_needed(chatgpt, a100_int8, 0.45), 10000, 100);  // "about 10,000 A100"
  const double average = inference_flops_rate(80e9, 1e6 * 10 * 1000);
  EXPECT_NEAR(average, 1.9e16, 0.05e16);
  EXPECT_NEAR(accelerators_needed(average, a100_int8, 0.45), 65.9, 0.05);
}
