// `aicn workload generate` and `aicn workload stats`, run as child processes.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "aicn/results/trace_reader.hpp"
#include "aicn_test_support.hpp"

using aicn_test::Outcome;
using aicn_test::read_file;
using aicn_test::run_aicn;
using aicn_test::test_scratch;

namespace {

}  // namespace

TEST(WorkloadCli, generateWritesACsvThatStatsAndRunReadBack) {
  const auto dir = test_scratch();
  std::ofstream(dir / "mix.yaml") << "source: llm-mix\n";
  const auto generated = run_aicn("workload generate " + (dir / "mix.yaml").string() + " --out " + (dir / "jobs.csv").string() +
                                  " --layout tiny-3site --horizon 2d --seed 3");
  ASSERT_EQ(generated.exit_code, 0) << generated.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "jobs.csv.partial"));
  const auto from_spec = run_aicn("workload stats " + (dir / "mix.yaml").string() + " --layout tiny-3site --horizon 2d --seed 3");
  const auto from_csv = run_aicn("workload stats " + (dir / "jobs.csv").string() + " --layout tiny-3site");
  ASSERT_EQ(from_spec.exit_code, 0) << from_spec.output;
  ASSERT_EQ(from_csv.exit_code, 0) << from_csv.output;
  // The same jobs give the same report (the CSV one adds the reader's line counts).
  EXPECT_EQ(from_csv.output.substr(0, from_spec.output.size()), from_spec.output);
  EXPECT_NE(from_spec.output.find("batch-inference"), std::string::npos);
  EXPECT_NE(from_spec.output.find("arrivals by hour of day"), std::string::npos);
  EXPECT_NE(from_spec.output.find("origin split"), std::string::npos);
  // The generated file runs through the simulator.
  std::ofstream(dir / "scenario.yaml") << "name: replay\nhorizon: 2d\ndrain: true\nlayout: tiny-3site\n"
                                       << "workload: {source: aicn-csv, path: jobs.csv}\npolicy: least-loaded\n";
  const auto run = run_aicn("run " + (dir / "scenario.yaml").string() + " --quiet --out " + (dir / "out").string());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const std::string count = generated.output.substr(0, generated.output.find(' '));  // "N jobs written to ..."
  EXPECT_NE(read_file(dir / "out" / "summary.json").find("\"submitted\": " + count + ","), std::string::npos) << count;
  // Every class ran to the end at least once: compute classes on GPUs, transfers on the network.
  std::map<std::string, int> finished;
  for (const auto& row : aicn::results::read_job_rows((dir / "out" / "trace.h5").string()))
    if (row.status == 0) ++finished[row.kind];
  for (const char* kind : {"training", "fine-tuning", "batch-inference", "serving", "data-transfer"})
    EXPECT_GT(finished[kind], 0) << kind;
}

TEST(WorkloadCli, aMalformedTraceLineStopsWithFileAndLineOrIsSkippedWithSkipBad) {
  const auto dir = test_scratch();
  const auto csv = dir / "bad.csv";
  std::ofstream(csv) << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n"
                     << "0,training,EAST,0,A100-80GB,8,1e18,0.45,0\n1,training,EAST,1,A100-80GB,8,oops,0.45,0\n";
  const auto strict = run_aicn("workload stats " + csv.string() + " --layout tiny-3site");
  EXPECT_EQ(strict.exit_code, 2);
  EXPECT_NE(strict.output.find(csv.string() + ":3: flops: expected a number, got 'oops'"), std::string::npos) << strict.output;
  const auto lenient = run_aicn("workload stats " + csv.string() + " --layout tiny-3site --skip-bad");
  EXPECT_EQ(lenient.exit_code, 0) << lenient.output;
  EXPECT_NE(lenient.output.find("malformed and skipped 1"), std::string::npos) << lenient.output;
  std::ofstream(dir / "spec.yaml") << "source: llm-mix\nclasses: {training: {arrival: sometimes}}\n";
  const auto bad_spec = run_aicn("workload stats " + (dir / "spec.yaml").string());
  EXPECT_EQ(bad_spec.exit_code, 2);
  EXPECT_NE(bad_spec.output.find("classes.training.arrival"), std::string::npos) << bad_spec.output;
}

TEST(WorkloadCli, theOpenbNodeListBecomesALayoutThatReplaysThePods) {
  const std::string data = AICN_SHARED_DATA_DIR;
  const std::string nodes = data + "/alibaba_gpu_v2023/openb_node_list_all_node.csv";
  const std::string pods = data + "/alibaba_gpu_v2023/openb_pod_list_gpuspec33.csv";
  if (!std::filesystem::exists(nodes)) GTEST_SKIP() << nodes << " not present";
  const auto dir = test_scratch();
  const auto site = run_aicn("workload openb-site " + nodes + " --out " + (dir / "layout.yaml").string() + " --map T4=L20 --map P100=L20");
  ASSERT_EQ(site.exit_code, 0) << site.output;
  EXPECT_NE(site.output.find("1523 nodes, 6212 GPUs"), std::string::npos) << site.output;
  std::ofstream(dir / "scenario.yaml") << "name: openb\nhorizon: 200d\ndrain: true\nlayout: layout.yaml\n"
                                       << "workload: {source: openb, path: " << pods
                                       << ", origins: {ALI: 1}, gpu_models: {T4: L20, P100: L20}, gpu_model: A100-80GB}\npolicy: least-loaded\n";
  const auto run = run_aicn("run " + (dir / "scenario.yaml").string() + " --quiet --out " + (dir / "out").string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string summary = read_file(dir / "out" / "summary.json");
  EXPECT_NE(summary.find("\"submitted\": 7064,"), std::string::npos) << summary.substr(0, 400);
  EXPECT_NE(summary.find("\"finished\": 7064,"), std::string::npos) << summary.substr(0, 400);
  const auto bad_map = run_aicn("workload openb-site " + nodes + " --out " + (dir / "x.yaml").string() + " --map T4=Voodoo5");
  EXPECT_EQ(bad_map.exit_code, 2);
  EXPECT_NE(bad_map.output.find("unknown GPU model 'Voodoo5'"), std::string::npos) << bad_map.output;
}
