// What outages do to jobs, end to end: every job ends finished, rejected with a reason,
// failed with a reason, or unfinished, and the totals add up; a job whose data or site is
// cut off only for a while is held until the repair, never rejected; no built-in policy
// places a job where its data cannot go.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/results/trace_reader.hpp"
#include "aicn_test_support.hpp"

using namespace aicn;

namespace {

std::filesystem::path test_dir(bool fresh = false) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(info->test_suite_name()) + "-" + info->name();
  for (char& c : name)
    if (c == '/') c = '-';
  auto dir = std::filesystem::temp_directory_path() / ("aicn-outcomes-" + name + "-" + std::to_string(::getpid()));
  if (fresh) std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// east_mid_west_layout with 8 A100 at east (the E hub's data), 64 at mid and 128 at west.
/// `jobs` are CSV rows (A100 jobs of hub E with their GPUs, dataset and duration).
sim::Scenario scenario_with(const std::string& policy, const std::string& jobs, const std::string& outages,
                            const std::string& extra = "horizon: 1d\ndrain: true\n",
                            const std::string& last_column = "duration_s") {
  const auto dir = test_dir(true);
  std::ofstream(dir / "jobs.csv") << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes,"
                                  << last_column << "\n"
                                  << jobs;
  std::ofstream(dir / "scenario.yaml") << "name: outcomes\nseed: 1\n" << extra << aicn_test::east_mid_west_layout(8, 64, 128)
                                       << "workload: {source: aicn-csv, path: jobs.csv}\npolicy: " << policy << "\noutages:\n" << outages;
  return sim::load_scenario_file((dir / "scenario.yaml").string());
}

sim::RunResult run(const sim::Scenario& scenario) {
  sim::RunOptions options;
  options.out_dir = (test_dir() / "out").string();
  return sim::run_simulation(scenario, options);
}

std::map<std::uint64_t, results::NamedJobRow> rows_by_id(const std::string& trace) {
  std::map<std::uint64_t, results::NamedJobRow> rows;
  for (const auto& row : results::read_job_rows(trace)) rows[row.id] = row;
  return rows;
}

constexpr auto kFinished = static_cast<std::uint8_t>(results::JobStatus::FINISHED);
constexpr auto kRejected = static_cast<std::uint8_t>(results::JobStatus::REJECTED);
constexpr auto kFailed = static_cast<std::uint8_t>(results::JobStatus::FAILED);
constexpr auto kUnfinished = static_cast<std::uint8_t>(results::JobStatus::UNFINISHED);

}  // namespace

// Job 0 (64 GPUs, to west) is cut at 0.41 s with no route left, ever: it fails. Job 1 (8
// GPUs) runs at east, where its data is. Job 2 (64 GPUs) arrives after the cut: only mid and
// west could hold it and its data cannot reach them, so it is held, and still waiting when
// the horizon (2 h, not drained) ends the run.
TEST(OutageOutcomes, submittedEqualsFinishedPlusRejectedPlusFailedPlusUnfinished) {
  const sim::RunResult result = run(scenario_with("local-first",
                                                  "0,training,E,0,A100-80GB,64,1,0.5,1e10,600\n"
                                                  "1,training,E,1,A100-80GB,8,1,0.5,0,600\n"
                                                  "2,training,E,5,A100-80GB,64,1,0.5,1e10,600\n",
                                                  "  - {at: 410ms, link_down: [east, west]}\n"
                                                  "  - {at: 410ms, link_down: [east, mid]}\n",
                                                  "horizon: 2h\n"));
  const auto rows = rows_by_id(result.trace_path);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows.at(0).status, kFailed);
  EXPECT_EQ(rows.at(1).status, kFinished);
  EXPECT_EQ(rows.at(2).status, kUnfinished);
  const auto& s = result.summary;
  EXPECT_EQ(s.jobs_submitted, 3u);
  EXPECT_EQ(s.jobs_finished, 1u);
  EXPECT_EQ(s.jobs_failed, 1u);
  EXPECT_EQ(s.jobs_unfinished, 1u);
  EXPECT_EQ(s.jobs_rejected, 0u);
  EXPECT_EQ(s.jobs_submitted, s.jobs_finished + s.jobs_rejected + s.jobs_failed + s.jobs_unfinished);
  // The same four counts side by side in summary.json and in the printed table.
  std::ifstream in(result.summary_path);
  const auto json = nlohmann::json::parse(in);
  const auto& jobs = json.at("jobs");
  EXPECT_EQ(jobs.at("submitted").get<int>(), jobs.at("finished").get<int>() + jobs.at("rejected").get<int>() +
                                                  jobs.at("failed").get<int>() + jobs.at("unfinished").get<int>());
  EXPECT_EQ(jobs.at("failed").get<int>(), 1);
  EXPECT_NE(s.to_table().find("1 failed"), std::string::npos) << s.to_table();
}

// The data's own site (east) is down from 1 h to 5 h: jobs submitted meanwhile cannot move
// their data anywhere, so they wait for the repair and then run; none is rejected.
TEST(OutageOutcomes, aJobWhoseDataSiteIsDownIsHeldUntilTheRepairNotRejected) {
  const sim::RunResult result = run(scenario_with("least-loaded",
                                                  "0,training,E,7200,A100-80GB,64,1,0.5,1e10,600\n"
                                                  "1,training,E,10800,A100-80GB,64,1,0.5,1e10,600\n"
                                                  "2,training,E,14400,A100-80GB,16,1,0.5,1e10,600\n",
                                                  "  - {at: 1h, site_down: east, for: 4h}\n"));
  EXPECT_EQ(result.summary.jobs_rejected, 0u);
  EXPECT_EQ(result.summary.invalid_decisions, 0u);
  EXPECT_EQ(result.summary.jobs_finished, 3u);
  for (const auto& [id, row] : rows_by_id(result.trace_path)) {
    EXPECT_EQ(row.status, kFinished) << "job " << id;
    EXPECT_GE(row.transfer_start_s, 5 * 3600.0) << "job " << id << " moved its data before the repair";
  }
}

// A bulk data transfer from E to W (W's data lives at mid) submitted while east is cut off
// (both its links down for the first hour) waits for the repair, then moves its 10 GB over
// east -- mid: 8 ms + 1e10 * 8 / 100 Gbps = 0.808 s.
TEST(OutageOutcomes, aDataTransferCutOffFromItsDestinationWaitsForTheRepairThenMoves) {
  const sim::RunResult result = run(scenario_with("local-first", "0,data-transfer,E,60,A100-80GB,0,0,0.5,1e10,W\n",
                                                  "  - {at: 0s, link_down: [east, west], for: 1h}\n"
                                                  "  - {at: 0s, link_down: [east, mid], for: 1h}\n",
                                                  "horizon: 1d\ndrain: true\n", "destination_hub"));
  const auto rows = rows_by_id(result.trace_path);
  ASSERT_EQ(rows.size(), 1u);
  const auto& row = rows.at(0);
  EXPECT_EQ(row.status, kFinished);
  EXPECT_EQ(row.site, "mid");
  EXPECT_DOUBLE_EQ(row.transfer_start_s, 3600.0);
  EXPECT_NEAR(row.end_s, 3600.0 + 0.808, 1e-6);
  EXPECT_EQ(result.summary.jobs_rejected, 0u);
  EXPECT_EQ(result.summary.jobs_failed, 0u);
}

// The partitioned what-if, for every built-in policy: east is cut off from mid and west for
// the first two hours. Job 0 (8 GPUs) fits east; job 1 (64 GPUs) fits only mid or west, so
// it is held until 2 h; job 2 (1,024 GPUs) fits nowhere and is rejected, saying so.
class PartitionedWhatIf : public ::testing::TestWithParam<std::string> {};

TEST_P(PartitionedWhatIf, everyJobIsFinishedHeldUntilTheRepairOrRejectedWithItsCause) {
  const sim::RunResult result = run(scenario_with(GetParam(),
                                                  "0,training,E,10,A100-80GB,8,1,0.5,1e10,600\n"
                                                  "1,training,E,20,A100-80GB,64,1,0.5,1e10,600\n"
                                                  "2,training,E,30,A100-80GB,1024,1,0.5,1e10,600\n",
                                                  "  - {at: 0s, link_down: [east, west], for: 2h}\n"
                                                  "  - {at: 0s, link_down: [east, mid], for: 2h}\n",
                                                  "horizon: 1d\ndrain: true\ndispatch_tick: 10min\n"));
  const auto rows = rows_by_id(result.trace_path);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(result.summary.invalid_decisions, 0u) << "a built-in policy chose a site its data cannot reach";
  for (const auto& [id, row] : rows) EXPECT_NE(row.status, kFailed) << "job " << id;
  EXPECT_EQ(rows.at(0).status, kFinished);
  EXPECT_EQ(rows.at(1).status, kFinished);
  EXPECT_GE(rows.at(1).transfer_start_s, 7200.0) << "job 1's data left before the repair";
  EXPECT_EQ(rows.at(2).status, kRejected);
  ASSERT_EQ(result.summary.rejection_reasons.size(), 1u);
  EXPECT_NE(result.summary.rejection_reasons.begin()->first.find("1024"), std::string::npos)
      << result.summary.rejection_reasons.begin()->first;
}

INSTANTIATE_TEST_SUITE_P(BuiltInPolicies, PartitionedWhatIf,
                         ::testing::Values("broker", "carbon-aware", "cost-aware", "data-gravity", "latency-aware",
                                           "least-loaded", "local-first", "random", "round-robin",
                                           "shortest-expected-wait"),
                         [](const auto& test) {
                           std::string name = test.param;
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });
