// Data that persists and returns (scenario key `data`), against hand calculations. East (hub
// E): 8 A100; west (hub W): 16 H800; one 100 Gbps (C = 12.5e9 B/s), 10 ms link. Every job
// asks for H800, so it runs in the west while its data lives at the east site.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "aicn/results/trace_reader.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/workloads/csv_trace_reader.hpp"
#include "aicn/workloads/formulas.hpp"
#include "aicn_test_support.hpp"

using namespace aicn;

namespace {

constexpr double kC = 100e9 / 8;
constexpr double kLatency = 0.010;

struct Run {
  std::vector<results::NamedJobRow> jobs;
  double west_to_east_link_bytes = 0.0;  ///< over the whole run, from the link samples
  std::vector<results::NamedEventRow> events;
  results::Summary summary;
};

/// `rows`: CSV lines after the nine columns: duration_s,checkpoint_bytes,checkpoint_interval_s,dataset,base_model,base_model_bytes,result_bytes
Run run(const std::string& extra_yaml, const std::string& rows) {
  const auto dir = aicn_test::test_folder();
  std::ofstream(dir / "jobs.csv") << workloads::CsvTraceReader::kHeader
                                  << ",duration_s,checkpoint_bytes,checkpoint_interval_s,dataset,base_model,"
                                     "base_model_bytes,result_bytes\n"
                                  << rows;
  std::ofstream(dir / "scenario.yaml") << R"(name: data-lifecycle
horizon: 2d
drain: true
layout:
  name: two-site
  hubs: [{name: E, side: east}, {name: W, side: west}]
  sites:
    - {name: east, hub: E, lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: 8}]}
    - {name: west, hub: W, lat: 26.6, lon: 106.7, pools: [{gpu: H800, gpus: 16}]}
  links:
    - {between: [east, west], bandwidth: 100Gbps, latency: 10ms}
workload: {source: aicn-csv, path: jobs.csv}
policy: local-first
)" << extra_yaml;
  sim::RunOptions options;
  options.out_dir = (dir / "out").string();
  const auto result = sim::run_simulation(sim::load_scenario_file((dir / "scenario.yaml").string()), options);
  Run out{results::read_job_rows(result.trace_path), 0.0, results::read_event_rows(result.trace_path), result.summary};
  std::sort(out.jobs.begin(), out.jobs.end(), [](const auto& x, const auto& y) { return x.id < y.id; });
  for (const auto& row : results::read_filled_link_samples(result.trace_path))
    if (row.direction == 1) out.west_to_east_link_bytes += row.bytes;
  for (const auto& row : out.jobs) EXPECT_EQ(row.status, static_cast<std::uint8_t>(results::JobStatus::FINISHED)) << row.id;
  return out;
}

/// A 16-GPU (or `gpus`) H800 job of fixed length from hub E.
std::string job(int id, double submit_s, double dataset_bytes, double duration_s, const std::string& dataset,
                const std::string& tail = ",,,", int gpus = 16, double checkpoint_bytes = 0, double interval_s = 0) {
  return std::to_string(id) + ",fine-tuning,E," + std::to_string(submit_s) + ",H800," + std::to_string(gpus) + ",0,0.45," +
         std::to_string(dataset_bytes) + "," + std::to_string(duration_s) + "," + std::to_string(checkpoint_bytes) + "," +
         std::to_string(interval_s) + "," + dataset + tail + "\n";
}

}  // namespace

TEST(DataLifecycleSim, aSecondJobOnTheSameDatasetAtTheSameSiteMovesNothing) {
  // Job 0 moves its 25 GB data set: 10 ms + 2 s, then runs 100 s. Job 1 (t = 1000 s) finds the
  // copy in the west and starts at once; job 2's data set has another name and moves.
  const auto out = run("", job(0, 0, 2.5e10, 100, "corpus-a") + job(1, 1000, 2.5e10, 100, "corpus-a") +
                               job(2, 2000, 2.5e10, 100, "corpus-b"));
  ASSERT_EQ(out.jobs.size(), 3u);
  EXPECT_EQ(out.jobs[0].site, "west");
  EXPECT_DOUBLE_EQ(out.jobs[0].bytes_moved, 2.5e10);
  EXPECT_NEAR(out.jobs[0].start_s, kLatency + 2.0, 1e-6);
  EXPECT_DOUBLE_EQ(out.jobs[1].bytes_moved, 0.0);
  EXPECT_NEAR(out.jobs[1].start_s, 1000.0, 1e-9);
  EXPECT_NEAR(out.jobs[1].end_s, 1100.0, 1e-9);
  EXPECT_DOUBLE_EQ(out.jobs[2].bytes_moved, 2.5e10);
  EXPECT_NEAR(out.jobs[2].start_s, 2000 + kLatency + 2.0, 1e-6);
}

TEST(DataLifecycleSim, withoutKeptCopiesEveryJobMovesItsData) {
  const auto out = run("data: {keep_copies: false}\n", job(0, 0, 2.5e10, 100, "corpus-a") + job(1, 1000, 2.5e10, 100, "corpus-a"));
  ASSERT_EQ(out.jobs.size(), 2u);
  EXPECT_DOUBLE_EQ(out.jobs[1].bytes_moved, 2.5e10);
  EXPECT_NEAR(out.jobs[1].start_s, 1000 + kLatency + 2.0, 1e-6);
}

TEST(DataLifecycleSim, aBaseModelCopyServesTheNextFineTuneOfThatModel) {
  // A 7B base model is 2 bytes a parameter in BF16: 1.4e10 B. Job 0 moves it with its 1.25e9 B
  // data set (10 ms + 1.22 s); job 1 tunes the same model on other data and moves only its data
  // set (10 ms + 0.1 s).
  const double base = workloads::kInferenceBytesPerParameter * 7e9;
  ASSERT_DOUBLE_EQ(base, 1.4e10);
  const std::string tail = ",llama-7b," + std::to_string(base) + ",";
  const auto out = run("", job(0, 0, 1.25e9, 100, "ft-a", tail) + job(1, 1000, 1.25e9, 100, "ft-b", tail));
  ASSERT_EQ(out.jobs.size(), 2u);
  EXPECT_DOUBLE_EQ(out.jobs[0].bytes_moved, 1.25e9 + 1.4e10);
  EXPECT_NEAR(out.jobs[0].start_s, kLatency + (1.25e9 + 1.4e10) / kC, 1e-6);
  EXPECT_DOUBLE_EQ(out.jobs[1].bytes_moved, 1.25e9);
  EXPECT_NEAR(out.jobs[1].start_s, 1000 + kLatency + 1.25e9 / kC, 1e-6);
}

TEST(DataLifecycleSim, aFullSiteEvictsItsLeastRecentlyUsedCopy) {
  // 30 GB of storage in the west. d1 (20 GB) and d2 (10 GB) fill it; d1 is used again at 2000 s,
  // so d3 (10 GB, 3000 s) evicts d2 (last used 1000.81 s). d2 at 4000 s moves again and evicts
  // d1 (2000 s) rather than d3 (3000.81 s); d1 at 5000 s moves again, evicting d3 (d2 is
  // newer); d2 at 6000 s is still there.
  const auto out = run("data: {storage: {west: 30GB}}\n",
                       job(0, 0, 2e10, 10, "d1") + job(1, 1000, 1e10, 10, "d2") + job(2, 2000, 2e10, 10, "d1") +
                           job(3, 3000, 1e10, 10, "d3") + job(4, 4000, 1e10, 10, "d2") + job(5, 5000, 2e10, 10, "d1") +
                           job(6, 6000, 1e10, 10, "d2") + job(7, 7000, 1e10, 10, "d3"));
  ASSERT_EQ(out.jobs.size(), 8u);
  const double expected[] = {2e10, 1e10, 0, 1e10, 1e10, 2e10, 0, 1e10};
  for (std::size_t i = 0; i < 8; ++i) EXPECT_DOUBLE_EQ(out.jobs[i].bytes_moved, expected[i]) << "job " << i;
  EXPECT_NEAR(out.jobs[3].start_s, 3000 + kLatency + 1e10 / kC, 1e-6);
}

TEST(DataLifecycleSim, aCheckpointCrossesTheLinkAndAFailureRestartsFromTheLastThatArrived) {
  // A 10,000 s job in the west (no data to move, starts at 0) writes a 12.5 GB checkpoint home
  // every 1000 s of run: each takes 10 ms + 1 s to reach the east. The west fails at 3000.5 s,
  // while checkpoint 3 is on its way: the last to arrive holds 2000 s (the interval rule would
  // have kept 3000 s). Back at 4000 s, the job runs its 8000 s left: it ends at 12,000 s.
  const std::string yaml = "data: {checkpoints: home}\noutages:\n  - {at: 3000.5s, site_down: west}\n"
                           "  - {at: 4000s, site_up: west}\n";
  const auto out = run(yaml, job(0, 0, 0, 10000, "", ",,,", 16, 1.25e10, 1000));
  ASSERT_EQ(out.jobs.size(), 1u);
  EXPECT_NEAR(out.jobs[0].start_s, 4000.0, 1e-6);
  EXPECT_NEAR(out.jobs[0].end_s, 12000.0, 1e-6);
  bool interrupted = false;
  for (const auto& event : out.events)
    if (event.kind == "job_interrupted") {
      interrupted = true;
      EXPECT_NE(event.detail.find("kept 2000 s"), std::string::npos) << event.detail;
    }
  EXPECT_TRUE(interrupted);
  // Arrived: checkpoints 1 and 2 before the failure; after the restart at 4000 s, those at
  // 5000 ... 11,000 s (7). Checkpoint 3 was cut on its way.
  EXPECT_EQ(out.summary.transfers, 2u + 7u);
  EXPECT_DOUBLE_EQ(out.summary.bytes_moved, 9 * 1.25e10);
  // The link carried those and what checkpoint 3 moved before the cut: 0.49 s at C.
  EXPECT_NEAR(out.west_to_east_link_bytes, 9 * 1.25e10 + 0.49 * kC, 1e3);
}

TEST(DataLifecycleSim, theLocalRuleKeepsTheWorkUpToTheLastWholeInterval) {
  // The same failure without checkpoints written home: 3000 s kept, 7000 s left, ends 11,000 s.
  const std::string yaml = "outages:\n  - {at: 3000.5s, site_down: west}\n  - {at: 4000s, site_up: west}\n";
  const auto out = run(yaml, job(0, 0, 0, 10000, "", ",,,", 16, 1.25e10, 1000));
  ASSERT_EQ(out.jobs.size(), 1u);
  EXPECT_NEAR(out.jobs[0].end_s, 11000.0, 1e-6);
}

TEST(DataLifecycleSim, finalWeightsReturnToTheOriginAndTheJobEndsWhenTheyArrive) {
  // Job 0's weights, 2 bytes a parameter of a 7B model (1.4e10 B), leave the west when its
  // 100 s of compute end and arrive 10 ms + 1.12 s later. Its GPUs are free at 100 s: job 1,
  // queued behind it, starts then.
  const std::string tail = ",,," + std::to_string(2 * 7e9);
  const auto out = run("data: {return_results: true}\n",
                       job(0, 0, 0, 100, "", tail) + job(1, 1, 0, 100, "", ",,,"));
  ASSERT_EQ(out.jobs.size(), 2u);
  EXPECT_NEAR(out.jobs[0].end_s, 100 + kLatency + 1.4e10 / kC, 1e-6);
  EXPECT_NEAR(out.jobs[1].start_s, 100.0, 1e-6);
  EXPECT_NEAR(out.jobs[1].end_s, 200.0, 1e-6);
  EXPECT_NEAR(out.west_to_east_link_bytes, 1.4e10, 1.0);
}
