// Bad input files seen through the aicn binary: the first line printed is an `aicn: error:`
// naming the file, the key and the value, the exit status is non-zero, and nothing hangs or
// fills the disk (the sample-interval and dispatch-tick cases used to run until the disk was
// full or forever).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "aicn_test_support.hpp"

using aicn_test::Outcome;
using aicn_test::run_aicn;
using aicn_test::test_scratch;

namespace {

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

const char* kBase = "layout: tiny-3site\nhorizon: 30d\nworkload: {source: poisson-training}\n";

}  // namespace

TEST(InputValidationCli, badValuesInAScenarioStopTheRunNamingFileKeyAndValue) {
  const auto dir = test_scratch();
  struct Case {
    std::string name;
    std::string yaml;
    std::string expected;  // after "aicn: error: FILE:"
  };
  const std::vector<Case> cases{
      // 30 days / 1e7 = 0.2592 s is the smallest interval; 1ns would make 2.592e15 samples.
      {"sample.yaml", std::string(kBase) + "sample_interval: 1ns\n",
       "4: sample_interval: '1ns' is too short: a 1e-09 s sample_interval over the 2592000 s horizon makes 2592000000000000 timer events, "
       "more than 10000000; the smallest sample_interval for this horizon is 0.2592 s"},
      {"tick.yaml", std::string(kBase) + "dispatch_tick: 1ns\n",
       "4: dispatch_tick: '1ns' is too short: a 1e-09 s dispatch_tick over the 2592000 s horizon makes 2592000000000000 timer events"},
      {"dup.yaml", std::string(kBase) + "horizon: 2d\n",
       "4: horizon: the key 'horizon' is given twice in one mapping (lines 2 and 4); keep one"},
      {"gpus.yaml",
       "horizon: 1d\nworkload: {source: poisson-training}\nlayout:\n  hubs: [{name: E, side: east}]\n"
       "  sites: [{name: a, hub: E, lat: 30, lon: 120, pools: [{gpu: A100-80GB, gpus: 1000000000000}]}]\n",
       "5: layout.sites[0].pools[0].gpus: must be a whole number from 1 to 10000000, got '1000000000000'"},
      {"utf8.yaml", std::string(kBase) + "name: run-\xff\n",
       "4: name: is not valid UTF-8 text (byte 5 of the value, after 'run-')"},
      {"seed.yaml", std::string(kBase) + "seed: 99999999999999999999999\n",
       "4: seed: must be a whole number from 0 to 18446744073709551615, got '99999999999999999999999'"},
      {"failures.yaml", std::string(kBase) + "random_failures: {links: {mtbf: 1s, mttr: 1s}}\n",
       "4: random_failures: these failure rates make about 7776000 network states"},
  };
  for (const auto& c : cases) {
    const auto path = dir / c.name;
    std::ofstream(path) << c.yaml;
    const Outcome outcome = run_aicn("run " + path.string() + " -q --out " + (dir / "out").string());
    EXPECT_NE(outcome.exit_code, 0) << c.name << "\n" << outcome.output;
    EXPECT_EQ(first_line(outcome.output).rfind("aicn: error: " + path.string() + ":" + c.expected, 0), 0u)
        << c.name << "\n" << outcome.output;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "out")) << "an input error writes no results";
}

TEST(InputValidationCli, aTraceRowThatDoesNotFitNamesFileLineColumnAndValue) {
  const auto dir = test_scratch();
  const auto csv = dir / "jobs.csv";
  std::ofstream(csv) << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n"
                        "1,training,EAST,0,A100-80GB,1e12,1e18,0.5,0\n";
  const Outcome stats = run_aicn("workload stats " + csv.string() + " --layout tiny-3site");
  EXPECT_NE(stats.exit_code, 0) << stats.output;
  EXPECT_EQ(first_line(stats.output), "aicn: error: " + csv.string() + ":2: gpus: must be a whole number from 1 to 10000000, got '1e12'");
  const auto pods = dir / "pods.csv";
  std::ofstream(pods) << "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,"
                         "scheduled_time\npod-1,1000,1024,1,1000,,WEIRD,Running,0,100,0\n";
  std::ofstream(dir / "openb.yaml") << "name: o\nhorizon: 1d\nlayout: tiny-3site\n"
                                       "workload: {source: openb, path: pods.csv, gpu_model: H800, origins: {EAST: 1}}\n";
  const Outcome run = run_aicn("run " + (dir / "openb.yaml").string() + " -q --out " + (dir / "out").string());
  EXPECT_NE(run.exit_code, 0) << run.output;
  EXPECT_EQ(first_line(run.output), "aicn: error: " + pods.string() + ":2: qos: must be one of LS, Burstable, BE, Guaranteed, got 'WEIRD'");
}
