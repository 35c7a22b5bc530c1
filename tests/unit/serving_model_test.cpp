// The request-level serving model (docs/serving.md) against hand calculations: the roofline
// of one replica, the deployment's queue, and the replicas a demand needs.
#include <gtest/gtest.h>

#include <vector>

#include "aicn/workloads/serving_model.hpp"
#include "aicn/workloads/serving_plan.hpp"

using namespace aicn::workloads;

namespace {

/// A 7B model on one H800 (989 TFLOP/s BF16 dense, 3.35 TB/s), 45 % of peak, 4 slots.
ReplicaRoofline h800_7b() {
  ReplicaRoofline r;
  r.parameters = 7e9;
  r.gpus = 1;
  r.peak_flops = 989e12;
  r.memory_bandwidth_bps = 3350e9;
  r.utilisation = 0.45;
  r.batch_slots = 4;
  return r;
}

constexpr double kCompute = 989e12 * 0.45;     // 4.4505e14 FLOP/s
constexpr double kStepMemory = 14e9 / 3350e9;  // 2N bytes read per step: 4.1791 ms

RttFunction fixed_rtt(double rtt_s) {
  return [rtt_s](int, int) { return rtt_s; };
}

}  // namespace

TEST(ServingModel, decodeStepIsBoundByMemoryUntilTheBatchMakesItComputeBound) {
  const ReplicaRoofline r = h800_7b();
  // Per request a step computes 2N = 1.4e10 FLOPs: 3.1457e-5 s; the weights take 4.1791 ms.
  EXPECT_DOUBLE_EQ(r.step_s(1), kStepMemory);
  EXPECT_DOUBLE_EQ(r.step_s(100), kStepMemory);  // 100 x 3.1457e-5 = 3.15 ms < 4.18 ms
  // Crossover at 4.1791e-3 / 3.1457e-5 = 132.9 requests; 200 of them: 200 x 1.4e10 / 4.4505e14.
  EXPECT_DOUBLE_EQ(r.step_s(200), 200 * 1.4e10 / kCompute);
  EXPECT_DOUBLE_EQ(r.prefill_s(1000), 1000 * 1.4e10 / kCompute);  // 31.457 ms
}

TEST(ServingModel, oneRequestTakesRttPlusPrefillPlusDecode) {
  // 1000 prompt tokens, 100 output tokens, RTT 20 ms, an idle replica ready long before:
  //   prefill = 1000 x 2 x 7e9 / (989e12 x 0.45) = 0.0314571 s
  //   TPOT    = max(14e9 / 3.35e12, 1 x 1.4e10 / 4.4505e14) = 0.00417910 s (memory bound)
  //   TTFT    = 0.020 + 0 (no wait) + 0.0314571 = 0.0514571 s
  //   e2e     = 0.0514571 + 100 x 0.00417910 = 0.469367 s
  const std::vector<ServingRequest> requests{{100.0, 0, 1000, 100}};
  const std::vector<ReplicaWindow> replicas{{1, 10.0, 1000.0}};
  const auto out = serve_requests(requests, replicas, h800_7b(), fixed_rtt(0.020));
  ASSERT_TRUE(out[0].served);
  EXPECT_NEAR(out[0].ttft_s, 0.0514571, 1e-6);
  EXPECT_NEAR(out[0].tpot_s, 0.00417910, 1e-8);
  EXPECT_NEAR(out[0].e2e_s, 0.469367, 1e-6);
  EXPECT_DOUBLE_EQ(out[0].wait_s, 0.0);
}

TEST(ServingModel, aRequestWaitsForThePrefillUnitAndThenForAFreeSlot) {
  // RTT 0. Five requests at t = 0 on one replica of 4 slots, 1000 prompt and 100 output
  // tokens each (prefill p = 0.0314571 s, step 4.1791 ms while the batch is small).
  // Prefills run one after another: request k starts at k x p (k = 0..3), waiting k x p.
  // Request 0 decodes from p to p + 100 x step = 0.449367 s; the fifth request needs a slot:
  // the first one frees at 0.449367 s, after the prefill unit (free at 4p = 0.125828 s).
  const std::vector<ServingRequest> requests(5, ServingRequest{0.0, 0, 1000, 100});
  const std::vector<ReplicaWindow> replicas{{0, 0.0, 1000.0}};
  const auto out = serve_requests(requests, replicas, h800_7b(), fixed_rtt(0.0));
  const double p = 1000 * 1.4e10 / kCompute;
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(out[static_cast<std::size_t>(k)].wait_s, k * p, 1e-9) << k;
  EXPECT_NEAR(out[4].wait_s, p + 100 * kStepMemory, 1e-9);
  EXPECT_NEAR(out[4].ttft_s, p + 100 * kStepMemory + p, 1e-9);
}

TEST(ServingModel, aRequestGoesToTheReplicaThatStartsItFirstAndWaitsForOneStillLoading) {
  // Replica 0 at RTT 40 ms, replica 1 at RTT 10 ms; both ready: it takes replica 1.
  const RttFunction rtt = [](int, int site) { return site == 0 ? 0.040 : 0.010; };
  const std::vector<ReplicaWindow> both{{0, 0.0, 100.0}, {1, 0.0, 100.0}};
  const std::vector<ServingRequest> one{{10.0, 0, 1000, 10}};
  EXPECT_EQ(serve_requests(one, both, h800_7b(), rtt)[0].replica, 1);
  // Only a replica still loading (ready at 12 s): the request sent at 10 s waits there from
  // 10.005 s (half its RTT) to 12 s.
  const std::vector<ReplicaWindow> loading{{1, 12.0, 100.0}};
  const auto out = serve_requests(one, loading, h800_7b(), rtt);
  ASSERT_TRUE(out[0].served);
  EXPECT_NEAR(out[0].wait_s, 12.0 - 10.005, 1e-12);
  // A replica that left before the request: not served.
  const std::vector<ReplicaWindow> gone{{1, 0.0, 5.0}};
  EXPECT_FALSE(serve_requests(one, gone, h800_7b(), rtt)[0].served);
}

TEST(ServingModel, replicasFollowTheDemandAndAreKeptThroughShortLulls) {
  // One replica computes 4.4505e14 x 60 s x 0.5 = 1.33515e16 FLOPs an interval (target load
  // 0.5). A request of 1e6 prompt tokens is 1.4e16 FLOPs: 2 replicas for its interval.
  ReplicaRoofline r = h800_7b();
  r.batch_slots = 64;
  ScalingRule rule;
  rule.interval_s = 60;
  rule.target_load = 0.5;
  rule.keep_s = 120;
  // Interval 0: one small request (1 replica); 1: the big one (2); 2-3 empty; 4: small; 10: small.
  const std::vector<ServingRequest> requests{
      {0.0, 0, 100, 1}, {61.0, 0, 1e6, 0}, {250.0, 0, 100, 1}, {610.0, 0, 100, 1}};
  const auto lifetimes = plan_replicas(requests, r, rule);
  // Replica 0: intervals 0-1, gap of 2 intervals (120 s, not < keep): a new lifetime at 4;
  // then 5-9 empty (300 s): another at 10. Replica 1: interval 1 only.
  ASSERT_EQ(lifetimes.size(), 4u);
  EXPECT_DOUBLE_EQ(lifetimes[0].start_s, 0.0);
  EXPECT_DOUBLE_EQ(lifetimes[0].end_s, 120.0);
  EXPECT_DOUBLE_EQ(lifetimes[1].start_s, 60.0);
  EXPECT_DOUBLE_EQ(lifetimes[1].end_s, 120.0);
  EXPECT_DOUBLE_EQ(lifetimes[1].flops, 1.4e16 / 2);
  EXPECT_DOUBLE_EQ(lifetimes[2].start_s, 240.0);
  EXPECT_DOUBLE_EQ(lifetimes[3].start_s, 600.0);
  // With keep 180 s the 120 s gap is bridged: replica 0 lives 0-300 s in one piece.
  rule.keep_s = 180;
  const auto kept = plan_replicas(requests, r, rule);
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_DOUBLE_EQ(kept[0].end_s, 300.0);
}
