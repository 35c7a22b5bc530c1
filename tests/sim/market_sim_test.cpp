// The trading platform in a run (scenario key `market`, sim/src/scenario_market.*): a match
// becomes a lease that reserves its GPUs for the buyer hub's jobs, the AIDC's books bill it at
// the seller's price and the platform keeps the rest. The platform of tests/sim/lease_sim_test.cpp
// with the lease made by a match; every figure worked by hand below.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "aicn/results/trace_reader.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "two_hub_lease_fixture.hpp"

using namespace aicn;

namespace {


struct MarketRun {
  std::vector<results::NamedJobRow> jobs;
  nlohmann::json summary;
  std::string resolved;
};

// Site `east` (hub E) 16 A100s, `f1` (hub F) 8. East quotes 8 GPUs from 0 to 2000 s for at
// least 10 yuan per GPU-hour; hub F bids for 8 GPUs for 2000 s by 2000 s at up to 15 (bid 1)
// and for 8 more at up to 9 (bid 2, below the quote: unmatched). Under `price-time` with margin
// 0.2, bid 1 covers 10 x 1.2 = 12 and takes the quote: a lease of 8 GPUs at east from 0 to 2000 s,
// the AIDC getting 10, the buyer paying 15, the platform keeping 5 per GPU-hour.
//   job 0  E  t=0   8 GPUs 1000 s     job 3  F  t=3  8 GPUs 500 s  (the buyer's: on the match)
//   job 1  E  t=1   8 GPUs  100 s     job 4  F  t=4  8 GPUs 100 s  (the match is full)
//   job 2  E  t=2  16 GPUs  100 s
MarketRun run_market() {
  const auto dir = aicn_test::two_hub_folder_with_jobs();
  std::ofstream(dir / "scenario.yaml") << "name: market\n" << aicn_test::kTwoHubScenarioBody << R"(market:
  rule: price-time
  params: {margin: 0.2}
  quotes:
    - {id: 1, site: east, gpu: A100-80GB, gpus: 8, earliest: 0s, latest: 2000s, min_price: 10}
  bids:
    - {id: 1, buyer: F, gpu: A100-80GB, gpus: 8, duration: 2000s, deadline: 2000s, max_price: 15}
    - {id: 2, buyer: F, gpu: A100-80GB, gpus: 8, duration: 2000s, deadline: 2000s, max_price: 9}
)";
  sim::RunOptions options;
  options.out_dir = (dir / "out").string();
  const auto result = sim::run_simulation(sim::load_scenario_file((dir / "scenario.yaml").string()), options);
  MarketRun run;
  run.jobs = results::read_job_rows(result.trace_path);
  std::sort(run.jobs.begin(), run.jobs.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  std::ifstream in(result.summary_path);
  run.summary = nlohmann::json::parse(in);
  std::ifstream resolved(std::filesystem::path(result.summary_path).parent_path() / "scenario.resolved.yaml");
  run.resolved.assign(std::istreambuf_iterator<char>(resolved), {});
  std::filesystem::remove_all(dir);
  return run;
}

}  // namespace

TEST(Market, aMatchReservesItsGpusForTheBuyersJobsLikeALease) {
  const MarketRun run = run_market();
  ASSERT_EQ(run.jobs.size(), 5u);
  EXPECT_NEAR(run.jobs[1].start_s, 1000.0, 1e-6) << "the 8 matched GPUs are not on offer to hub E";
  EXPECT_NEAR(run.jobs[2].start_s, 2000.0, 1e-6) << "16 GPUs only once the match ends";
  EXPECT_EQ(run.jobs[3].site, "east");
  EXPECT_NEAR(run.jobs[3].start_s, 3.0, 1e-6);
  EXPECT_EQ(run.jobs[4].site, "f1");
  const auto& leases = run.summary["leasing"]["leases"];
  ASSERT_EQ(leases.size(), 1u) << "bid 2 is below the quote";
  EXPECT_EQ(leases[0]["id"], "market-q1-b1");
  EXPECT_NEAR(leases[0]["yuan_per_gpu_hour"].get<double>(), 10.0, 1e-12);
  EXPECT_EQ(run.summary["leasing"]["waits"]["lessee"]["jobs"], 1);
}

TEST(Market, thePlatformKeepsWhatTheBuyerPaysAboveTheAidc) {
  const MarketRun run = run_market();
  const auto& platform = run.summary["leasing"]["platform"];
  // 8 GPUs x 2000 s = 4.4444 GPU-hours: the buyer pays 15 (66.667 yuan), east gets 10 (44.444,
  // its lease revenue), the platform keeps 5 (22.222).
  const double gpu_h = 8 * 2000 / 3600.0;
  EXPECT_EQ(platform["matched_leases"], 1);
  EXPECT_NEAR(platform["gpu_hours"].get<double>(), gpu_h, 1e-9);
  EXPECT_NEAR(platform["buyer_yuan"].get<double>(), 15 * gpu_h, 1e-9);
  EXPECT_NEAR(platform["seller_yuan"].get<double>(), 10 * gpu_h, 1e-9);
  EXPECT_NEAR(platform["margin_yuan"].get<double>(), 5 * gpu_h, 1e-9);
  EXPECT_NEAR(run.summary["leasing"]["sites"][0]["lease_revenue_yuan"].get<double>(), 10 * gpu_h, 1e-9);
  // The resolved scenario repeats the market, not its match as a lease (a rerun makes it again).
  EXPECT_NE(run.resolved.find("market:"), std::string::npos);
  EXPECT_EQ(run.resolved.find("market-q1-b1"), std::string::npos);
}
