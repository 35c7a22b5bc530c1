// `placement`, `admission: now` and `source: saturation` end to end on a 2-node cluster.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "aicn_test_support.hpp"

using aicn_test::read_json;
using aicn_test::run_aicn;
using aicn_test::test_scratch;

namespace {

// Two nodes of 2 GPUs, 8 cores and 32 GiB: 4 GPUs.
const char* kLayout =
    "layout:\n  name: two-nodes\n  hubs: [{name: ALI, side: east}]\n"
    "  sites: [{name: s, hub: ALI, lat: 30.3, lon: 120.2, pools: [{gpu: A100-80GB, nodes: [{count: 2, gpus: 2, cpus: 8, memory: 32GiB}]}]}]\n"
    "  links: []\n";

// Three openb pods: 1 GPU, a 0.5 share, 2 GPUs (3.5 GPUs asked in all).
void write_pods(const std::filesystem::path& path) {
  std::ofstream(path) << "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n"
                      << "p0,1000,1024,1,1000,,LS,Running,0,100,0\n"
                      << "p1,1000,1024,1,500,,LS,Running,0,100,0\n"
                      << "p2,2000,2048,2,1000,,LS,Running,0,100,0\n";
}

}  // namespace

TEST(PlacementCli, saturationFillsTheClusterAndRejectsWhatCannotStart) {
  const auto dir = test_scratch();
  write_pods(dir / "pods.csv");
  std::ofstream(dir / "scenario.yaml") << "name: sat\nhorizon: 1h\nsample_interval: 1s\nadmission: now\n" << kLayout
                                       << "workload: {source: saturation, load: 1.3, pods: {source: openb, path: pods.csv, origins: {ALI: 1}}}\n"
                                       << "policy: local-first\n";
  const auto run = run_aicn("run " + (dir / "scenario.yaml").string() + " --placement gpu-packing --quiet --out " + (dir / "out").string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto summary = read_json(dir / "out" / "summary.json");
  // Jobs never leave, and 1.3 x 4 = 5.2 GPUs are asked of 4: some are rejected, none finish.
  const auto& jobs = summary.at("jobs");
  EXPECT_GE(jobs.at("rejected").get<int>(), 1) << summary.dump(2);
  EXPECT_EQ(jobs.at("finished").get<int>(), 0);
  EXPECT_EQ(jobs.at("submitted").get<int>(), jobs.at("rejected").get<int>() + jobs.at("unfinished").get<int>());
  EXPECT_EQ(jobs.at("rejection_reasons").begin().key(), "could not start on arrival (admission: now)");
  const auto& placement = summary.at("placement");
  // The clones stop once the asked GPUs reach 5.2: the last pod added at most 2 more.
  EXPECT_GE(placement.at("requested_load").get<double>(), 1.3);
  EXPECT_LE(placement.at("requested_load").get<double>(), (5.2 + 2.0) / 4.0);
  EXPECT_LE(placement.at("allocation_rate").get<double>(), 1.0);
  EXPECT_GT(placement.at("allocation_rate").get<double>(), 0.0);
  EXPECT_TRUE(placement.at("allocation_at_load").contains("100"));
  // The same seed gives the same run: the shuffle and clones come from the scenario seed.
  const auto again = run_aicn("run " + (dir / "scenario.yaml").string() + " --placement gpu-packing --quiet --out " + (dir / "again").string());
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(read_json(dir / "again" / "summary.json").at("placement"), placement);
}

TEST(PlacementCli, badPlacementAndAdmissionValuesAreNamed) {
  const auto dir = test_scratch();
  write_pods(dir / "pods.csv");
  std::ofstream(dir / "bad.yaml") << "name: bad\nadmission: later\n" << kLayout
                                  << "workload: {source: openb, path: pods.csv, origins: {ALI: 1}}\n";
  const auto admission = run_aicn("run " + (dir / "bad.yaml").string() + " --quiet --out " + (dir / "o1").string());
  EXPECT_EQ(admission.exit_code, 2);
  EXPECT_NE(admission.output.find("bad.yaml:2: admission: must be 'queue' or 'now', got 'later'"), std::string::npos)
      << admission.output;
  std::ofstream(dir / "ok.yaml") << "name: ok\n" << kLayout << "workload: {source: openb, path: pods.csv, origins: {ALI: 1}}\n";
  const auto name = run_aicn("run " + (dir / "ok.yaml").string() + " --placement best-fti --quiet --out " + (dir / "o2").string());
  EXPECT_EQ(name.exit_code, 2);
  EXPECT_NE(name.output.find("unknown placement policy 'best-fti' (did you mean 'best-fit'?)"), std::string::npos) << name.output;
}
