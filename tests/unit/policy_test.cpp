// Built-in policies decide on a hand-built ClusterView: no engine needed.
#include <gtest/gtest.h>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/topology/gpu_catalog.hpp"

using namespace aicn;
using policy::Decision;

namespace {

policy::ClusterView two_hub_view() {
  const auto a100 = topology::find_gpu_model("A100-80GB");
  policy::ClusterView view;
  view.sites.push_back({"east", 0, topology::Side::EAST, {{a100, 16, 2, 8, 2, 0, 0}}});
  view.sites.push_back({"west-1", 1, topology::Side::WEST, {{a100, 256, 100, 8, 96, 0, 0}}});
  view.sites.push_back({"west-2", 1, topology::Side::WEST, {{a100, 256, 200, 8, 200, 0, 0}}});
  view.hub_home_site = {0, 1};
  view.route_latency_s.assign(9, 0.01);
  view.route_bandwidth_bps.assign(9, 100e9);
  return view;
}

workloads::Job job(std::uint64_t id, int gpus, const char* model = "A100-80GB") {
  workloads::Job j;
  j.id = id;
  j.origin_hub = 0;
  j.gpus = gpus;
  j.gpu_model = topology::find_gpu_model(model);
  j.flops = 1e18;
  return j;
}

std::vector<Decision> decide(const std::string& name, const std::vector<workloads::Job>& jobs) {
  auto policy = policy::PolicyRegistry::instance().make(name, 1, config::ConfigNode(YAML::Node(), "test", "policy.params"));
  std::vector<const workloads::Job*> pending;
  for (const auto& j : jobs) pending.push_back(&j);
  return policy->decide(two_hub_view(), pending);
}

}  // namespace

TEST(PolicyRegistry, listsTheBuiltInsAndRejectsUnknownNamesListingValidOnes) {
  const auto& registry = policy::PolicyRegistry::instance();
  EXPECT_TRUE(registry.contains("local-first"));
  EXPECT_TRUE(registry.contains("least-loaded"));
  for (const auto& [name, entry] : registry.entries()) EXPECT_FALSE(entry.description.empty()) << name;
  try {
    registry.create("fastest", policy::PolicyContext{});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("local-first"), std::string::npos) << e.what();
  }
}

TEST(LocalFirst, keepsAJobAtHomeWhenTheHomeSiteCanEverFitItEvenIfBusy) {
  const auto decisions = decide("local-first", {job(1, 8)});
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].action, Decision::Action::PLACE);
  EXPECT_EQ(decisions[0].site, 0);
}

TEST(LocalFirst, sendsAJobTooBigForHomeToTheLeastLoadedSite) {
  const auto decisions = decide("local-first", {job(1, 64)});
  EXPECT_EQ(decisions[0].site, 2);
}

TEST(LeastLoaded, picksTheSiteWithTheMostFreeGpusOfTheJobsModel) {
  const auto decisions = decide("least-loaded", {job(1, 8)});
  EXPECT_EQ(decisions[0].site, 2);
  EXPECT_EQ(decisions[0].pool, 0);
}

TEST(LeastLoaded, rejectsAJobNoSiteCouldEverHoldWithAReason) {
  const auto decisions = decide("least-loaded", {job(1, 8, "H800"), job(2, 512)});
  ASSERT_EQ(decisions.size(), 2u);
  for (const auto& decision : decisions) {
    EXPECT_EQ(decision.action, Decision::Action::REJECT);
    EXPECT_FALSE(decision.reason.empty());
  }
}
