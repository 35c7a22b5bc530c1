// Validation against queueing theory: one site of c GPUs, Poisson arrivals, exponential run
// times, one GPU per job, FIFO: an M/M/c queue. Its mean wait in queue is Erlang C:
//   Wq = C(c, a) / (c mu - lambda),  a = lambda / mu,
//   C(c, a) = (a^c / c! * c / (c - a)) / (sum_{k<c} a^k / k! + a^c / c! * c / (c - a)),
// and C(c, a) is also the probability that a job waits at all.
//
// Parameters: c = 8, mean run time 1 h (mu = 1/h), lambda = 6.4/h, so rho = 0.8,
// C = 0.4576 and Wq = 0.2860 h (17.2 min). 1,000,000 jobs (about 3 s of wall time).
// Tolerances: mean wait within 4 % of Wq; fraction of jobs that wait within 0.01 of C;
// utilisation within 0.01 of rho. Over seeds 1-3 the mean wait came out within 1.5 % of
// Wq (seed-to-seed spread about 1.2 %), so 4 % is about three standard deviations.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/results/trace_reader.hpp"

using namespace aicn;

namespace {

constexpr int kServers = 8;
constexpr double kArrivalsPerHour = 6.4;
constexpr double kMeanRunTimeH = 1.0;
constexpr int kJobs = 1000000;

double erlang_c(int c, double a) {
  double sum = 0.0, term = 1.0;  // term = a^k / k!
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double tail = term * c / (c - a);  // a^c / c! * c / (c - a)
  return tail / (sum + tail);
}

}  // namespace

TEST(ErlangC, oneSiteWithPoissonArrivalsAndExponentialRunTimesMatchesMmcTheory) {
  const auto dir = std::filesystem::temp_directory_path() / ("aicn-erlang-c-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "scenario.yaml") << "name: mmc\nseed: 1\nhorizon: 100000d\ndrain: true\nmax_jobs: " << kJobs
                                       << "\nsample_interval: 10000d\n"
                                       << R"(layout:
  name: one-site
  hubs: [{name: E, side: east}]
  sites: [{name: east, hub: E, lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: )"
                                       << kServers << R"(}]}]
  links: []
workload: {source: exponential-jobs, arrivals_per_hour: )"
                                       << kArrivalsPerHour << ", mean_run_time: " << kMeanRunTimeH << R"(h, gpus: 1}
policy: local-first
queue: fifo
)";
  sim::RunOptions options;
  options.out_dir = (dir / "out").string();
  const auto result = sim::run_simulation(sim::load_scenario_file((dir / "scenario.yaml").string()), options);
  ASSERT_EQ(result.summary.jobs_finished, static_cast<std::uint64_t>(kJobs));

  const double a = kArrivalsPerHour * kMeanRunTimeH;
  const double c_prob = erlang_c(kServers, a);
  const double wq_s = c_prob / (kServers / kMeanRunTimeH - kArrivalsPerHour) * 3600.0;
  EXPECT_NEAR(c_prob, 0.4576, 1e-4);  // the formula itself
  EXPECT_NEAR(result.summary.wait_s.mean, wq_s, 0.04 * wq_s) << "simulated mean wait vs Erlang C";

  std::size_t waited = 0;
  const auto rows = results::read_job_rows(result.trace_path);
  for (const auto& row : rows)
    if (row.start_s > row.submit_s) ++waited;
  EXPECT_NEAR(static_cast<double>(waited) / static_cast<double>(rows.size()), c_prob, 0.01)
      << "fraction of jobs that waited vs C(c, a)";
  EXPECT_NEAR(result.summary.utilisation, a / kServers, 0.01);
  std::filesystem::remove_all(dir);
}
