// Training jobs split over two sites, simulated, against hand calculations. Two sites of 64
// A100 (8 a server) joined by one 100 Gbps (12.5 GB/s), 10 ms link; one job of 128 GPUs,
// N = 1e9 (checkpoint 14e9 B), 1e6 tokens a step, 100 steps (6e17 FLOP), 50 % utilisation;
// 8 GPUs a replica, 100 Gbps fabric without latency. Per step:
//   compute c = 6e15 / (128 x 312e12 x 0.5)                  = 0.300480769 s
//   in-site   = 2 x 7/8 x (2e9 / 8) x 8 / 1e11                = 0.035 s
//   WAN       = 2 x 1/2 x 2e9 B each way: 2e9 x 8 / 1e11 + 2 x 10 ms = 0.18 s
// A SimGrid communication on an idle link takes latency + bytes / bandwidth (CM02, no TCP
// window: see link_bytes_sim_test.cpp). One simulation per test: SimGrid allows one engine a
// process (ctest runs each test in its own); comparisons of two runs are in
// tests/cli/split_training_cli_test.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/results/trace_reader.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/workloads/cross_site_training.hpp"
#include "aicn_test_support.hpp"

using namespace aicn;

namespace {

/// Splits every training job into two equal parts at sites 0 and 1 (pool 0), or into the
/// parts given by `parts_` when set.
class SplitHalves final : public policy::DispatchPolicy {
 public:
  std::vector<policy::Decision> decide(const policy::ClusterView&, std::span<const workloads::Job* const> pending) override {
    std::vector<policy::Decision> decisions;
    for (const auto* job : pending)
      decisions.push_back(policy::Decision::split(job->id, {{0, 0, job->gpus / 2}, {1, 0, job->gpus / 2}}));
    return decisions;
  }
};

/// Splits every job into 64 + 32 GPUs, whatever it needs.
class SplitWrongly final : public policy::DispatchPolicy {
 public:
  std::vector<policy::Decision> decide(const policy::ClusterView&, std::span<const workloads::Job* const> pending) override {
    std::vector<policy::Decision> decisions;
    for (const auto* job : pending) decisions.push_back(policy::Decision::split(job->id, {{0, 0, 64}, {1, 0, 32}}));
    return decisions;
  }
};

}  // namespace

AICN_REGISTER_POLICY(SplitHalves, "test-split-halves", "test only: splits every job over sites 0 and 1")
AICN_REGISTER_POLICY(SplitWrongly, "test-split-wrongly", "test only: split parts that do not add up")

namespace {

constexpr double kCompute = 6e15 / (128 * 312e12 * 0.5);

struct Outcome {
  double wall_s = 0.0;  ///< start to end of job 0
  results::Summary summary;
  std::string trace_path;
};

/// Runs job 0 (and the extra CSV rows) under `cross_site` settings; `gpus_per_site`, `link`
/// and the job line can be replaced for the planner's example.
Outcome run(const std::string& cross_site, const std::string& extra_rows = "", const std::string& policy = "test-split-halves",
            int gpus_per_site = 64, const std::string& link = "100Gbps, latency: 10ms",
            const std::string& job_row = "0,training,E,0,A100-80GB,128,6e17,0.5,0,14e9,\n") {
  const auto dir = aicn_test::test_folder();
  std::ofstream(dir / "jobs.csv")
      << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes,checkpoint_bytes,destination_hub\n"
      << job_row << extra_rows;
  std::ofstream(dir / "scenario.yaml") << "name: split\nhorizon: 1d\ndrain: true\nsample_interval: 1h\n"
                                       << "cross_site: {" << cross_site << "}\n"
                                       << "layout:\n  name: two-site\n"
                                       << "  hubs: [{name: E, side: east}, {name: W, side: west}]\n"
                                       << "  sites:\n"
                                       << "    - {name: a, hub: E, lat: 40.8, lon: 115.0, pools: [{gpu: A100-80GB, gpus: "
                                       << gpus_per_site << ", gpus_per_server: 8}]}\n"
                                       << "    - {name: b, hub: W, lat: 40.4, lon: 111.8, pools: [{gpu: A100-80GB, gpus: "
                                       << gpus_per_site << ", gpus_per_server: 8}]}\n"
                                       << "  links:\n    - {between: [a, b], bandwidth: " << link << "}\n"
                                       << "workload: {source: aicn-csv, path: jobs.csv}\npolicy: " << policy << "\n";
  sim::RunOptions options;
  options.out_dir = (dir / "out").string();
  options.force = true;
  const sim::RunResult result = sim::run_simulation(sim::load_scenario_file((dir / "scenario.yaml").string()), options);
  Outcome out;
  out.summary = result.summary;
  out.trace_path = result.trace_path;
  for (const auto& row : results::read_job_rows(result.trace_path))
    if (row.id == 0) out.wall_s = row.end_s - row.start_s;
  return out;
}

const std::string kSmall = "tokens_per_step: 1e6, gpus_per_replica: 8, fabric_bandwidth: 100Gbps, fabric_latency: 0s";

}  // namespace

TEST(SplitTrainingSim, syncDpOnAnIdleLinkTakesTheHandCalculatedSteps) {
  const Outcome out = run(kSmall + ", aggregation_rounds: 1");
  EXPECT_NEAR(out.wall_s, 100 * (kCompute + 0.035 + 0.18), 1e-6);
  ASSERT_EQ(out.summary.split_jobs, 1u);
  EXPECT_NEAR(out.summary.split_wan_bytes, 100 * 2 * 2e9, 1.0);  // both directions, every step: 4e11
  EXPECT_NEAR(out.summary.split_sync_share, 0.215 / (kCompute + 0.215), 1e-9);
  EXPECT_NEAR(out.summary.split_sync_wait_gpu_s, 100 * 0.215 * 128, 1e-4);  // 128 GPUs wait 0.215 s a step
  // Against one site of 128 GPUs: c + 2 x 15/16 x 0.02 = c + 0.0375 per step.
  EXPECT_NEAR(out.summary.split_efficiency, (kCompute + 0.0375) / (kCompute + 0.215), 1e-9);
}

TEST(SplitTrainingSim, overlapHidesSynchronisationBehindCompute) {
  // Overlap 0.5: the last half of each step's compute (0.15024 s) runs during its 0.215 s sync.
  const Outcome out = run(kSmall + ", aggregation_rounds: 1, overlap: 0.5");
  EXPECT_NEAR(out.wall_s, 100 * (kCompute + 0.215 - 0.5 * kCompute), 1e-6);
}

TEST(SplitTrainingSim, aggregatedRoundsAreExactOnAnIdleLink) {
  // floor(0.05 x 100) = 5 rounds a chunk: one 1e10 B communication each way, the 4 other
  // rounds' latency terms added as time; the same total as round by round.
  const Outcome out = run(kSmall + ", aggregation_error: 0.05");
  EXPECT_NEAR(out.wall_s, 100 * (kCompute + 0.035 + 0.18), 1e-6);
  EXPECT_NEAR(out.summary.split_wan_bytes, 4e11, 1.0);
}

TEST(SplitTrainingSim, localSgdEveryHundredStepsSendsAHundredTimesFewerBytes) {
  const Outcome out = run(kSmall + ", scheme: local-sgd, local_steps: 100");
  ASSERT_EQ(out.summary.split_jobs, 1u);
  EXPECT_NEAR(out.summary.split_wan_bytes, 2 * 2e9, 1.0);  // one exchange, both ways: 4e11 / 100
  // 100 x (c + 0.035) + one exchange of 0.18 s
  EXPECT_NEAR(out.wall_s, 100 * (kCompute + 0.035) + 0.18, 1e-6);
}

TEST(SplitTrainingSim, aCompetingTransferHalvesTheSharedDirectionAsMaxMinPredicts) {
  // 1e12 B from a to b from time 0 outlasts the job (< 12.5e9 x 70 s). On a -> b the two flows
  // have one route, so CM02 shares it equally: the job's 2e9 B move at 6.25e9 B/s (0.32 s after
  // its 10 ms latency) while b -> a is alone (0.17 s). A step: c + 0.33 + 0.035 + 10 ms (the
  // ring's second latency term).
  const Outcome out = run(kSmall + ", aggregation_rounds: 1", "1,data-transfer,E,0,,0,0,0.5,1e12,0,W\n");
  EXPECT_NEAR(out.wall_s, 100 * (kCompute + 0.33 + 0.035 + 0.01), 1e-6);
}

namespace {

/// GPT-3 on 4096 + 4096 A100 at 45 %, 400 Gbps and 10 ms, with the defaults of `aicn size
/// cross-site` (3.2e6 tokens a step, 64 GPUs a replica, 200 Gbps fabric): the simulated run
/// against the step model that command prints (its own hand check is in
/// tests/cli/size_cross_site_cli_test.cpp), to 1 %.
void expect_planner_example(const std::string& scheme) {
  workloads::TrainingStepInputs in;
  in.parameters = 175e9;
  in.scheme = workloads::parse_sync_scheme(scheme);
  in.local_steps = scheme == "local-sgd" ? 500 : 1;
  const auto model = workloads::model_step(in, {{4096, 312e12}, {4096, 312e12}}, {{400e9, 0.01}});
  const double steps = 300e9 / 3.2e6;  // 93,750
  const Outcome out = run("scheme: " + scheme + ", local_steps: 500", "", "test-split-halves", 4096,
                          "400Gbps, latency: 10ms",
                          "0,training,E,0,A100-80GB,8192,3.15e23,0.45,0,2.45e12,\n");  // 6 x 175e9 x 300e9; 14 N
  EXPECT_NEAR(out.wall_s / (steps * model.step_s), 1.0, 0.01) << scheme;
  EXPECT_NEAR(out.summary.split_efficiency, model.efficiency, 0.01 * model.efficiency) << scheme;
  // A chunk's communication (937 rounds x 7 s for sync-dp) spans many 1 h samples: each
  // sample holds only the bytes moved inside it, never more than the link can carry, and the
  // samples add up to every byte sent.
  double sampled = 0.0;
  for (const auto& row : results::read_filled_link_samples(out.trace_path)) {
    EXPECT_LE(row.utilisation, 1.0 + 1e-9) << scheme << " at " << row.time_s << " s, direction " << row.direction;
    sampled += row.bytes;
  }
  EXPECT_NEAR(sampled / out.summary.split_wan_bytes, 1.0, 1e-9) << scheme;
  std::printf("%s: simulated %.6g s, model %.6g s (%+.4f %%), efficiency %.4f (model %.4f)\n", scheme.c_str(),
              out.wall_s, steps * model.step_s, 100.0 * (out.wall_s / (steps * model.step_s) - 1.0),
              out.summary.split_efficiency, model.efficiency);
}

}  // namespace

TEST(SplitTrainingSim, thePlannersSyncDpExampleAgreesWithTheSizeModel) { expect_planner_example("sync-dp"); }

TEST(SplitTrainingSim, thePlannersLocalSgdExampleAgreesWithTheSizeModel) { expect_planner_example("local-sgd"); }

TEST(SplitTrainingSim, partsThatDoNotAddUpAreAnInvalidDecision) {
  const Outcome out = run(kSmall, "", "test-split-wrongly");
  EXPECT_EQ(out.summary.invalid_decisions, 1u);
  EXPECT_EQ(out.summary.jobs_rejected, 1u);
  EXPECT_EQ(out.summary.split_jobs, 0u);
}
