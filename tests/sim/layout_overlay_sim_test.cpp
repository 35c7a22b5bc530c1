// A what-if overlay in a scenario changes the simulated network: cutting the direct link
// sends the dataset the long way round, and the transfer takes exactly the hand-computed time.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/results/trace_reader.hpp"
#include "aicn/topology/network_graph.hpp"
#include "aicn_test_support.hpp"

using namespace aicn;

namespace {

std::filesystem::path test_dir() { return aicn_test::test_folder(); }

/// east (8 A100) -- 100 Gbps, 10 ms -- west (128 A100), and a detour east -- mid -- west:
/// east-mid 100 Gbps 8 ms, mid-west 50 Gbps 6 ms (14 ms, so the direct link is the route).
const char* kBase = R"(name: triangle
hubs: [{name: E, side: east}, {name: W, side: west}]
sites:
  - {name: east, hub: E, lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: 8}]}
  - {name: mid, hub: W, lat: 30.6, lon: 114.3, pools: [{gpu: A100-80GB, gpus: 8}]}
  - {name: west, hub: W, lat: 26.6, lon: 106.7, pools: [{gpu: A100-80GB, gpus: 128}]}
links:
  - {between: [east, west], bandwidth: 100Gbps, latency: 10ms}
  - {between: [east, mid], bandwidth: 100Gbps, latency: 8ms}
  - {between: [mid, west], bandwidth: 50Gbps, latency: 6ms}
)";

/// One 64-GPU job (fits only the west site) with a 10 GB dataset, running one hour.
sim::Scenario scenario_with(const std::string& layout_value) {
  const auto dir = test_dir();
  std::ofstream(dir / "triangle.yaml") << kBase;
  char flops[64];
  std::snprintf(flops, sizeof flops, "%.17g", 64 * 312e12 * 0.5 * 3600);
  std::ofstream(dir / "jobs.csv") << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n"
                                  << "0,training,E,0,A100-80GB,64," << flops << ",0.5,1e10\n";
  std::ofstream(dir / "scenario.yaml") << "name: overlay\nseed: 1\nhorizon: 1d\ndrain: true\nlayout:\n" << layout_value
                                       << "workload: {source: aicn-csv, path: jobs.csv}\npolicy: local-first\n";
  return sim::load_scenario_file((dir / "scenario.yaml").string());
}

struct Outcome {
  results::NamedJobRow job;
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
  return {rows.at(0), text.str()};
}

void expect_relative(double actual, double expected) {
  EXPECT_NEAR(actual, expected, expected * 1e-6) << "expected " << expected;
}

}  // namespace

TEST(LayoutOverlaySim, theBaseLayoutMovesTheDatasetOverTheDirectLink) {
  const sim::Scenario scenario = scenario_with("  triangle.yaml\n");
  const Outcome outcome = run(scenario);
  EXPECT_EQ(outcome.job.site, "west");
  expect_relative(outcome.job.transfer_end_s, 0.010 + 1e10 / (100e9 / 8));  // 0.81 s
}

TEST(LayoutOverlaySim, cuttingTheDirectLinkSendsTheDatasetRoundAtTheDetoursBottleneck) {
  const sim::Scenario scenario = scenario_with("  base: triangle.yaml\n  name: triangle-cut\n  patch:\n"
                                               "    - cut_link: [east, west]\n");
  // The route is now east -> mid -> west.
  const auto& layout = scenario.layout;
  const topology::NetworkGraph graph(layout);
  const auto& route = graph.route(layout.site_index("east"), layout.site_index("west"));
  ASSERT_TRUE(route.reachable);
  ASSERT_EQ(route.hops.size(), 2u);
  EXPECT_EQ(layout.link_name(route.hops[0].link), "east--mid");
  EXPECT_EQ(layout.link_name(route.hops[1].link), "mid--west");

  const Outcome outcome = run(scenario);
  EXPECT_EQ(outcome.job.site, "west");
  // Latencies add (8 + 6 ms); the flow runs at the slower hop's 50 Gbps: 0.014 + 1.6 = 1.614 s.
  const double transfer_s = 0.008 + 0.006 + 1e10 / (50e9 / 8);
  expect_relative(outcome.job.transfer_end_s, transfer_s);
  expect_relative(outcome.job.start_s, transfer_s);
  expect_relative(outcome.job.end_s, transfer_s + 3600.0);
  // The results folder records the edited layout, not the base one.
  EXPECT_NE(outcome.resolved.find("name: triangle-cut"), std::string::npos) << outcome.resolved;
  EXPECT_FALSE(std::regex_search(outcome.resolved, std::regex(R"(- east\s+- west)"))) << outcome.resolved;
  EXPECT_TRUE(std::regex_search(outcome.resolved, std::regex(R"(- east\s+- mid)"))) << outcome.resolved;
}

TEST(LayoutOverlaySim, raisingTheDetoursBandwidthShortensTheTransferExactly) {
  const sim::Scenario scenario = scenario_with("  base: triangle.yaml\n  patch:\n"
                                               "    - cut_link: [east, west]\n"
                                               "    - set_link: {between: [mid, west], bandwidth: 200Gbps}\n");
  const Outcome outcome = run(scenario);
  // Now the east-mid hop (100 Gbps) is the bottleneck: 0.014 + 0.8 = 0.814 s.
  expect_relative(outcome.job.transfer_end_s, 0.014 + 1e10 / (100e9 / 8));
}
