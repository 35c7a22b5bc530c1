// The policy contract's estimates and the defining choice of each built-in policy, on
// hand-built views (no engine).
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/topology/gpu_catalog.hpp"

using namespace aicn;
using policy::Decision;

namespace {

/// Looked up on first use, not at namespace scope: a namespace-scope initialiser would read
/// the GPU catalogue, itself a static of another translation unit, before it may exist
/// (static-initialisation order: built with clang, 17 tests failed on it).
topology::GpuModelId a100() {
  static const topology::GpuModelId id = topology::find_gpu_model("A100-80GB");
  return id;
}

/// Three sites of 64 A100: east (hub 0, where the data lives) and two in the west (hub 1),
/// all idle, 10 ms and 100 Gbps between any two.
policy::ClusterView three_site_view() {
  policy::ClusterView view;
  view.sites.push_back({"east", 0, topology::Side::EAST, {{a100(), 64, 64, 8, 64, 0, 0}}});
  view.sites.push_back({"west-1", 1, topology::Side::WEST, {{a100(), 64, 64, 8, 64, 0, 0}}});
  view.sites.push_back({"west-2", 1, topology::Side::WEST, {{a100(), 64, 64, 8, 64, 0, 0}}});
  view.hub_home_site = {0, 1};
  view.route_latency_s.assign(9, 0.01);
  view.route_bandwidth_bps.assign(9, 100e9);
  return view;
}

/// Fills a pool: all GPUs busy until `busy_until_s`.
void make_busy(policy::ClusterView& view, int site, double busy_until_s) {
  auto& pool = view.sites[static_cast<std::size_t>(site)].pools[0];
  pool.free_gpus = 0;
  pool.largest_free_block = 0;
  pool.running = {{1000u + static_cast<std::uint64_t>(site), busy_until_s, pool.total_gpus}};
}

workloads::Job job(std::uint64_t id, int gpus, double dataset_bytes = 0.0) {
  workloads::Job j;
  j.id = id;
  j.origin_hub = 0;
  j.gpus = gpus;
  j.gpu_model = a100();
  j.utilisation = 0.5;
  j.flops = gpus * 312e12 * 0.5 * 3600.0;  // one hour
  j.dataset_bytes = dataset_bytes;
  return j;
}

std::vector<Decision> decide(policy::DispatchPolicy& policy, const policy::ClusterView& view,
                             const std::vector<workloads::Job>& jobs) {
  std::vector<const workloads::Job*> pending;
  for (const auto& j : jobs) pending.push_back(&j);
  return policy.decide(view, pending);
}

std::unique_ptr<policy::DispatchPolicy> make(const std::string& name, std::uint64_t seed = 1) {
  return policy::PolicyRegistry::instance().make(name, seed, config::ConfigNode(YAML::Node(), "test", "policy.params"));
}

}  // namespace

TEST(ExpectedWait, queuedJobsGoFirstAndGpusFreeAtTheRunningJobsEnds) {
  policy::PoolView pool(a100(), 8, 0, 8, 0, 1, 8);
  pool.running = {{1, 100.0, 4}, {2, 200.0, 4}};
  pool.queue = {{3, 8, 50.0}};
  // The queued 8-GPU job starts at 200 (both running jobs gone) and ends at 250.
  EXPECT_DOUBLE_EQ(pool.expected_wait_s(4, 0.0), 250.0);
  EXPECT_DOUBLE_EQ(pool.expected_wait_s(4, 10.0), 240.0);
  pool.queue.clear();
  EXPECT_DOUBLE_EQ(pool.expected_wait_s(4, 0.0), 100.0);  // the first release is enough
  pool.inbound = {{4, 2, 1000.0}};
  EXPECT_DOUBLE_EQ(pool.expected_wait_s(4, 0.0), 200.0);  // the inbound job takes 2 of the 4
  EXPECT_TRUE(std::isinf(pool.expected_wait_s(9, 0.0)));
  const policy::PoolView inconsistent(a100(), 8, 0, 8, 0, 0, 0);  // nothing free, nothing running
  EXPECT_TRUE(std::isinf(inconsistent.expected_wait_s(1, 0.0)));
}

TEST(ClusterViewContract, transferEstimateIsLatencyPlusSizeOverBandwidth) {
  const auto view = three_site_view();
  EXPECT_EQ(view.data_site(job(1, 8, 1e10)), 0);
  EXPECT_DOUBLE_EQ(view.transfer_estimate_s(job(1, 8, 1e10), 0), 0.0);
  EXPECT_DOUBLE_EQ(view.transfer_estimate_s(job(1, 8, 1e10), 1), 0.01 + 1e10 * 8 / 100e9);
  EXPECT_DOUBLE_EQ(view.transfer_estimate_s(job(1, 8, 0.0), 2), 0.0);
}

TEST(ClusterViewContract, transfersInFlightOnTheRouteShareItsBandwidth) {
  auto view = three_site_view();
  view.route_transfers.assign(9, 0);
  view.route_transfers[0 * 3 + 1] = 3;  // three transfers east -> west-1 already
  EXPECT_DOUBLE_EQ(view.transfer_estimate_s(job(1, 8, 1e10), 1), 0.01 + 4 * 1e10 * 8 / 100e9);
  EXPECT_DOUBLE_EQ(view.transfer_estimate_s(job(1, 8, 1e10), 2), 0.01 + 1e10 * 8 / 100e9);
}

TEST(ClusterViewContract, energyFieldsDefaultToUnknown) {
  const policy::SiteView site;
  EXPECT_EQ(site.pue, 1.0);
  EXPECT_TRUE(std::isnan(site.electricity_price_per_kwh));
  EXPECT_TRUE(std::isnan(site.carbon_g_per_kwh));
  EXPECT_TRUE(std::isnan(site.green_share));
  EXPECT_TRUE(site.price_schedule.empty());
}

TEST(RoundRobin, dealsJobsToTheSitesInTurnSkippingThoseTooSmall) {
  auto view = three_site_view();
  view.sites[1].pools[0] = {a100(), 8, 8, 8, 8, 0, 0};
  auto policy = make("round-robin");
  const auto decisions = decide(*policy, view, {job(1, 8), job(2, 8), job(3, 8), job(4, 16), job(5, 16)});
  std::vector<int> sites;
  for (const auto& d : decisions) sites.push_back(d.site);
  // 0, 1, 2, then back to 0; the 16-GPU job after that skips the 8-GPU west-1.
  EXPECT_EQ(sites, (std::vector<int>{0, 1, 2, 0, 2}));
}

TEST(Random, sameSeedSameChoicesAndEverySiteIsUsed) {
  const auto view = three_site_view();
  std::vector<workloads::Job> jobs;
  for (std::uint64_t i = 0; i < 60; ++i) jobs.push_back(job(i, 8));
  auto first = decide(*make("random", 7), view, jobs);
  auto again = decide(*make("random", 7), view, jobs);
  auto other = decide(*make("random", 8), view, jobs);
  std::set<int> used;
  bool differs = false;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    EXPECT_EQ(first[i].site, again[i].site);
    used.insert(first[i].site);
    differs = differs || first[i].site != other[i].site;
  }
  EXPECT_EQ(used.size(), 3u);
  EXPECT_TRUE(differs);
}

TEST(Random, rejectsAJobNoSiteCouldHoldWithAReason) {
  const auto decisions = decide(*make("random"), three_site_view(), {job(1, 128)});
  EXPECT_EQ(decisions[0].action, Decision::Action::REJECT);
  EXPECT_FALSE(decisions[0].reason.empty());
}

TEST(ShortestExpectedWait, picksThePoolThatFreesUpFirstAndSpreadsABurst) {
  auto view = three_site_view();
  make_busy(view, 0, 5000.0);
  make_busy(view, 1, 100.0);
  make_busy(view, 2, 3000.0);
  auto policy = make("shortest-expected-wait");
  // The first 64-GPU job takes west-1 (free at 100 s); the second then expects west-1 at
  // 100 s + 1 h, so it goes to west-2 (3000 s).
  const auto decisions = decide(*policy, view, {job(1, 64, 1e9), job(2, 64, 1e9)});
  EXPECT_EQ(decisions[0].site, 1);
  EXPECT_EQ(decisions[1].site, 2);
}

TEST(ShortestExpectedWait, countsItsOwnTransfersOfABurstOnTheSameRoute) {
  auto view = three_site_view();
  view.sites[0].pools.clear();  // no GPUs at home: every job's data must move
  view.route_bandwidth_bps = {0, 100e9, 10e9, 100e9, 0, 100e9, 10e9, 100e9, 0};  // west-2 is 10x slower
  // 1 TB each: alone, west-1 takes 80 s and west-2 800 s; both are idle. With k transfers of
  // this call already on the fast route a new one takes 80 (k + 1) s: the first ten jobs go
  // there (the tenth ties at 800 s and stays), the eleventh finds 880 s and takes west-2, and
  // the twelfth returns to west-1 (880 s beats 1600 s on the slow route, now shared).
  std::vector<workloads::Job> burst;
  for (std::uint64_t i = 0; i < 12; ++i) burst.push_back(job(i, 1, 1e12));
  const auto decisions = decide(*make("shortest-expected-wait"), view, burst);
  int to_west_2 = 0;
  for (const auto& d : decisions) to_west_2 += d.site == 2;
  EXPECT_EQ(decisions.front().site, 1);
  EXPECT_EQ(to_west_2, 1);
  EXPECT_EQ(decisions[10].site, 2);
  EXPECT_EQ(decisions[11].site, 1);
}

TEST(DataGravity, staysWithTheDataWhenMovingItTakesLongerThanTheLocalWait) {
  auto view = three_site_view();
  make_busy(view, 0, 60.0);  // home frees in a minute; a 1 TB move takes 80 s
  const auto decisions = decide(*make("data-gravity"), view, {job(1, 64, 1e12)});
  EXPECT_EQ(decisions[0].site, 0);
}

TEST(DataGravity, movesTheDataWhenThatStartsTheJobSooner) {
  auto view = three_site_view();
  make_busy(view, 0, 600.0);  // home busy for 10 minutes; the move takes 80 s
  make_busy(view, 1, 400.0);
  const auto decisions = decide(*make("data-gravity"), view, {job(1, 64, 1e12)});
  EXPECT_EQ(decisions[0].site, 2);  // idle west-2: starts after the 80 s transfer
}

TEST(DataGravity, staysHomeOnATie) {
  const auto decisions = decide(*make("data-gravity"), three_site_view(), {job(1, 8, 0.0)});
  EXPECT_EQ(decisions[0].site, 0);
}

TEST(DataGravity, goesWhereACopyOfItsDatasetIsKept) {
  // Home busy for 600 s, west-1 for 400 s, west-2 for 500 s. A 10 TB data set takes 800 s to
  // move: without a copy anywhere the job stays home (600 s against 800 s at either west
  // site); with a copy kept at west-2 it starts there at 500 s, moving nothing.
  auto view = three_site_view();
  make_busy(view, 0, 600.0);
  make_busy(view, 1, 400.0);
  make_busy(view, 2, 500.0);
  auto big = job(2, 64, 1e13);
  big.dataset = "big";
  EXPECT_EQ(decide(*make("data-gravity"), view, {big})[0].site, 0);
  view.sites[2].data_copies = {"big"};
  EXPECT_DOUBLE_EQ(view.bytes_to_move(big, 2), 0.0);
  EXPECT_DOUBLE_EQ(view.transfer_estimate_s(big, 2), 0.0);
  EXPECT_DOUBLE_EQ(view.bytes_to_move(big, 1), 1e13);
  EXPECT_DOUBLE_EQ(view.bytes_to_move(big, 0), 0.0);  // home holds it
  EXPECT_EQ(decide(*make("data-gravity"), view, {big})[0].site, 2);
}
