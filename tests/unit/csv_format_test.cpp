// AICN's CSV job format: the original nine columns still read, optional columns extend it,
// and what the writer produces reads back identically.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "aicn/topology/layout_loader.hpp"
#include "aicn/workloads/csv_trace_reader.hpp"

using namespace aicn;

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".csv");
  std::ofstream(path) << text;
  return path.string();
}

const topology::Layout& layout() {
  static const topology::Layout national = topology::load_layout("china-national");
  return national;
}

}  // namespace

TEST(CsvFormat, theOriginalNineColumnFormatStillReads) {
  const auto path = write_temp("nine", std::string(workloads::CsvTraceReader::kHeader) +
                                           "\n0,training,JJJ,0,A100-80GB,8,1.1e18,0.45,0\n1,training,YRD,60,H800,16,1e19,0.5,4e10\n");
  workloads::CsvTraceReader reader(path, {&layout(), 1, 0, 0, ""});
  const auto first = reader.next();
  const auto second = reader.next();
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(reader.next());
  EXPECT_EQ(second->gpus, 16);
  EXPECT_EQ(second->gpu_milli, 1000);
  EXPECT_EQ(second->priority, 0);
}

TEST(CsvFormat, everyJobClassRoundTripsThroughTheFullFormat) {
  std::vector<workloads::Job> jobs(3);
  jobs[0].id = 4;
  jobs[0].kind = workloads::JobKind::INFERENCE_SERVICE;
  jobs[0].origin_hub = layout().hub_index("GBA");
  jobs[0].submit_s = 12.25;
  jobs[0].gpu_model = topology::find_gpu_model("H20");
  jobs[0].alternative_gpu_models = {topology::find_gpu_model("H800"), topology::find_gpu_model("A800-80GB")};
  jobs[0].gpus = 24;
  jobs[0].flops = 1.0 / 3.0 * 1e20;
  jobs[0].duration_s = 86400;
  jobs[0].priority = 5;
  jobs[0].memory_bytes = 1.68e11;
  jobs[0].latency_budget_s = 0.02;
  jobs[1].id = 5;
  jobs[1].kind = workloads::JobKind::BATCH_INFERENCE;
  jobs[1].origin_hub = layout().hub_index("JJJ");
  jobs[1].submit_s = 13;
  jobs[1].gpu_model = topology::find_gpu_model("L20");
  jobs[1].gpus = 1;
  jobs[1].gpu_milli = 470;
  jobs[1].flops = 1e15;
  jobs[2] = workloads::Job{};
  jobs[2].id = 6;
  jobs[2].kind = workloads::JobKind::DATA_TRANSFER;
  jobs[2].origin_hub = layout().hub_index("YRD");
  jobs[2].destination_hub = layout().hub_index("GZ");
  jobs[2].submit_s = 14;
  jobs[2].gpus = 0;
  jobs[2].gpu_model = -1;
  jobs[2].dataset_bytes = 2.5e12;
  ASSERT_GE(jobs[2].destination_hub, 0);
  std::string text = workloads::csv_full_header() + "\n";
  for (const auto& job : jobs) text += workloads::csv_row(job, layout()) + "\n";
  workloads::CsvTraceReader reader(write_temp("full", text), {&layout(), 1, 0, 0, ""});
  for (const auto& expected : jobs) {
    const auto job = reader.next();
    ASSERT_TRUE(job);
    EXPECT_EQ(workloads::csv_row(*job, layout()), workloads::csv_row(expected, layout()));
    EXPECT_EQ(job->kind, expected.kind);
    EXPECT_EQ(job->alternative_gpu_models, expected.alternative_gpu_models);
    EXPECT_EQ(job->gpu_milli, expected.gpu_milli);
    EXPECT_EQ(job->flops, expected.flops);
    EXPECT_EQ(job->latency_budget_s, expected.latency_budget_s);
  }
  EXPECT_FALSE(reader.next());
}

TEST(CsvFormat, aBadLineNamesFileLineAndColumnOrIsSkippedWithACount) {
  const std::string text = std::string(workloads::CsvTraceReader::kHeader) +
                           "\n0,training,JJJ,0,A100-80GB,8,1e18,0.45,0\n1,training,JJJ,5,A100-80GB,eight,1e18,0.45,0\n"
                           "2,training,JJJ,9,A100-80GB,8,1e18,0.45,0\n";
  const auto path = write_temp("bad", text);
  workloads::CsvTraceReader strict(path, {&layout(), 1, 0, 0, ""});
  ASSERT_TRUE(strict.next());
  try {
    strict.next();
    FAIL() << "expected a ConfigError";
  } catch (const config::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ":3: gpus: expected a number, got 'eight'"), std::string::npos) << e.what();
  }
  workloads::CsvTraceReader lenient(path, {&layout(), 1, 0, 0, ""}, true);
  int read = 0;
  while (lenient.next()) ++read;
  EXPECT_EQ(read, 2);
  EXPECT_EQ(lenient.counts().bad_lines, 1u);
  EXPECT_EQ(lenient.counts().lines_read, 3u);
}
