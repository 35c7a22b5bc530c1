// aicn_plain_loop (bench/plain_loop.cpp), the bound of bench/national_year.sh: its counts on
// job streams small enough to follow by hand.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "aicn_test_support.hpp"

using aicn_test::Outcome;
using aicn_test::test_scratch;

namespace {

// Two hubs, an 8-GPU H800 pool each; only WEST has A100s.
const char* kLayout = R"(name: two-pools
hubs: [{name: EAST, side: east}, {name: WEST, side: west}]
sites:
  - {name: east-dc, hub: EAST, lat: 31.2, lon: 121.5, pools: [{gpu: H800, gpus: 8}]}
  - {name: west-dc, hub: WEST, lat: 26.6, lon: 106.7, pools: [{gpu: H800, gpus: 8}, {gpu: A100-80GB, gpus: 8}]}
links:
  - {between: [east-dc, west-dc], bandwidth: 400Gbps}
)";

const char* kHeader = "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes,priority,"
                      "gpu_milli,alternative_gpu_models,duration_s\n";

Outcome run_plain(const std::filesystem::path& dir, const std::string& rows, const std::string& options) {
  std::ofstream(dir / "layout.yaml") << kLayout;
  std::ofstream(dir / "jobs.csv") << "# a comment line\n" << kHeader << rows;
  const auto binary = std::filesystem::path(AICN_BINARY).parent_path() / "aicn_plain_loop";
  return aicn_test::run_command(binary.string() + " " + (dir / "layout.yaml").string() + " " +
                                (dir / "jobs.csv").string() + " " + options);
}

}  // namespace

TEST(PlainLoop, aGangJobWaitsInFifoOrderForTheWholePool) {
  // Both jobs want the whole EAST pool for 100 s: the first runs 0-100, the second 100-200.
  // By t = 150 one has finished; by t = 250 both.
  const auto dir = test_scratch();
  const std::string rows = "0,training,EAST,0,H800,8,0,0.45,0,0,,,100\n"
                           "1,training,EAST,1,H800,8,0,0.45,0,0,,,100\n";
  const Outcome early = run_plain(dir, rows, "--horizon 150");
  ASSERT_EQ(early.exit_code, 0) << early.output;
  EXPECT_NE(early.output.find("plain-loop: jobs=2 finished=1 unfinished=1 rejected=0 "), std::string::npos)
      << early.output;
  const Outcome late = run_plain(dir, rows, "--horizon 250");
  EXPECT_NE(late.output.find("jobs=2 finished=2 unfinished=0"), std::string::npos) << late.output;
  std::filesystem::remove_all(dir);
}

TEST(PlainLoop, aJobGoesAwayFromHomeOnlyWhenNoPoolThereFitsAndThenAfterTheTransferDelay) {
  // Job 0 fills EAST's H800s for 1,000 s. Job 1 (EAST, 4 H800) still stays in EAST (a pool
  // there can ever hold it) and waits; its run time comes from FLOPs: 1.978e16 / (4 x 989e12
  // x 0.5) = 10 s. Job 2 (WEST, 8 GPUs, 10 s) runs at home, 2-12. Job 3 asks for 16 GPUs: no
  // pool can ever hold it. The data transfer (job 4) ends after the 60 s delay, at 64. Job 5
  // (EAST, A100) has no A100 at home: it goes WEST, joins the queue at 5 + 60 = 65 and ends
  // at 75.
  const auto dir = test_scratch();
  const std::string rows = "0,training,EAST,0,H800,8,0,0.45,0,0,,,1000\n"
                           "1,training,EAST,1,H800,4,1.978e16,0.5,0,0,,,0\n"
                           "2,training,WEST,2,H800,8,0,0.45,0,0,,,10\n"
                           "3,training,WEST,3,H800,16,0,0.45,0,0,,,10\n"
                           "4,data-transfer,EAST,4,,0,0,0.45,1e9,0,,,0\n"
                           "5,training,EAST,5,A100-80GB,8,0,0.45,0,0,,,10\n";
  const Outcome at_70 = run_plain(dir, rows, "--horizon 70");
  ASSERT_EQ(at_70.exit_code, 0) << at_70.output;
  EXPECT_NE(at_70.output.find("jobs=6 finished=2 unfinished=3 rejected=1"), std::string::npos) << at_70.output;
  const Outcome at_80 = run_plain(dir, rows, "--horizon 80");
  EXPECT_NE(at_80.output.find("jobs=6 finished=3 unfinished=2 rejected=1"), std::string::npos) << at_80.output;
  // Job 1 starts at 1,000 when job 0 ends and runs 10 s.
  EXPECT_NE(run_plain(dir, rows, "--horizon 1005").output.find("finished=4 unfinished=1"), std::string::npos);
  EXPECT_NE(run_plain(dir, rows, "--horizon 1011").output.find("finished=5 unfinished=0"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(PlainLoop, aBadRowIsAnErrorNamingTheFileAndLine) {
  const auto dir = test_scratch();
  const Outcome bad = run_plain(dir, "0,training,EAST,zero,H800,8,0,0.45,0,0,,,100\n", "");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("jobs.csv:3: submit_s: not a number: 'zero'"), std::string::npos) << bad.output;
  const Outcome hub = run_plain(dir, "0,training,MARS,0,H800,8,0,0.45,0,0,,,100\n", "");
  EXPECT_EQ(hub.exit_code, 2);
  EXPECT_NE(hub.output.find("origin_hub: unknown hub 'MARS'"), std::string::npos) << hub.output;
  std::filesystem::remove_all(dir);
}

namespace {

/// The value after "KEY=" in a plain-loop line, or -1 when it is missing.
long long field(const std::string& output, const std::string& key) {
  const auto at = output.find(" " + key + "=");
  if (at == std::string::npos) return -1;
  return std::stoll(output.substr(at + key.size() + 2));
}

/// Rows of a generated CSV, counted here (not by the loop): lines that are neither comments
/// nor the header.
long long csv_rows(const std::filesystem::path& csv) {
  std::ifstream in(csv);
  long long rows = -1;  // the header
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') ++rows;
  return rows;
}

/// Generator mode on `scenario` and CSV mode on `aicn workload generate` of it: both must see
/// the same jobs and end the same way.
void expect_same_counts(const std::filesystem::path& dir, const std::string& scenario, const std::string& layout,
                        double horizon_s, long long expected_rows = 0) {
  const auto binary = (std::filesystem::path(AICN_BINARY).parent_path() / "aicn_plain_loop").string();
  const auto csv = dir / "jobs.csv";
  const Outcome generated =
      aicn_test::run_aicn("workload generate " + (dir / scenario).string() + " --out " + csv.string());
  ASSERT_EQ(generated.exit_code, 0) << generated.output;
  const std::string horizon = " --horizon " + std::to_string(horizon_s);
  const Outcome from_csv = aicn_test::run_command(binary + " " + layout + " " + csv.string() + horizon);
  const Outcome in_process = aicn_test::run_command(binary + " --scenario " + (dir / scenario).string() + horizon);
  ASSERT_EQ(from_csv.exit_code, 0) << from_csv.output;
  ASSERT_EQ(in_process.exit_code, 0) << in_process.output;
  const long long rows = csv_rows(csv);
  EXPECT_GT(rows, 50);
  if (expected_rows > 0) {
    EXPECT_EQ(rows, expected_rows);
  }
  EXPECT_EQ(field(from_csv.output, "jobs"), rows) << from_csv.output;
  EXPECT_EQ(field(in_process.output, "jobs"), rows) << in_process.output;
  EXPECT_EQ(field(in_process.output, "gen_jobs"), rows) << in_process.output;
  for (const char* key : {"finished", "unfinished", "rejected"})
    EXPECT_EQ(field(in_process.output, key), field(from_csv.output, key))
        << key << "\ncsv: " << from_csv.output << "generator: " << in_process.output;
  // Some jobs still run or wait at the horizon, so the comparison covers both counts.
  EXPECT_GT(field(in_process.output, "finished"), 0) << in_process.output;
  EXPECT_GT(field(in_process.output, "unfinished"), 0) << in_process.output;
  EXPECT_GE(field(in_process.output, "gen_cpu_s"), 0) << in_process.output;
}

}  // namespace

TEST(PlainLoop, theGeneratorModeSeesTheSameJobsAsTheCsvOfTheSameScenario) {
  // llm-mix (all five classes, with data transfers) on the built-in 26-site layout for 12 hours.
  const auto dir = test_scratch();
  std::ofstream(dir / "llm-mix.yaml") << R"(seed: 7
horizon: 12h
layout: china-national-aidc
workload:
  source: llm-mix
  gpu_models: {A100-80GB: 0.2, H800: 0.5, Ascend-910B: 0.3}
policy: local-first
)";
  expect_same_counts(dir, "llm-mix.yaml", "china-national-aidc", 12 * 3600.0);
  std::filesystem::remove_all(dir);
}

TEST(PlainLoop, theGeneratorModeKeepsTheScenarioJobCapAndItsRelativeLayoutFile) {
  // poisson-training on the two-pool layout above (a file next to the scenario): 200 jobs at
  // 6 an hour, so max_jobs stops the arrivals at about 33 h, before the 40-hour horizon.
  const auto dir = test_scratch();
  std::ofstream(dir / "layout.yaml") << kLayout;
  std::ofstream(dir / "poisson.yaml") << R"(seed: 3
horizon: 40h
max_jobs: 200
layout: layout.yaml
workload:
  source: poisson-training
  arrivals_per_hour: 6
  origins: {EAST: 0.7, WEST: 0.3}
  gpu_models: {H800: 0.7, A100-80GB: 0.3}
  max_gpus: 8
policy: local-first
)";
  expect_same_counts(dir, "poisson.yaml", (dir / "layout.yaml").string(), 40 * 3600.0, 200);
  std::filesystem::remove_all(dir);
}

TEST(PlainLoop, theGeneratorModeNamesABadScenarioAndABadOption) {
  const auto dir = test_scratch();
  const auto binary = (std::filesystem::path(AICN_BINARY).parent_path() / "aicn_plain_loop").string();
  std::ofstream(dir / "bad.yaml") << "seed: 1\nlayout: china-national\nworkload:\n  source: no-such-source\n";
  const Outcome bad = aicn_test::run_command(binary + " --scenario " + (dir / "bad.yaml").string());
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("bad.yaml:4"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("no-such-source"), std::string::npos) << bad.output;
  const Outcome cap = aicn_test::run_command(binary + " --scenario " + (dir / "bad.yaml").string() + " --max-jobs 0");
  EXPECT_EQ(cap.exit_code, 2) << cap.output;
  EXPECT_NE(cap.output.find("--max-jobs: must be a whole number from 1"), std::string::npos) << cap.output;
  std::filesystem::remove_all(dir);
}
