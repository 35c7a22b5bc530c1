// The cross-site step-time model against hand calculations. The common case: N = 1e9,
// 1e8 tokens a step, 2 parts of 1,000 GPUs at 1e15 FLOP/s and 50 %, m = 10 GPUs a replica,
// 100 Gbps fabric per GPU (alpha 10 us), 16-bit gradients (B = 2e9 bytes), a 100 Gbps, 10 ms
// WAN hop.
//   compute = 6 x 1e9 x 1e8 / (2000 x 1e15 x 0.5)                  = 0.6 s
//   site    = 2 x 99/100 x (2e9 / 10) x 8 / 1e11 + 2 x 99 x 1e-5    = 0.03168 + 0.00198 = 0.03366 s
//   wan     = 2 x 1/2 x 2e9 x 8 / 1e11 + 2 x 1 x 0.01               = 0.16 + 0.02 = 0.18 s
//   single  = 0.6 + 2 x 199/200 x 0.016 + 2 x 199 x 1e-5            = 0.6 + 0.03184 + 0.00398 = 0.63582 s
#include <gtest/gtest.h>

#include <stdexcept>

#include "aicn/workloads/cross_site_training.hpp"

using namespace aicn::workloads;

namespace {

TrainingStepInputs common_inputs() {
  TrainingStepInputs in;
  in.parameters = 1e9;
  in.tokens_per_step = 1e8;
  in.utilisation = 0.5;
  in.gradient_bytes_per_parameter = 2.0;
  in.gpus_per_replica = 10;
  in.fabric_bps_per_gpu = 100e9;
  in.fabric_latency_s = 1e-5;
  return in;
}

const std::vector<TrainingPart> kTwoParts{{1000, 1e15}, {1000, 1e15}};
const std::vector<WanHop> kOneHop{{100e9, 0.01}};

}  // namespace

TEST(CrossSiteTraining, syncDpStepIsComputePlusSiteAndRingAllReduce) {
  const StepBreakdown step = model_step(common_inputs(), kTwoParts, kOneHop);
  EXPECT_NEAR(step.compute_s, 0.6, 1e-12);
  EXPECT_NEAR(step.site_sync_s, 0.03366, 1e-12);
  EXPECT_NEAR(step.wan_sync_s, 0.18, 1e-12);
  EXPECT_NEAR(step.step_s, 0.81366, 1e-12);
  EXPECT_NEAR(step.single_site_step_s, 0.63582, 1e-12);
  EXPECT_NEAR(step.efficiency, 0.63582 / 0.81366, 1e-12);  // 0.78143
  EXPECT_NEAR(step.sync_share, 0.21366 / 0.81366, 1e-12);
  EXPECT_DOUBLE_EQ(step.wan_bytes_per_round, 2e9);  // 2 (k-1)/k x B with k = 2
}

TEST(CrossSiteTraining, overlapHidesSynchronisationUpToItsShareOfCompute) {
  TrainingStepInputs in = common_inputs();
  in.overlap = 0.25;  // hides min(0.21366, 0.15) = 0.15 s; one site hides all its 0.03582 s
  StepBreakdown step = model_step(in, kTwoParts, kOneHop);
  EXPECT_NEAR(step.step_s, 0.66366, 1e-12);
  EXPECT_NEAR(step.single_site_step_s, 0.6, 1e-12);
  EXPECT_NEAR(step.efficiency, 0.6 / 0.66366, 1e-12);
  in.overlap = 0.5;  // 0.3 s of cover >= 0.21366 s of sync: the step is pure compute
  step = model_step(in, kTwoParts, kOneHop);
  EXPECT_NEAR(step.step_s, 0.6, 1e-12);
  EXPECT_NEAR(step.sync_share, 0.0, 1e-12);
}

TEST(CrossSiteTraining, localSgdExchangesOnceEveryHSteps) {
  TrainingStepInputs in = common_inputs();
  in.scheme = SyncScheme::LOCAL_SGD;
  in.local_steps = 100;
  const StepBreakdown step = model_step(in, kTwoParts, kOneHop);
  // (100 x 0.6 + 100 x 0.03366 + 0.18) / 100 = 0.63546
  EXPECT_NEAR(step.step_s, 0.63546, 1e-12);
  EXPECT_EQ(step.steps_per_round, 100);
  // WAN bytes per step: 2e9 / 100, i.e. 100x less than sync-dp's 2e9 every step.
  const StepBreakdown sync = model_step(common_inputs(), kTwoParts, kOneHop);
  EXPECT_DOUBLE_EQ(sync.wan_bytes_per_round / sync.steps_per_round,
                   100.0 * step.wan_bytes_per_round / step.steps_per_round);
  in.extra_steps = 0.1;  // a 10 % convergence penalty divides the efficiency by 1.1
  EXPECT_NEAR(model_step(in, kTwoParts, kOneHop).efficiency, 0.63582 / (0.63546 * 1.1), 1e-12);
}

TEST(CrossSiteTraining, pipelineSendsActivationsBothWaysAcrossEachBoundary) {
  TrainingStepInputs in = common_inputs();
  in.scheme = SyncScheme::PIPELINE;
  in.activation_bytes_per_microbatch = 1e8;
  in.microbatches = 8;
  const StepBreakdown step = model_step(in, kTwoParts, kOneHop);
  // each way 8 x 1e8 B: wan = 8e8 x 8 / 1e11 + 2 x 0.01 = 0.084; site: half the gradient,
  // 1.98 x 1e8 x 8 / 1e11 + 0.00198 = 0.01782
  EXPECT_NEAR(step.wan_sync_s, 0.084, 1e-12);
  EXPECT_NEAR(step.site_sync_s, 0.01782, 1e-12);
  EXPECT_NEAR(step.step_s, 0.70182, 1e-12);
  EXPECT_DOUBLE_EQ(step.wan_bytes_per_round, 8e8);
}

TEST(CrossSiteTraining, bandwidthForATargetEfficiencyInvertsTheModel) {
  // 0.63582 / (0.65366 + 1.6e10 / bw) = 0.9  =>  bw = 1.6e10 / (0.706467 - 0.65366) = 3.0299e11
  const double bw = bandwidth_for_efficiency(common_inputs(), kTwoParts, kOneHop, 0.9);
  EXPECT_NEAR(bw / 302992046458.78, 1.0, 1e-8);
  // Even an infinite link leaves 0.65366 s > 0.63582 / 0.98: unreachable.
  EXPECT_LT(bandwidth_for_efficiency(common_inputs(), kTwoParts, kOneHop, 0.98), 0.0);
}

TEST(CrossSiteTraining, ringOfThreePartsMovesTwoThirdsOfTheGradientPerPart) {
  const std::vector<TrainingPart> three{{1000, 1e15}, {1000, 1e15}, {1000, 1e15}};
  const std::vector<WanHop> ring{{100e9, 0.01}, {50e9, 0.002}, {100e9, 0.004}};
  const StepBreakdown step = model_step(common_inputs(), three, ring);
  // 2 x 2/3 x 2e9 = 2.6667e9 bytes over the slowest hop (50 Gbps) + 4 x 10 ms
  EXPECT_NEAR(step.wan_bytes_per_round, 8e9 / 3.0, 1e-3);
  EXPECT_NEAR(step.wan_sync_s, 8e9 / 3.0 * 8 / 50e9 + 0.04, 1e-12);
  EXPECT_NEAR(step.compute_s, 0.4, 1e-12);  // 6e17 / 1.5e18
}

TEST(CrossSiteTraining, badInputsAreNamed) {
  EXPECT_THROW(model_step(common_inputs(), kTwoParts, {}), std::invalid_argument);
  EXPECT_THROW(model_step(common_inputs(), {{5, 1e15}, {1000, 1e15}}, kOneHop), std::invalid_argument);
  TrainingStepInputs in = common_inputs();
  in.overlap = 1.5;
  try {
    model_step(in, kTwoParts, kOneHop);
    FAIL() << "overlap 1.5 accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("overlap"), std::string::npos) << error.what();
  }
  EXPECT_EQ(parse_sync_scheme("local-sgd"), SyncScheme::LOCAL_SGD);
  EXPECT_THROW(parse_sync_scheme("diloco"), std::invalid_argument);
}
