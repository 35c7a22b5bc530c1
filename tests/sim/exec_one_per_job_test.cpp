// The exec compute model runs each job as one SimGrid exec on its first server's host, which
// has one core per GPU of the whole pool (docs/exec-model.md). Checked against hand
// calculations: jobs that span servers, share a server and fill the pool to the last GPU run
// exactly as long as flops / (gpus x peak x utilisation), and SimGrid's host energy plugin
// gives the pool its servers' power, although a spanning job's load sits on one host.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "aicn/results/trace_reader.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn_test_support.hpp"

using namespace aicn;

namespace {

constexpr double kA100 = 312e12;

std::filesystem::path test_dir() { return aicn_test::test_folder(); }

/// FLOPs that take `seconds` on `gpus` A100 at 50 % utilisation.
std::string flops_for(int gpus, double seconds) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", gpus * kA100 * 0.5 * seconds);
  return text;
}

/// One site (PUE 1) with one pool of two 8-GPU A100 servers; FIFO queue; drained.
sim::Scenario one_pool(const std::string& jobs_csv, const std::string& compute_model) {
  const auto dir = test_dir();
  std::ofstream(dir / "jobs.csv") << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n"
                                  << jobs_csv;
  std::ofstream(dir / "scenario.yaml") << "name: one-pool\nhorizon: 1d\ndrain: true\nsample_interval: 1h\n"
                                          "compute_model: " + compute_model + R"(
layout:
  name: one-pool
  hubs: [{name: E, side: east}]
  sites:
    - {name: a, hub: E, province: Hebei, lat: 40.8, lon: 115.0, pue: 1.0,
       pools: [{gpu: A100-80GB, gpus: 16, gpus_per_server: 8}]}
  links: []
workload: {source: aicn-csv, path: jobs.csv}
policy: local-first
)";
  return sim::load_scenario_file((dir / "scenario.yaml").string());
}

struct Outcome {
  results::Summary summary;
  std::vector<results::NamedJobRow> rows;  ///< by id
};

Outcome run(const sim::Scenario& scenario, const std::string& out) {
  sim::RunOptions options;
  options.out_dir = (test_dir() / out).string();
  Outcome result;
  const sim::RunResult ran = sim::run_simulation(scenario, options);
  result.summary = ran.summary;
  result.rows = results::read_job_rows(ran.trace_path);
  std::sort(result.rows.begin(), result.rows.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return result;
}

// Job 0 takes 12 GPUs (one whole server and 4 GPUs of the other), job 1 the other 4: the pool
// is full from 0 to 1000 s. Job 2 (8 GPUs) waits at the head of the FIFO queue until job 0 ends.
const std::string kJobs = "0,training,E,0,A100-80GB,12," + flops_for(12, 1000) + ",0.5,0\n" +
                          "1,training,E,0,A100-80GB,4," + flops_for(4, 3000) + ",0.5,0\n" +
                          "2,training,E,0,A100-80GB,8," + flops_for(8, 500) + ",0.5,0\n";

void check_hand_computed_times(const std::string& compute_model) {
  const Outcome ran = run(one_pool(kJobs, compute_model), "out");
  ASSERT_EQ(ran.rows.size(), 3u);
  EXPECT_EQ(ran.summary.jobs_finished, 3u);
  const double starts[] = {0.0, 0.0, 1000.0};
  const double ends[] = {1000.0, 3000.0, 1500.0};
  for (std::size_t j = 0; j < 3; ++j) {
    EXPECT_NEAR(ran.rows[j].start_s, starts[j], 1e-9) << "job " << j;
    EXPECT_NEAR(ran.rows[j].end_s, ends[j], 1e-9) << "job " << j;
  }
  EXPECT_NEAR(ran.summary.end_s, 3000.0, 1e-9);
}

}  // namespace

// Each test runs its own SimGrid engine (one per process: CTest runs each test on its own).
TEST(ExecOnePerJob, jobsThatSpanShareAndFillThePoolRunForTheirHandComputedTimes) { check_hand_computed_times("exec"); }

TEST(ExecOnePerJob, theTimerModelGivesTheSameHandComputedTimes) { check_hand_computed_times("timer"); }

TEST(ExecOnePerJob, theHostEnergyPluginGivesThePoolTheSumOfItsServersPower) {
  const sim::Scenario scenario = one_pool(kJobs, "exec");
  const Outcome exec = run(scenario, "out");
  // Server power is linear in its busy GPUs, so two servers with b busy GPUs between them draw
  // 2 x P(0) + b x (P(8) - P(0)) / 8 however the b GPUs are spread.
  const auto a100 = topology::find_gpu_model("A100-80GB");
  const double idle_w = scenario.economics.server_power_w(a100, 8, 0);
  const double full_w = scenario.economics.server_power_w(a100, 8, 8);
  const auto pool_w = [&](int busy) { return 2 * idle_w + busy * (full_w - idle_w) / 8; };
  // 16 GPUs busy for 1000 s, 12 (jobs 1 and 2) for 500 s, 4 (job 1) for 1500 s.
  const double joules = 1000 * pool_w(16) + 500 * pool_w(12) + 1500 * pool_w(4);
  const auto& site = exec.summary.energy.sites.at(0);
  ASSERT_TRUE(site.simgrid_it_kwh.has_value());
  EXPECT_NEAR(*site.simgrid_it_kwh * 3.6e6, joules, joules * 1e-9);
  EXPECT_NEAR(site.it_kwh * 3.6e6, joules, joules * 1e-9);
}
