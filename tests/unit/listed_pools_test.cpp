// for_each_listed_pool and its users (candidate_pools, QuoteScreen::surely_held): visiting only
// the pools of a job's GPU models, from the view's pools_by_model index, gives what a scan of
// every site and pool gives, on a hand-computed view and on many random ones (no engine).
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <utility>
#include <vector>

#include "aicn/policy/builtin_helpers.hpp"
#include "aicn/policy/energy_helpers.hpp"
#include "aicn/policy/quote_screen.hpp"
#include "aicn/topology/gpu_catalog.hpp"
#include "pool_test_views.hpp"

using namespace aicn;
using test::four_site_view;
using test::job_of;
using test::model;

namespace {

using Visits = std::vector<std::pair<int, int>>;

Visits visits(const policy::ClusterView& view, const workloads::Job& job, std::size_t stop_after = 1000) {
  Visits seen;
  policy::for_each_listed_pool(view, job, [&](int site, int pool) {
    seen.emplace_back(site, pool);
    return seen.size() < stop_after;
  });
  return seen;
}

bool same_candidates(const std::vector<policy::Candidate>& a, const std::vector<policy::Candidate>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].site != b[i].site || a[i].pool != b[i].pool ||
        std::memcmp(&a[i].start_delay_s, &b[i].start_delay_s, sizeof(double)) != 0)
      return false;
  return true;
}

}  // namespace

TEST(ListedPools, visitsThePoolsOfTheJobsModelsInLayoutOrderEachOnce) {
  policy::ClusterView view = four_site_view();
  policy::ClusterView indexed = view;
  indexed.index_pools();
  workloads::Job job = job_of(model("A100-80GB"), 8);
  EXPECT_EQ(visits(indexed, job), (Visits{{0, 0}, {1, 0}, {2, 0}}));
  // H800 as an alternative, listed twice and once more as the job's own model: its pools are
  // merged into layout order, each visited once.
  job.alternative_gpu_models = {model("H800"), model("A100-80GB"), model("H800")};
  EXPECT_EQ(visits(indexed, job), (Visits{{0, 0}, {0, 1}, {1, 0}, {2, 0}, {3, 0}}));
  // visit returning false stops the walk.
  EXPECT_EQ(visits(indexed, job, 2), (Visits{{0, 0}, {0, 1}}));
  // A model no pool has: nothing to visit.
  EXPECT_TRUE(visits(indexed, job_of(model("L20"), 8)).empty());
  // Without the index every pool is visited (the caller's Job::accepts decides).
  EXPECT_EQ(visits(view, job_of(model("L20"), 8)), (Visits{{0, 0}, {0, 1}, {1, 0}, {2, 0}, {3, 0}}));
}

TEST(ListedPools, candidatePoolsAndTheQuoteScreenMatchTheScanOnRandomViews) {
  const std::vector<topology::GpuModelId> models = {model("A100-80GB"), model("H800"), model("H20"), model("L20")};
  std::mt19937_64 rng(2027);
  const auto pick = [&rng](int n) { return static_cast<int>(std::uniform_int_distribution<int>(0, n - 1)(rng)); };
  int jobs = 0, with_candidates = 0, held = 0, not_held = 0;
  for (int round = 0; round < 300; ++round) {
    policy::ClusterView view;
    const int sites = 1 + pick(10);
    const int hubs = 1 + pick(4);
    for (int s = 0; s < sites; ++s) {
      policy::SiteView site(std::to_string(s), pick(hubs), topology::Side::EAST, {});
      site.down = pick(6) == 0;
      site.pue = 1.1 + 0.1 * pick(4);
      site.electricity_price_per_kwh = 0.2 + 0.1 * pick(5);
      if (pick(2) == 0) site.price_schedule = {{3600.0, 0.1 * (1 + pick(6))}, {7200.0, 0.1 * (1 + pick(6))}};
      const int pools = pick(4);  // a site may have none
      for (int p = 0; p < pools; ++p) {
        const int total = 8 * (1 + pick(8));
        const int free = pick(total / 8 + 1) * 8;
        policy::PoolView pool(models[static_cast<std::size_t>(pick(4))], total, free, 8, free, 0, 0);
        pool.queued_gpus = 8 * pick(4);
        pool.gpu_busy_w = 500.0 + 100.0 * pick(4);
        pool.depreciation_yuan_per_gpu_hour = 2.0 + pick(6);
        pool.rent_yuan_per_gpu_hour = 10.0 + pick(10);
        site.pools.push_back(std::move(pool));
      }
      view.sites.push_back(std::move(site));
    }
    test::add_random_routes(view, sites, hubs, pick);
    policy::ClusterView indexed = view;
    indexed.index_pools();

    const policy::ProjectedPools scan_pools(view), index_pools(indexed);
    policy::QuoteScreen scan_screen({0.2, 1.0, 0.05}), index_screen({0.2, 1.0, 0.05});
    scan_screen.start(view);
    index_screen.start(indexed);
    for (int j = 0; j < 20; ++j) {
      workloads::Job job = job_of(models[static_cast<std::size_t>(pick(4))], 8 * (1 + pick(4)));
      job.id = static_cast<std::uint64_t>(round * 100 + j + 1);
      job.origin_hub = pick(hubs);
      for (int a = pick(3); a > 0; --a) job.alternative_gpu_models.push_back(models[static_cast<std::size_t>(pick(4))]);
      if (pick(4) == 0) job.memory_bytes = 8 * 80e9 * (1 + pick(3));  // some pools' GPUs hold too little
      if (pick(5) == 0) job.dataset_bytes = 0.0;                       // reaches every site

      std::vector<policy::Candidate> by_scan, by_index;
      policy::candidate_pools(view, scan_pools, job, by_scan);
      policy::candidate_pools(indexed, index_pools, job, by_index);
      EXPECT_TRUE(same_candidates(by_scan, by_index)) << "round " << round << " job " << j;
      ++jobs;
      with_candidates += by_scan.empty() ? 0 : 1;

      // Budgets around the job's idle cost at a typical pool: some held, some priced.
      const double gpu_hours = job.gpus * job.run_time_s() / 3600.0;
      const double budget = gpu_hours * (2.0 + pick(30));
      const bool scan_held = scan_screen.surely_held(view, scan_pools, job, budget);
      EXPECT_EQ(index_screen.surely_held(indexed, index_pools, job, budget), scan_held)
          << "round " << round << " job " << j << " budget " << budget;
      (scan_held ? held : not_held) += 1;
    }
    scan_screen.finish();
    index_screen.finish();
  }
  EXPECT_EQ(jobs, 6000);
  // The random views are not trivial: most jobs have candidates, and the screen answers both ways.
  EXPECT_GT(with_candidates, 2000);
  EXPECT_LT(with_candidates, 6000);
  EXPECT_GT(held, 200);
  EXPECT_GT(not_held, 200);
}
