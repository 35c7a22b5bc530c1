// The defining choices of the energy-, service- and market-aware built-in policies
// (cost-aware, carbon-aware, latency-aware, broker) and two rules every built-in follows
// (accepted alternative GPU models; hold, not reject, while the only fitting site is down),
// on hand-built views (no engine).
#include <gtest/gtest.h>

#include <cmath>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/policy/energy_helpers.hpp"
#include "aicn/policy/quote_screen.hpp"
#include "aicn/topology/gpu_catalog.hpp"
#include "aicn/topology/layout.hpp"

using namespace aicn;
using policy::Decision;

namespace {

const topology::GpuModelId kA100 = topology::find_gpu_model("A100-80GB");
const topology::GpuModelId kH800 = topology::find_gpu_model("H800");

policy::PoolView a100_pool(int gpus = 64) {
  policy::PoolView pool{kA100, gpus, gpus, 8, gpus, 0, 0};
  pool.gpu_busy_w = 712.5;  // 400 W board + 2500 W / 8 server overhead
  pool.gpu_idle_w = 185.0;
  pool.depreciation_yuan_per_gpu_hour = 5.0;
  pool.rent_yuan_per_gpu_hour = 22.5;
  return pool;
}

policy::SiteView site(const char* name, int hub, double price, double carbon_g, double green, double pue = 1.2) {
  policy::SiteView s{name, hub, hub == 0 ? topology::Side::EAST : topology::Side::WEST, {a100_pool()}};
  s.electricity_price_per_kwh = price;
  s.carbon_g_per_kwh = carbon_g;
  s.green_share = green;
  s.pue = pue;
  return s;
}

/// The data lives at "east" (hub 0's home); two western sites; 10 ms and 100 Gbps apart.
policy::ClusterView view_of(std::vector<policy::SiteView> sites) {
  policy::ClusterView view;
  const std::size_t n = sites.size();
  view.sites = std::move(sites);
  view.hub_home_site = {0, 1};
  view.route_latency_s.assign(n * n, 0.01);
  view.route_bandwidth_bps.assign(n * n, 100e9);
  for (std::size_t i = 0; i < n; ++i) view.route_latency_s[i * n + i] = 0.0;
  return view;
}

void make_busy(policy::ClusterView& view, int s, double until_s) {
  auto& pool = view.sites[static_cast<std::size_t>(s)].pools[0];
  pool.free_gpus = pool.largest_free_block = 0;
  pool.running = {{900u + static_cast<std::uint64_t>(s), until_s, pool.total_gpus}};
}

void take_down(policy::ClusterView& view, int s) {
  auto& site = view.sites[static_cast<std::size_t>(s)];
  site.down = true;
  for (auto& pool : site.pools) pool.total_gpus = pool.free_gpus = pool.largest_free_block = 0;
}

workloads::Job job(std::uint64_t id, int gpus, double hours = 1.0) {
  workloads::Job j;
  j.id = id;
  j.origin_hub = 0;
  j.gpus = gpus;
  j.gpu_model = kA100;
  j.utilisation = 0.5;
  j.flops = gpus * 312e12 * 0.5 * 3600.0 * hours;
  return j;
}

std::unique_ptr<policy::DispatchPolicy> make(const std::string& name, const std::string& params_yaml = "") {
  const YAML::Node params = params_yaml.empty() ? YAML::Node() : YAML::Load(params_yaml);
  return policy::PolicyRegistry::instance().make(name, 1, config::ConfigNode(params, "test.yaml", "policy.params"));
}

Decision decide_one(policy::DispatchPolicy& policy, const policy::ClusterView& view, const workloads::Job& j) {
  const workloads::Job* pending[] = {&j};
  const auto decisions = policy.decide(view, pending);
  EXPECT_LE(decisions.size(), 1u);
  // A job without a decision is held (DispatchPolicy::decide).
  return decisions.empty() ? Decision::hold(j.id) : decisions.at(0);
}

}  // namespace

TEST(EnergyEstimates, facilityEnergyCostAndCarbonOfAJob) {
  const auto s = site("s", 0, 0.5, 600.0, 0.25, 1.2);
  const auto j = job(1, 8, 2.0);  // 8 GPUs for 2 h
  const double kwh = 8 * 0.7125 * 2.0 * 1.2;
  EXPECT_NEAR(policy::job_facility_kwh(s, s.pools[0], j), kwh, 1e-9);
  EXPECT_NEAR(policy::job_electricity_yuan(s, s.pools[0], j, 0.0), kwh * 0.5, 1e-9);
  EXPECT_NEAR(policy::job_carbon_kg(s, s.pools[0], j), kwh * 0.6 * 0.75, 1e-9);
  auto tou = s;  // 0.5 until 1 h, then 0.2: a 2 h run starting at 0 pays the mean 0.35
  tou.price_schedule = {{3600.0, 0.2}};
  EXPECT_NEAR(tou.mean_price(0.0, 7200.0), 0.35, 1e-12);
  EXPECT_NEAR(tou.price_at(5000.0), 0.2, 1e-12);
  EXPECT_TRUE(std::isnan(site("u", 0, NAN, NAN, 0.0).mean_price(0.0, 10.0)));
}

TEST(CostAware, picksTheCheaperOfTwoOtherwiseEqualSites) {
  auto view = view_of({site("east", 0, 0.80, 600, 0), site("west-1", 1, 0.30, 600, 0), site("west-2", 1, 0.45, 600, 0)});
  auto policy = make("cost-aware");
  const Decision d = decide_one(*policy, view, job(1, 8));
  EXPECT_EQ(d.action, Decision::Action::PLACE);
  EXPECT_EQ(d.site, 1);
  // Swap the prices of the western sites: the choice follows the price.
  std::swap(view.sites[1].electricity_price_per_kwh, view.sites[2].electricity_price_per_kwh);
  EXPECT_EQ(decide_one(*policy, view, job(2, 8)).site, 2);
}

TEST(CostAware, aCheapSiteTooFarBehindInItsQueueLosesAndTransferCostCounts) {
  auto view = view_of({site("east", 0, 0.80, 600, 0), site("west-1", 1, 0.30, 600, 0), site("west-2", 1, 0.45, 600, 0)});
  make_busy(view, 1, 3 * 3600.0);  // the cheapest starts 3 h later: beyond the default 2 h
  EXPECT_EQ(decide_one(*make("cost-aware"), view, job(1, 8)).site, 2);
  EXPECT_EQ(decide_one(*make("cost-aware", "{max_extra_wait: 4h}"), view, job(2, 8)).site, 1);
  // 1 TB of data at 1 yuan/GB costs 1000 yuan to move: far more than the power saved, so it stays.
  auto heavy = job(3, 8);
  heavy.dataset_bytes = 1e12;
  EXPECT_EQ(decide_one(*make("cost-aware", "{transfer_yuan_per_gb: 1.0}"), view, heavy).site, 0);
}

TEST(CostAware, aBurstIsSpreadOnceTheCheapSiteQueuesTooLong) {
  auto view = view_of({site("east", 0, 0.80, 600, 0), site("west-1", 1, 0.30, 600, 0)});
  std::vector<workloads::Job> jobs;
  for (std::uint64_t i = 0; i < 4; ++i) jobs.push_back(job(i + 1, 64, 3.0));  // each fills a site for 3 h
  std::vector<const workloads::Job*> pending;
  for (const auto& j : jobs) pending.push_back(&j);
  const auto decisions = make("cost-aware")->decide(view, pending);
  ASSERT_EQ(decisions.size(), 4u);
  EXPECT_EQ(decisions[0].site, 1);  // cheap and free
  EXPECT_EQ(decisions[1].site, 0);  // west-1 would start it 3 h later than east
}

TEST(CarbonAware, picksTheLowestGridCarbonAfterTheGreenShare) {
  // west-1 has the dirtier grid but 60 % green power: 900 x 0.4 = 360 g/kWh < 500.
  auto view = view_of({site("east", 0, 0.3, 600, 0.0), site("west-1", 1, 0.6, 900, 0.6), site("west-2", 1, 0.3, 500, 0.0)});
  EXPECT_EQ(decide_one(*make("carbon-aware"), view, job(1, 8)).site, 1);
  view.sites[1].green_share = 0.3;  // 630 g/kWh: now west-2 is greenest
  EXPECT_EQ(decide_one(*make("carbon-aware"), view, job(2, 8)).site, 2);
}

TEST(CarbonAware, holdsADeferrableJobForCheaperHoursOnlyWithTicksAndWithinItsMaxDelay) {
  auto view = view_of({site("east", 0, 0.9, 300, 0.0)});
  view.sites[0].price_schedule = {{2 * 3600.0, 0.3}};  // valley price from 02:00
  view.dispatch_tick_s = 600.0;
  auto batch = job(1, 8);
  batch.kind = workloads::JobKind::BATCH_INFERENCE;
  auto policy = make("carbon-aware", "{max_delay: 4h}");
  EXPECT_EQ(decide_one(*policy, view, batch).action, Decision::Action::HOLD);
  auto training = job(2, 8);  // not deferrable
  EXPECT_EQ(decide_one(*policy, view, training).action, Decision::Action::PLACE);
  EXPECT_EQ(decide_one(*make("carbon-aware", "{max_delay: 1h}"), view, batch).action, Decision::Action::PLACE)
      << "the cheaper hour comes after submit + max_delay";
  EXPECT_EQ(decide_one(*make("carbon-aware"), view, batch).action, Decision::Action::PLACE) << "deferral is off by default";
  view.dispatch_tick_s = 0.0;
  EXPECT_EQ(decide_one(*policy, view, batch).action, Decision::Action::PLACE) << "no tick would wake it";
  view.dispatch_tick_s = 600.0;
  view.now_s = 2 * 3600.0;  // the valley has come: nothing cheaper ahead
  view.sites[0].electricity_price_per_kwh = 0.3;
  view.sites[0].price_schedule.clear();
  EXPECT_EQ(decide_one(*policy, view, batch).action, Decision::Action::PLACE);
}

TEST(CarbonAware, aDeferrableJobMayQueueAtAGreenerSiteUpToItsMaxDelay) {
  auto view = view_of({site("east", 0, 0.5, 800, 0.0), site("west-1", 1, 0.5, 100, 0.0)});
  make_busy(view, 1, 3 * 3600.0);
  auto tuning = job(1, 8);
  tuning.kind = workloads::JobKind::FINE_TUNING;
  EXPECT_EQ(decide_one(*make("carbon-aware"), view, tuning).site, 0) << "3 h behind: beyond max_extra_wait";
  EXPECT_EQ(decide_one(*make("carbon-aware", "{max_delay: 4h}"), view, tuning).site, 1);
}

TEST(LatencyAware, neverPlacesAServiceBeyondItsLatencyBudget) {
  auto view = view_of({site("east", 0, 0.5, 600, 0), site("west-1", 1, 0.5, 600, 0)});
  view.route_latency_s = {0.0, 0.020, 0.020, 0.0};  // 20 ms east <-> west
  make_busy(view, 0, 5 * 3600.0);                   // the home site is busy for 5 h
  auto service = job(1, 8);
  service.kind = workloads::JobKind::INFERENCE_SERVICE;
  service.duration_s = 86400.0;
  service.latency_budget_s = 0.005;
  auto policy = make("latency-aware");
  Decision d = decide_one(*policy, view, service);
  EXPECT_EQ(d.action, Decision::Action::PLACE);
  EXPECT_EQ(d.site, 0) << "waits at home rather than break the 5 ms budget";
  service.latency_budget_s = 0.030;
  EXPECT_EQ(decide_one(*policy, view, service).site, 1) << "within 30 ms the free western site starts it now";
  auto training = job(2, 8);
  EXPECT_EQ(decide_one(*policy, view, training).site, 1) << "other jobs: soonest start";
  // No site within budget can hold it (the home pool is too small): rejected with the budget.
  view.sites[0].pools[0] = a100_pool(4);
  service.latency_budget_s = 0.005;
  d = decide_one(*policy, view, service);
  EXPECT_EQ(d.action, Decision::Action::REJECT);
  EXPECT_NE(d.reason.find("latency budget of 5.0 ms"), std::string::npos) << d.reason;
}

TEST(Broker, matchesTheCheapestQuoteWithinBudgetHoldsWhenLoadedAndRejectsTheUnaffordable) {
  auto view = view_of({site("east", 0, 0.8, 600, 0), site("west-1", 1, 0.3, 600, 0)});
  auto policy = make("broker");  // budget 0.5 x 22.5 = 11.25 yuan per GPU-hour
  Decision d = decide_one(*policy, view, job(1, 8));
  EXPECT_EQ(d.action, Decision::Action::PLACE);
  EXPECT_EQ(d.site, 1) << "the cheaper electricity quotes lower";
  // Both sites full with queues: quotes x (1 + load) exceed the budget, so the broker holds.
  for (int s : {0, 1}) {
    make_busy(view, s, 3600.0);
    view.sites[static_cast<std::size_t>(s)].pools[0].queued_gpus = 64;
  }
  EXPECT_EQ(decide_one(*policy, view, job(2, 8)).action, Decision::Action::HOLD);
  // A generous class budget is matched even at this load; a tiny one is never affordable.
  EXPECT_EQ(decide_one(*make("broker", "{budget_yuan_per_gpu_hour: {training: 40}}"), view, job(3, 8)).action,
            Decision::Action::PLACE);
  d = decide_one(*make("broker", "{budget_yuan_per_gpu_hour: {training: 1}}"), view, job(4, 8));
  EXPECT_EQ(d.action, Decision::Action::REJECT);
  EXPECT_NE(d.reason.find("budget"), std::string::npos);
}

TEST(Broker, quotedPriceRespectsTheBudgetExactly) {
  // One idle site: quote = (0.7125 kW x 1.2 x 0.5 + 5) x 1.2 = 6.513 yuan per GPU-hour.
  auto view = view_of({site("east", 0, 0.5, 600, 0)});
  EXPECT_EQ(decide_one(*make("broker", "{budget_yuan_per_gpu_hour: {training: 6.52}}"), view, job(1, 8)).action,
            Decision::Action::PLACE);
  EXPECT_EQ(decide_one(*make("broker", "{budget_yuan_per_gpu_hour: {training: 6.50}}"), view, job(2, 8)).action,
            Decision::Action::REJECT);
}

TEST(EveryBuiltinPolicy, usesAnAcceptedAlternativeModelAndHoldsWhileTheOnlyFittingSiteIsDown) {
  // `external` asks the Python least-loaded (results/python/examples), which must choose
  // as the built-ins do; each make() starts one scheduler process.
  const std::string python_least_loaded =
      "{command: '/usr/bin/python3 " + std::string(AICN_SOURCE_DIR) + "/results/python/examples/least_loaded.py'}";
  for (const auto& [name, entry] : policy::PolicyRegistry::instance().entries()) {
    SCOPED_TRACE(name);
    const auto make = [&, name = name](const std::string&) {
      return ::make(name, name == "external" ? python_least_loaded : "");
    };
    // Only west-1 has H800s; the job asks for A100 but accepts H800.
    auto view = view_of({site("east", 0, 0.5, 600, 0), site("west-1", 1, 0.5, 600, 0)});
    view.sites[0].pools[0] = a100_pool(4);
    view.sites[1].pools[0].gpu_model = kH800;
    auto j = job(1, 16);
    j.alternative_gpu_models = {kH800};
    Decision d = decide_one(*make(name), view, j);
    EXPECT_EQ(d.action, Decision::Action::PLACE);
    EXPECT_EQ(d.site, 1);
    EXPECT_EQ(d.pool, 0);
    take_down(view, 1);
    d = decide_one(*make(name), view, j);
    EXPECT_EQ(d.action, Decision::Action::HOLD) << d.reason;
    j.alternative_gpu_models.clear();  // nothing anywhere could ever hold it
    EXPECT_EQ(decide_one(*make(name), view, j).action, Decision::Action::REJECT);
  }
}

TEST(EnergyEstimates, priceBoundsSpanThePriceNowAndEveryScheduledPriceWithUnknownAsZero) {
  auto s = site("s", 0, 0.5, 600.0, 0.0);
  policy::PriceBounds b = policy::price_bounds(s);  // flat: the price now
  EXPECT_EQ(b.low, 0.5);
  EXPECT_EQ(b.high, 0.5);
  s.price_schedule = {{3600.0, 0.2}, {7200.0, 0.9}};
  b = policy::price_bounds(s);
  EXPECT_EQ(b.low, 0.2);
  EXPECT_EQ(b.high, 0.9);
  s.electricity_price_per_kwh = NAN;  // unknown now: counted as 0
  s.price_schedule = {{3600.0, 0.3}};
  b = policy::price_bounds(s);
  EXPECT_EQ(b.low, 0.0);
  EXPECT_EQ(b.high, 0.3);
}

namespace {
/// Pool 0 of site `s` with `free` of its 64 GPUs free and the rest running until 1 h.
void set_free(policy::ClusterView& view, int s, int free) {
  auto& pool = view.sites[static_cast<std::size_t>(s)].pools[0];
  pool.free_gpus = pool.largest_free_block = free;
  pool.running = {{900u + static_cast<std::uint64_t>(s), 3600.0, pool.total_gpus - free}};
}
}  // namespace

TEST(Broker, oneBrokerAcrossCallsHoldsWhileLoadedAndPlacesOnceTheLoadOrThePriceFalls) {
  // east: idle quote (0.7125 kW x 1.2 x 0.5 + 5) x 1.2 = 6.513 yuan per GPU-hour; the budget
  // 0.5 x 22.5 = 11.25, so the loaded quote 6.513 x (1 + demand / 64) is within it up to a
  // demand of 46 GPUs (11.194) and above it from 47 (11.296). west-1 stays full with 64 GPUs
  // queued: 6.3078 x 3 is far above the budget.
  auto view = view_of({site("east", 0, 0.5, 600, 0), site("west-1", 1, 0.3, 600, 0)});
  set_free(view, 1, 0);
  view.sites[1].pools[0].queued_gpus = 64;
  auto policy = make("broker");
  const auto j = job(1, 8);
  for (int free : {0, 8, 17}) {  // demand 64, 56, 47: held each time
    set_free(view, 0, free);
    EXPECT_EQ(decide_one(*policy, view, j).action, Decision::Action::HOLD) << "free " << free;
  }
  set_free(view, 0, 18);  // demand 46
  Decision d = decide_one(*policy, view, j);
  EXPECT_EQ(d.action, Decision::Action::PLACE);
  EXPECT_EQ(d.site, 0);
  // Held again at demand 47; then east's price falls to 0.3 at the same demand:
  // (0.7125 x 1.2 x 0.3 + 5) x 1.2 x (1 + 47 / 64) = 10.94 <= 11.25, placed.
  const auto k = job(2, 8);
  set_free(view, 0, 17);
  EXPECT_EQ(decide_one(*policy, view, k).action, Decision::Action::HOLD);
  EXPECT_EQ(decide_one(*policy, view, k).action, Decision::Action::HOLD);
  view.sites[0].electricity_price_per_kwh = 0.3;
  d = decide_one(*policy, view, k);
  EXPECT_EQ(d.action, Decision::Action::PLACE);
  EXPECT_EQ(d.site, 0);
}

TEST(QuoteScreen, holdsOnlyWhenEveryPoolIsSurelyAboveTheBudgetAndOneIsWithinItIdle) {
  // One site, 64 A100. Idle quote (0.7125 x 1.2 x 0.5 + 5) x 1.2 = 6.513 per GPU-hour; an 8-GPU 1 h job
  // pays 52.104 idle and 6.513 x (1 + 47 / 64) x 8 = 90.3675 at a demand of 47 GPUs.
  auto view = view_of({site("east", 0, 0.5, 600, 0)});
  set_free(view, 0, 17);
  const auto j = job(1, 8);
  policy::QuoteScreen screen({0.2, 1.0, 0.05});
  screen.start(view);
  const policy::ProjectedPools pools(view);
  EXPECT_TRUE(screen.surely_held(view, pools, j, 90.0));    // above 90 loaded, within it idle
  EXPECT_FALSE(screen.surely_held(view, pools, j, 90.4));   // affordable loaded: price it
  EXPECT_FALSE(screen.surely_held(view, pools, j, 52.0));   // not even idle: the pricing rejects
  EXPECT_FALSE(screen.surely_held(view, pools, j, NAN));    // unknown budget
  // A cheaper hour ahead: the lowest loaded quote is (0.7125 x 1.2 x 0.1 + 5) x 1.2 x 1.734375 x 8 = 84.67.
  view.sites[0].price_schedule = {{3600.0, 0.1}};
  screen.start(view);
  EXPECT_TRUE(screen.surely_held(view, pools, j, 84.0));
  EXPECT_FALSE(screen.surely_held(view, pools, j, 85.0));
  screen.finish();
}
