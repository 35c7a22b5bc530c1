// The trace readers on the real files in ../shared/data (AICN_SHARED_DATA_DIR), and their
// handling of malformed lines.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "aicn/topology/layout_loader.hpp"
#include "aicn/workloads/job_source.hpp"
#include "aicn/workloads/line_reader.hpp"
#include "aicn/workloads/trace_readers.hpp"

using namespace aicn;

namespace {

std::string data(const std::string& relative) { return std::string(AICN_SHARED_DATA_DIR) + "/" + relative; }

#define REQUIRE_DATA(path) \
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not present (set AICN_SHARED_DATA_DIR)"

const topology::Layout& layout() {
  static const topology::Layout national = topology::load_layout("china-national");
  return national;
}

struct Replay {
  std::vector<workloads::Job> jobs;
  workloads::ReaderCounts counts;
};

Replay replay(const std::string& spec) {
  workloads::SourceContext context{&layout(), 1, 0.0, 0, ""};
  auto source = workloads::SourceRegistry::instance().create(config::ConfigNode::load_text(spec, "spec"), context);
  Replay out;
  while (auto job = source->next()) out.jobs.push_back(std::move(*job));
  out.counts = *source->reader_counts();
  return out;
}

std::string temp_file(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "-" + name);
  std::ofstream(path) << text;
  return path.string();
}

}  // namespace

TEST(TraceReaders, swfReadsAllJobsOfTheNasaIpscLog) {
  const std::string path = data("swf/NASA-iPSC-1993-3.1-cln.swf.gz");
  REQUIRE_DATA(path);
  const auto out = replay("source: swf\npath: " + path + "\norigins: {YRD: 1}\ngpu_model: A100-80GB\n");
  ASSERT_EQ(out.jobs.size(), 18239u);
  EXPECT_EQ(out.counts.lines_read, 18239u);
  EXPECT_EQ(out.jobs[0].gpus, 128);          // first job: 128 processors for 1451 s
  EXPECT_DOUBLE_EQ(out.jobs[0].duration_s, 1451);
  EXPECT_DOUBLE_EQ(out.jobs[1].submit_s, 1460);
  for (const auto& job : out.jobs) ASSERT_EQ(job.origin_hub, layout().hub_index("YRD"));
}

TEST(TraceReaders, swfScalesAndShiftsTimeAndReportsBadLines) {
  const std::string good = "; a comment\n1 0 -1 100 4 -1 -1 -1 -1 -1 1 1 1 -1 -1 -1 -1 -1\n"
                           "2 50 -1 10 2 -1 -1 -1 -1 -1 1 1 1 -1 -1 -1 -1 -1\n";
  const std::string bad = good + "3 60 -1 ten 2 -1 -1 -1 -1 -1 1 1 1 -1 -1 -1 -1 -1\n4 70 -1 5 1 -1 -1 -1 -1 -1 1 1 1 -1 -1 -1 -1 -1\n";
  const auto scaled = replay("source: swf\npath: " + temp_file("a.swf", good) + "\ngpu_model: A100-80GB\ntime_scale: 0.5\ntime_shift: 1h\n");
  ASSERT_EQ(scaled.jobs.size(), 2u);
  EXPECT_DOUBLE_EQ(scaled.jobs[1].submit_s, 3600 + 25);
  EXPECT_DOUBLE_EQ(scaled.jobs[0].duration_s, 50);
  const std::string path = temp_file("b.swf", bad);
  try {
    replay("source: swf\npath: " + path + "\ngpu_model: A100-80GB\n");
    FAIL() << "expected a ConfigError";
  } catch (const config::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ":4: run time (field 4): expected a number, got 'ten'"), std::string::npos)
        << e.what();
  }
  const auto skipped = replay("source: swf\npath: " + path + "\ngpu_model: A100-80GB\nskip_bad: true\n");
  EXPECT_EQ(skipped.jobs.size(), 3u);
  EXPECT_EQ(skipped.counts.bad_lines, 1u);
}

TEST(TraceReaders, openbReadsAllPodsWithSharesAndModelConstraints) {
  const std::string path = data("alibaba_gpu_v2023/openb_pod_list_gpuspec33.csv");
  REQUIRE_DATA(path);
  const auto out = replay("source: openb\npath: " + path +
                          "\ngpu_model: A100-80GB\ngpu_models: {V100M16: L40S, V100M32: H800, T4: L20}\n");
  EXPECT_EQ(out.counts.lines_read, 8152u);
  EXPECT_EQ(out.counts.filtered + out.jobs.size(), 8152u);  // CPU-only pods are counted, not replayed
  EXPECT_GT(out.counts.filtered, 0u);
  int shared = 0, constrained = 0;
  for (const auto& job : out.jobs) {
    shared += job.gpu_milli < 1000;
    if (job.gpu_model == topology::find_gpu_model("L40S") && !job.alternative_gpu_models.empty()) {
      ++constrained;
      EXPECT_EQ(job.alternative_gpu_models[0], topology::find_gpu_model("H800"));  // V100M16|V100M32
    }
  }
  EXPECT_GT(shared, 2000);
  EXPECT_GT(constrained, 0);
}

TEST(TraceReaders, openbNodeListBecomesOneSite) {
  const std::string path = data("alibaba_gpu_v2023/openb_node_list_all_node.csv");
  REQUIRE_DATA(path);
  int nodes = 0, gpus = 0;
  const auto site = workloads::read_openb_site(path, {{"T4", topology::find_gpu_model("L20")}},
                                               topology::find_gpu_model("A100-80GB"), nodes, gpus);
  EXPECT_EQ(nodes, 1523);
  EXPECT_EQ(gpus, 6212);
  ASSERT_EQ(site.pools.size(), 2u);
  int total = 0;
  for (const auto& pool : site.pools) total += pool.gpus;
  EXPECT_GE(total, 6212);
  EXPECT_LT(total, 6212 + 16);  // each pool rounded up to whole 8-GPU servers
}

TEST(TraceReaders, mooncakeTokenDemandTotalsTheTracesTokens) {
  const std::string path = data("llm_inference_mooncake/conversation_trace.jsonl.gz");
  REQUIRE_DATA(path);
  // The expected total, read independently: sum the two length fields of every line.
  double expected = 0;
  std::uint64_t lines = 0;
  workloads::LineReader in(path);
  std::string line;
  auto field = [&](const std::string& key) {
    const auto at = line.find("\"" + key + "\": ");
    return std::stod(line.substr(at + key.size() + 4));
  };
  while (in.next(line)) {
    expected += field("input_length") + field("output_length");
    ++lines;
  }
  ASSERT_EQ(lines, 12031u);
  workloads::ReaderCounts counts;
  const auto series = workloads::read_mooncake_demand(path, 60.0, false, counts);
  EXPECT_EQ(series.requests, 12031u);
  EXPECT_DOUBLE_EQ(series.total(), expected);
  EXPECT_EQ(series.tokens.size(), 59u);  // one hour of requests in one-minute intervals
  // As serving jobs: one per minute, whose FLOPs are 2 N x that minute's tokens.
  const auto out = replay("source: mooncake\npath: " + path + "\ngpu_model: A100-80GB\nparameters: 7.0e10\n");
  ASSERT_EQ(out.jobs.size(), 59u);
  double flops = 0;
  for (const auto& job : out.jobs) {
    flops += job.flops;
    EXPECT_EQ(job.kind, workloads::JobKind::INFERENCE_SERVICE);
    EXPECT_DOUBLE_EQ(job.duration_s, 60.0);
  }
  EXPECT_NEAR(flops / (2 * 7e10 * expected), 1.0, 1e-12);
}

TEST(TraceReaders, azureTokenDemandTotalsTheTracesTokens) {
  const std::string path = data("llm_inference_azure/AzureLLMInferenceTrace_code.csv");
  REQUIRE_DATA(path);
  double expected = 0;
  std::uint64_t rows = 0;
  {
    workloads::LineReader in(path);
    std::string line;
    in.next(line);
    while (in.next(line)) {
      const auto fields = workloads::split_csv(line);
      expected += std::stod(fields[1]) + std::stod(fields[2]);
      ++rows;
    }
  }
  workloads::ReaderCounts counts;
  const auto series = workloads::read_azure_demand(path, 300.0, false, counts);
  EXPECT_EQ(series.requests, rows);
  EXPECT_EQ(rows, 8819u);  // every request of the code trace
  EXPECT_DOUBLE_EQ(series.total(), expected);
  const std::string bad = temp_file("azure.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.97,10,2\nyesterday,1,1\n");
  EXPECT_THROW(workloads::read_azure_demand(bad, 60.0, false, counts), config::ConfigError);
  workloads::ReaderCounts skipped;
  EXPECT_DOUBLE_EQ(workloads::read_azure_demand(bad, 60.0, true, skipped).total(), 12.0);
  EXPECT_EQ(skipped.bad_lines, 1u);
}

TEST(TraceReaders, aDemandTraceSpanningMoreThanTenMillionIntervalsIsRefusedNamingTheLine) {
  // Found by fuzz_trace_azure_llm: one request dated 4046 made the series ask for 8.5 GB.
  // 2023-11-16 to 4046-11-16 is 2,023 years: ~1.06e9 one-minute intervals.
  const std::string path = temp_file("far.csv",
                                     "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,374,44\n"
                                     "4046-11-16 18:15:56.78,2221,15\n");
  workloads::ReaderCounts counts;
  try {
    (void)workloads::read_azure_demand(path, 60.0, false, counts);
    FAIL() << "expected a ConfigError";
  } catch (const config::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("far.csv:3: timestamp:"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("intervals are kept"), std::string::npos) << error.what();
  }
  // 9,999,999 one-second intervals after the first request (115.7 days) still fit.
  const std::string near = temp_file("near.jsonl", "{\"timestamp\": 0, \"input_length\": 1, \"output_length\": 1}\n"
                                                   "{\"timestamp\": 9999999000, \"input_length\": 2, \"output_length\": 0}\n");
  const auto series = workloads::read_mooncake_demand(near, 1.0, false, counts);
  EXPECT_EQ(series.tokens.size(), 10000000u);
  EXPECT_DOUBLE_EQ(series.total(), 4.0);
}
