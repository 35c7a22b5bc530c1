// least_loaded_pool: the choice by the view's pools_by_model index is the choice of a scan of
// every site and pool, on a hand-computed view and on many random ones (no engine).
#include <gtest/gtest.h>

#include <optional>
#include <random>

#include "aicn/policy/builtin_helpers.hpp"
#include "aicn/topology/gpu_catalog.hpp"
#include "pool_test_views.hpp"

using namespace aicn;
using test::four_site_view;
using test::job_of;
using test::model;
using policy::PoolChoice;

namespace {

bool same(const std::optional<PoolChoice>& a, const std::optional<PoolChoice>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->site == b->site && a->pool == b->pool);
}

}  // namespace

TEST(LeastLoadedPool, indexedChoiceIsTheMostFreePoolFirstListedOnTies) {
  policy::ClusterView view = four_site_view();
  view.index_pools();
  const auto all = [](const policy::SiteView&) { return true; };
  const auto hub0 = [](const policy::SiteView& site) { return site.hub == 0; };

  workloads::Job a100_job = job_of(model("A100-80GB"), 8);
  // A100 pools: s0 8 free, s1 24, s2 24: the tie between s1 and s2 goes to s1, listed first.
  auto choice = policy::least_loaded_pool(view, a100_job, all);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->site, 1);
  EXPECT_EQ(choice->pool, 0);

  // Accepting H800 as well: s3's 40 free wins nationally; in hub 0, s1's 24 beats s0's 16.
  a100_job.alternative_gpu_models = {model("H800")};
  choice = policy::least_loaded_pool(view, a100_job, all);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->site, 3);
  choice = policy::least_loaded_pool(view, a100_job, hub0);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->site, 1);

  // The H800 pool of s0 ties with the A100 pool of s1 at 24 free: s0, listed first, wins,
  // although its model is the job's alternative and is visited second.
  view.sites[0].pools[1].free_gpus = 24;
  choice = policy::least_loaded_pool(view, a100_job, hub0);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->site, 0);
  EXPECT_EQ(choice->pool, 1);

  // No route from the data (site 0) to site 3: the H800 there no longer qualifies.
  view.route_bandwidth_bps[3] = 0.0;
  choice = policy::least_loaded_pool(view, a100_job, all);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->site, 0);
  EXPECT_EQ(choice->pool, 1);

  // Larger than every pool: nothing.
  EXPECT_FALSE(policy::least_loaded_pool(view, job_of(model("A100-80GB"), 65), all));
}

TEST(LeastLoadedPool, indexedChoiceEqualsTheFullScanOnRandomViews) {
  const std::vector<topology::GpuModelId> models = {model("A100-80GB"), model("H800"), model("H20"), model("L20")};
  std::mt19937_64 rng(2026);
  const auto pick = [&rng](int n) { return static_cast<int>(std::uniform_int_distribution<int>(0, n - 1)(rng)); };
  int compared = 0;
  int found = 0;
  for (int round = 0; round < 400; ++round) {
    policy::ClusterView view;
    const int sites = 1 + pick(12);
    const int hubs = 1 + pick(4);
    for (int s = 0; s < sites; ++s) {
      policy::SiteView site(std::to_string(s), pick(hubs), topology::Side::EAST, {});
      const int pools = pick(4);  // a site may have none
      for (int p = 0; p < pools; ++p) {
        const int total = pick(3) == 0 ? 0 : 8 * (1 + pick(8));  // 0: the site is down
        const int free = total == 0 ? 0 : pick(total / 8 + 1) * 8;
        site.pools.push_back({models[static_cast<std::size_t>(pick(4))], total, free, 8, free, 0, 0});
      }
      view.sites.push_back(std::move(site));
    }
    test::add_random_routes(view, sites, hubs, pick);

    policy::ClusterView indexed = view;
    indexed.index_pools();
    for (int j = 0; j < 20; ++j) {
      workloads::Job job = job_of(models[static_cast<std::size_t>(pick(4))], 8 * (1 + pick(4)));
      job.origin_hub = pick(hubs);
      for (int a = pick(3); a > 0; --a) job.alternative_gpu_models.push_back(models[static_cast<std::size_t>(pick(4))]);
      if (pick(4) == 0) job.memory_bytes = 8 * 80e9 * (1 + pick(3));  // some pools' GPUs hold too little
      if (pick(5) == 0) job.dataset_bytes = 0.0;                       // reaches every site
      const int hub = job.origin_hub;
      const auto in_hub = [hub](const policy::SiteView& site) { return site.hub == hub; };
      const auto all = [](const policy::SiteView&) { return true; };
      const auto scan_hub = policy::least_loaded_pool_scan(view, job, in_hub);
      const auto scan_all = policy::least_loaded_pool_scan(view, job, all);
      // The view without the index falls back to the scan itself.
      EXPECT_TRUE(same(policy::least_loaded_pool(view, job, all), scan_all));
      EXPECT_TRUE(same(policy::least_loaded_pool(indexed, job, in_hub), scan_hub)) << "round " << round << " job " << j;
      EXPECT_TRUE(same(policy::least_loaded_pool(indexed, job, all), scan_all)) << "round " << round << " job " << j;
      compared += 2;
      found += scan_all ? 1 : 0;
    }
  }
  EXPECT_EQ(compared, 16000);
  // The random views are not all trivial: most jobs find a pool, some find none.
  EXPECT_GT(found, 2000);
  EXPECT_LT(found, 8000);
}
