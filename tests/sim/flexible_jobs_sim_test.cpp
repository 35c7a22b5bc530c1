// Flexible jobs in whole simulations (docs/flexible-jobs.md): an earliest start, a deadline
// miss, a job shifted into the valley of a 3-step carbon curve, an interruptible job split
// over the two lowest slots (and the checkpoint rule of a suspension), and a noisy forecast
// that gives the same decisions twice. Every expected figure is worked out by hand beside it.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn_test_support.hpp"

using namespace aicn;

namespace {

constexpr double kA100 = 312e12;

std::filesystem::path test_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto dir = std::filesystem::temp_directory_path() /
             ("aicn-flex-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

/// FLOPs of `hours` on one 8-GPU A100 server at utilisation 0.5.
std::string flops_for(double hours) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", 8 * kA100 * 0.5 * hours * 3600.0);
  return text;
}

struct Case {
  std::string carbon;  ///< three hourly values, "a,b,c"
  std::string jobs;    ///< data lines after the header
  std::string policy;
  std::string extra;   ///< more scenario lines
  std::string subdir;
};

/// Site `a` (Hebei, PUE 1, one 8-GPU A100 server) reads an hourly 3-step carbon curve that
/// loops every 3 h; site `b` (Sichuan, idle) keeps its provincial factor. Ticks every hour.
sim::Scenario scenario(const Case& c) {
  const auto dir = test_dir() / c.subdir;
  std::filesystem::create_directories(dir);
  std::string carbon = c.carbon;
  const auto first = carbon.find(','), second = carbon.find(',', first + 1);
  std::ofstream(dir / "carbon.csv") << "time,g\n0," << carbon.substr(0, first) << "\n3600,"
                                    << carbon.substr(first + 1, second - first - 1) << "\n7200,"
                                    << carbon.substr(second + 1) << "\n";
  std::ofstream(dir / "jobs.csv") << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes,"
                                     "earliest_start_s,deadline_s,interruptible,checkpoint_interval_s\n"
                                  << c.jobs;
  const std::string yaml = "name: flex\nhorizon: 1d\ndispatch_tick: 1h\nsample_interval: 1d\npolicy: " + c.policy +
                           "\n" + c.extra + R"(
layout:
  name: flex
  hubs: [{name: E, side: east}, {name: W, side: west}]
  sites:
    - name: a
      hub: E
      province: Hebei
      lat: 40.8
      lon: 115.0
      pue: 1.0
      electricity: {price: 0.5, carbon_series: {file: carbon.csv, interpolation: step, after_end: loop}}
      pools: [{gpu: A100-80GB, gpus: 8, gpus_per_server: 8}]
    - name: b
      hub: W
      province: Sichuan
      lat: 30.6
      lon: 104.1
      pue: 1.1
      pools: [{gpu: A100-80GB, gpus: 8, gpus_per_server: 8}]
  links:
    - {between: [a, b], bandwidth: 100Gbps, latency: 10ms}
workload: {source: aicn-csv, path: jobs.csv}
)";
  std::ofstream(dir / "scenario.yaml") << yaml;
  return sim::load_scenario_file((dir / "scenario.yaml").string());
}

sim::RunResult run(const sim::Scenario& s, const std::string& out = "out") {
  sim::RunOptions options;
  options.out_dir = (test_dir() / out).string();
  return sim::run_simulation(s, options);
}

/// Site a's server, kW, idle and with all 8 GPUs busy.
double server_kw(const sim::Scenario& s, int busy) {
  return s.economics.server_power_w(topology::find_gpu_model("A100-80GB"), 8, busy) / 1000.0;
}

}  // namespace

TEST(FlexibleJobsSim, theRuntimeHoldsAJobUntilItsEarliestStart) {
  // local-first places it at its arrival (0); the runtime holds it to 0.5 h, so it waits 1800 s.
  const auto s = scenario({"100,100,100", "0,training,E,0,A100-80GB,8," + flops_for(1) + ",0.5,0,1800,,0,0\n",
                           "local-first", "", "s"});
  const auto result = run(s);
  EXPECT_DOUBLE_EQ(result.summary.wait_s.mean, 1800.0);
  EXPECT_DOUBLE_EQ(result.summary.end_s, 1800.0 + 3600.0);
}

TEST(FlexibleJobsSim, aLateJobIsCountedWithItsLateness) {
  // 2 h of work from 0 with a deadline at 1.5 h: it ends at 2 h, 1800 s late. A second job
  // (1 h from 2 h, deadline 4 h) ends at 3 h and meets it.
  const auto s = scenario({"100,100,100",
                           "0,training,E,0,A100-80GB,8," + flops_for(2) + ",0.5,0,0,5400,0,0\n"
                           "1,training,E,7200,A100-80GB,8," + flops_for(1) + ",0.5,0,0,14400,0,0\n",
                           "local-first", "", "s"});
  const auto summary = run(s).summary;
  EXPECT_EQ(summary.deadline_jobs, 2u);
  EXPECT_EQ(summary.deadline_missed, 1u);
  EXPECT_EQ(summary.deadline_missed_unfinished, 0u);
  EXPECT_DOUBLE_EQ(summary.lateness_s.max, 1800.0);
  EXPECT_DOUBLE_EQ(summary.lateness_s.mean, 1800.0);
}

TEST(FlexibleJobsSim, aJobShiftedIntoTheValleyEmitsTheHandSum) {
  // 400, 100, 300 g/kWh in hours 0, 1, 2; a 1 h job submitted at 0, deadline 3 h. Windows
  // start 0 (400), 1 h (100) or 2 h (300): it runs [1 h, 2 h) and the run ends at 2 h.
  const auto s = scenario({"400,100,300", "0,training,E,0,A100-80GB,8," + flops_for(1) + ",0.5,0,0,10800,0,0\n",
                           "temporal-shifting", "", "s"});
  const auto result = run(s);
  ASSERT_DOUBLE_EQ(result.summary.end_s, 7200.0);
  EXPECT_DOUBLE_EQ(result.summary.wait_s.mean, 3600.0);
  // kg = kW x h x g/kWh / 1000 at PUE 1: idle 1 h at 400, busy 1 h at 100.
  const double kg = (server_kw(s, 0) * 400 + server_kw(s, 8) * 100) / 1000.0;
  EXPECT_NEAR(result.summary.energy.sites.at(0).co2_t, kg / 1000.0, kg / 1000.0 * 1e-9);
  EXPECT_EQ(result.summary.deadline_missed, 0u);
}

TEST(FlexibleJobsSim, anInterruptibleJobRunsInTheTwoLowestSlots) {
  // 100, 400, 250 g/kWh; 2 h of work, deadline 3 h, interruptible, no checkpoint interval
  // (suspended in place, nothing lost). Slots 0 (100) and 2 h (250): it runs [0, 1 h), is
  // suspended at 1 h, resumes at 2 h and ends at 3 h.
  const auto s = scenario({"100,400,250", "0,training,E,0,A100-80GB,8," + flops_for(2) + ",0.5,0,0,10800,1,0\n",
                           "temporal-shifting", "", "s"});
  const auto summary = run(s).summary;
  ASSERT_DOUBLE_EQ(summary.end_s, 10800.0);
  EXPECT_EQ(summary.jobs_suspended, 1u);
  EXPECT_DOUBLE_EQ(summary.suspend_lost_gpu_s, 0.0);
  EXPECT_EQ(summary.deadline_missed, 0u);
  // Busy 1 h at 100, idle 1 h at 400, busy 1 h at 250.
  const double kg = (server_kw(s, 8) * (100 + 250) + server_kw(s, 0) * 400) / 1000.0;
  EXPECT_NEAR(summary.energy.sites.at(0).co2_t, kg / 1000.0, kg / 1000.0 * 1e-9);
}

TEST(FlexibleJobsSim, withoutInterruptionTheSameJobTakesTheBestWindow) {
  // 100, 400, 250 as above with `interrupt: false`: the best 2 h window is [0, 2 h) (mean 250
  // against 325 from 1 h): busy 1 h at 100 and 1 h at 400, and the run ends at 2 h.
  const auto s = scenario({"100,400,250", "0,training,E,0,A100-80GB,8," + flops_for(2) + ",0.5,0,0,10800,1,0\n",
                           "{name: temporal-shifting, params: {interrupt: false}}", "", "s"});
  const auto summary = run(s).summary;
  EXPECT_DOUBLE_EQ(summary.end_s, 7200.0);
  EXPECT_EQ(summary.jobs_suspended, 0u);
  const double kg = server_kw(s, 8) * (100 + 400) / 1000.0;
  EXPECT_NEAR(summary.energy.sites.at(0).co2_t, kg / 1000.0, kg / 1000.0 * 1e-9);
}

TEST(FlexibleJobsSim, aSuspendedJobWithACheckpointIntervalLosesTheWorkSinceItsLastCheckpoint) {
  // As above with a checkpoint every 2400 s: suspended at 1 h it keeps floor(3600 / 2400) x
  // 2400 = 2400 s and loses 1200 s x 8 GPUs = 9600 GPU-s. It resumes at 2 h with 4800 s left;
  // its plan is used up at 3 h, so it runs on to 2 h + 4800 s = 12000 s, 1200 s past its deadline.
  const auto s = scenario({"100,400,250", "0,training,E,0,A100-80GB,8," + flops_for(2) + ",0.5,0,0,10800,1,2400\n",
                           "temporal-shifting", "", "s"});
  const auto summary = run(s).summary;
  EXPECT_DOUBLE_EQ(summary.end_s, 12000.0);
  EXPECT_EQ(summary.jobs_suspended, 1u);
  EXPECT_DOUBLE_EQ(summary.suspend_lost_gpu_s, 9600.0);
  EXPECT_EQ(summary.deadline_missed, 1u);
  EXPECT_NEAR(summary.lateness_s.max, 1200.0, 1e-6);
}

TEST(FlexibleJobsSim, aNoisyForecastWithAFixedSeedGivesTheSameDecisionsTwice) {
  // Nearly flat steps (100, 104, 102): a 20 % forecast error reorders them. Four jobs, two
  // interruptible; the same scenario and seed twice give the same starts, ends and emissions.
  const std::string jobs = "0,training,E,0,A100-80GB,8," + flops_for(1) + ",0.5,0,0,36000,0,0\n"
                           "1,training,E,600,A100-80GB,8," + flops_for(2) + ",0.5,0,0,36000,1,0\n"
                           "2,training,E,4000,A100-80GB,8," + flops_for(1) + ",0.5,0,0,50000,1,0\n"
                           "3,training,E,9000,A100-80GB,8," + flops_for(1.5) + ",0.5,0,0,60000,0,0\n";
  // Runs through the aicn binary: one engine per process.
  scenario({"100,104,102", jobs, "temporal-shifting", "forecast: {relative_error: 0.2}\nseed: 7", "n"});
  scenario({"100,104,102", jobs, "temporal-shifting", "seed: 7", "p"});
  const auto dir = test_dir();
  for (const auto& [file, out] : {std::pair{"n", "a"}, std::pair{"n", "b"}, std::pair{"p", "c"}}) {
    const auto ran = aicn_test::run_aicn("run " + (dir / file / "scenario.yaml").string() + " --quiet --out " +
                                         (dir / out).string());
    ASSERT_EQ(ran.exit_code, 0) << ran.output;
  }
  const auto baseline = aicn_test::run_aicn("baseline " + (dir / "a").string() + " --job-table --out " +
                                            (dir / "a.json").string());
  ASSERT_EQ(baseline.exit_code, 0) << baseline.output;
  // Every job's placement, start and end, and every summary figure, the same in both runs.
  const auto same = aicn_test::run_aicn("check " + (dir / "b").string() + " --baseline " + (dir / "a.json").string() +
                                        " --job-table --failures-only");
  EXPECT_EQ(same.exit_code, 0) << same.output;
  // The noise does reach the decisions: with a perfect forecast the check fails.
  const auto perfect = aicn_test::run_aicn("check " + (dir / "c").string() + " --baseline " +
                                           (dir / "a.json").string() + " --job-table --failures-only");
  EXPECT_NE(perfect.exit_code, 0) << perfect.output;
}
