// split-when-needed on hand-built views (no engine): it places whole when a site starts the job
// within max_wait, and splits a training job over the best-connected pair of sites otherwise.
#include <gtest/gtest.h>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/topology/gpu_catalog.hpp"

using namespace aicn;
using policy::Decision;

namespace {

topology::GpuModelId a100() {
  static const topology::GpuModelId id = topology::find_gpu_model("A100-80GB");
  return id;
}

/// Three idle sites of 64 A100 (data at east); 10 ms and 100 Gbps between any two, except
/// east -- west-2 at 400 Gbps.
policy::ClusterView view() {
  policy::ClusterView v;
  v.sites.push_back({"east", 0, topology::Side::EAST, {{a100(), 64, 64, 8, 64, 0, 0}}});
  v.sites.push_back({"west-1", 1, topology::Side::WEST, {{a100(), 64, 64, 8, 64, 0, 0}}});
  v.sites.push_back({"west-2", 1, topology::Side::WEST, {{a100(), 64, 64, 8, 64, 0, 0}}});
  v.hub_home_site = {0, 1};
  v.route_latency_s.assign(9, 0.01);
  v.route_bandwidth_bps.assign(9, 100e9);
  v.route_bandwidth_bps[0 * 3 + 2] = v.route_bandwidth_bps[2 * 3 + 0] = 400e9;
  return v;
}

/// Half of each pool busy until 10 h.
void half_busy(policy::ClusterView& v) {
  for (std::size_t s = 0; s < v.sites.size(); ++s) {
    auto& pool = v.sites[s].pools[0];
    pool.free_gpus = 32;
    pool.largest_free_block = 32;
    pool.running = {{1000u + s, 36000.0, 32}};
  }
}

workloads::Job training(std::uint64_t id, int gpus) {
  workloads::Job j;
  j.id = id;
  j.origin_hub = 0;
  j.gpus = gpus;
  j.gpu_model = a100();
  j.flops = gpus * 312e12 * 0.5 * 3600.0;
  j.checkpoint_bytes = 14e9;
  return j;
}

std::vector<Decision> decide(const policy::ClusterView& v, const std::vector<workloads::Job>& jobs,
                             const std::string& params = "{}") {
  auto policy = policy::PolicyRegistry::instance().make(
      "split-when-needed", 1, config::ConfigNode(YAML::Load(params), "test", "policy.params"));
  std::vector<const workloads::Job*> pending;
  for (const auto& j : jobs) pending.push_back(&j);
  return policy->decide(v, pending);
}

}  // namespace

TEST(SplitWhenNeeded, aJobNoPoolHoldsIsSplitOverTheWidestRoute) {
  const auto decisions = decide(view(), {training(1, 128)});
  ASSERT_EQ(decisions.size(), 1u);
  ASSERT_EQ(decisions[0].action, Decision::Action::SPLIT);
  ASSERT_EQ(decisions[0].parts.size(), 2u);
  EXPECT_EQ(decisions[0].parts[0].site, 0);  // east -- west-2: 400 Gbps
  EXPECT_EQ(decisions[0].parts[0].gpus, 64);
  EXPECT_EQ(decisions[0].parts[1].site, 2);
  EXPECT_EQ(decisions[0].parts[1].gpus, 64);
}

TEST(SplitWhenNeeded, aJobOneSiteStartsSoonIsPlacedWhole) {
  const auto decisions = decide(view(), {training(1, 64)});
  ASSERT_EQ(decisions[0].action, Decision::Action::PLACE);
  EXPECT_EQ(decisions[0].site, 0);  // its data is there: no transfer, no wait
}

TEST(SplitWhenNeeded, aJobThatWouldWaitPastMaxWaitIsSplitOverFreeGpus) {
  policy::ClusterView v = view();
  half_busy(v);  // 64 GPUs start nowhere before 10 h > 6 h; 32 + 32 are free now
  auto decisions = decide(v, {training(1, 64)}, "{part_multiple: 32}");
  ASSERT_EQ(decisions[0].action, Decision::Action::SPLIT);
  EXPECT_EQ(decisions[0].parts[0].gpus + decisions[0].parts[1].gpus, 64);
  // Two such jobs in one call: the second finds only west-1's 32 free GPUs left, so it is
  // placed whole to wait rather than split.
  decisions = decide(v, {training(1, 64), training(2, 64)}, "{part_multiple: 32}");
  EXPECT_EQ(decisions[0].action, Decision::Action::SPLIT);
  EXPECT_EQ(decisions[1].action, Decision::Action::PLACE);
  // With a 12 h budget the 10 h wait is acceptable: placed whole.
  decisions = decide(v, {training(1, 64)}, "{part_multiple: 32, max_wait: 12h}");
  EXPECT_EQ(decisions[0].action, Decision::Action::PLACE);
}

TEST(SplitWhenNeeded, aJobNoPairCouldEverHoldIsRejected) {
  EXPECT_EQ(decide(view(), {training(1, 256)})[0].action, Decision::Action::REJECT);
  workloads::Job inference = training(2, 128);
  inference.kind = workloads::JobKind::BATCH_INFERENCE;  // not splittable
  EXPECT_EQ(decide(view(), {inference})[0].action, Decision::Action::REJECT);
}
