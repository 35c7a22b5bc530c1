// Scheduled link outages during a run: a link cut mid-transfer makes the transfer finish
// later on the alternative route, or fail with a recorded reason when none is left; both
// are written to /events and counted in the summary.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/results/trace_reader.hpp"
#include "aicn_test_support.hpp"

using namespace aicn;

namespace {

std::filesystem::path test_dir() { return aicn_test::test_folder(); }

/// east -- 100 Gbps, 10 ms -- west, and the detour east -- 100 Gbps, 8 ms -- mid -- 50 Gbps,
/// 6 ms -- west. One 64-GPU job (only west fits it) with a 10 GB dataset, submitted at 0.
sim::Scenario scenario_with_outages(const std::string& outages) {
  const auto dir = test_dir();
  char flops[64];
  std::snprintf(flops, sizeof flops, "%.17g", 64 * 312e12 * 0.5 * 3600);
  std::ofstream(dir / "jobs.csv") << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n"
                                  << "0,training,E,0,A100-80GB,64," << flops << ",0.5,1e10\n";
  std::ofstream(dir / "scenario.yaml") << "name: outage\nseed: 1\nhorizon: 1d\ndrain: true\n"
                                       << aicn_test::east_mid_west_layout(8, 8, 128)
                                       << "workload: {source: aicn-csv, path: jobs.csv}\npolicy: local-first\noutages:\n"
                                       << outages;
  return sim::load_scenario_file((dir / "scenario.yaml").string());
}

struct Outcome {
  results::NamedJobRow job;
  std::vector<results::NamedEventRow> events;
  results::Summary summary;
  std::string resolved;
};

Outcome run(const sim::Scenario& scenario) {
  sim::RunOptions options;
  options.out_dir = (test_dir() / "out").string();
  const sim::RunResult result = sim::run_simulation(scenario, options);
  const auto rows = results::read_job_rows(result.trace_path);
  EXPECT_EQ(rows.size(), 1u);
  std::ifstream in(result.scenario_path);
  std::stringstream text;
  text << in.rdbuf();
  return {rows.at(0), results::read_event_rows(result.trace_path), result.summary, text.str()};
}

void expect_relative(double actual, double expected) {
  EXPECT_NEAR(actual, expected, expected * 1e-6) << "expected " << expected;
}

constexpr double kDirectBytesPerS = 100e9 / 8;
constexpr double kDetourBytesPerS = 50e9 / 8;

}  // namespace

TEST(LinkOutageSim, aLinkCutMidTransferFinishesLaterOnTheAlternativeRoute) {
  const Outcome outcome = run(scenario_with_outages("  - {at: 410ms, link_down: [east, west], for: 1h}\n"));
  // By 0.41 s the direct flow (after its 10 ms latency) has sent 0.4 s x 12.5 GB/s = 5 GB;
  // the other 5 GB resume over east-mid-west: 14 ms + 5 GB / 6.25 GB/s.
  const double remaining = 1e10 - (0.41 - 0.010) * kDirectBytesPerS;
  const double end = 0.41 + 0.014 + remaining / kDetourBytesPerS;  // 1.224 s instead of 0.81 s
  EXPECT_EQ(outcome.job.site, "west");
  expect_relative(outcome.job.transfer_end_s, end);
  expect_relative(outcome.job.start_s, end);
  expect_relative(outcome.job.end_s, end + 3600.0);
  EXPECT_EQ(outcome.job.status, static_cast<std::uint8_t>(results::JobStatus::FINISHED));
  expect_relative(outcome.job.bytes_moved, 1e10);

  ASSERT_EQ(outcome.events.size(), 3u);
  EXPECT_EQ(outcome.events[0].kind, "link_down");
  EXPECT_EQ(outcome.events[0].subject, "east--west");
  expect_relative(outcome.events[0].time_s, 0.41);
  EXPECT_EQ(outcome.events[1].kind, "transfer_rerouted");
  EXPECT_EQ(outcome.events[1].job, 0);
  EXPECT_NE(std::string(outcome.events[1].detail).find("east -> west over 2 hops"), std::string::npos)
      << outcome.events[1].detail;
  EXPECT_EQ(outcome.events[2].kind, "link_up");
  expect_relative(outcome.events[2].time_s, 3600.41);

  EXPECT_EQ(outcome.summary.outage_events, 2u);
  EXPECT_EQ(outcome.summary.transfers_rerouted, 1u);
  EXPECT_EQ(outcome.summary.transfers_failed, 0u);
  EXPECT_NE(outcome.resolved.find("link_down"), std::string::npos) << outcome.resolved;
}

TEST(LinkOutageSim, aCutWithNoRouteLeftFailsTheTransferWithAReason) {
  const Outcome outcome = run(scenario_with_outages("  - {at: 410ms, link_down: [east, west]}\n"
                                                    "  - {at: 410ms, link_down: [east, mid]}\n"));
  EXPECT_EQ(outcome.job.status, static_cast<std::uint8_t>(results::JobStatus::FAILED));
  EXPECT_TRUE(std::isnan(outcome.job.start_s));
  ASSERT_EQ(outcome.events.size(), 3u);
  EXPECT_EQ(outcome.events[2].kind, "transfer_failed");
  EXPECT_EQ(outcome.events[2].job, 0);
  EXPECT_NE(std::string(outcome.events[2].detail).find("no route left east -> west"), std::string::npos)
      << outcome.events[2].detail;
  EXPECT_NE(std::string(outcome.events[2].subject).find("east--west"), std::string::npos);
  EXPECT_EQ(outcome.summary.jobs_failed, 1u);
  EXPECT_EQ(outcome.summary.transfers_failed, 1u);
  EXPECT_EQ(outcome.summary.jobs_finished, 0u);
}

TEST(LinkOutageSim, aLinkDownFromTheStartIsAvoidedByNewTransfers) {
  const Outcome outcome = run(scenario_with_outages("  - {at: 0, link_down: [east, west]}\n"));
  expect_relative(outcome.job.transfer_end_s, 0.014 + 1e10 / kDetourBytesPerS);  // 1.614 s
  EXPECT_EQ(outcome.summary.transfers_rerouted, 0u);
  ASSERT_EQ(outcome.events.size(), 1u);
  EXPECT_EQ(outcome.events[0].kind, "link_down");
}

