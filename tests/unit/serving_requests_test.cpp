// The request lists of the Mooncake and Azure traces (mode: requests, docs/serving.md),
// against an independent count of the files with Python (gzip + json, csv).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "aicn/topology/layout_loader.hpp"
#include "aicn/workloads/job_source.hpp"
#include "aicn/workloads/serving_plan.hpp"
#include "aicn/workloads/trace_readers.hpp"

using namespace aicn;

namespace {

std::string data(const std::string& relative) { return std::string(AICN_SHARED_DATA_DIR) + "/" + relative; }

std::unique_ptr<workloads::JobSource> source(const std::string& spec) {
  static const topology::Layout national = topology::load_layout("china-national");
  const workloads::SourceContext context{&national, 1, 0.0, 0, ""};
  return workloads::SourceRegistry::instance().create(config::ConfigNode::load_text(spec, "spec"), context);
}

}  // namespace

TEST(ServingRequests, mooncakeConversationTraceHasEveryRequestInArrivalOrder) {
  const std::string path = data("llm_inference_mooncake/conversation_trace.jsonl.gz");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not present";
  // Python over the same file: 12,031 requests, 144,793,823 input and 4,122,048 output
  // tokens, timestamps 0 to 3,536,999 ms.
  workloads::ReaderCounts counts;
  const auto requests = workloads::read_mooncake_requests(path, false, counts);
  ASSERT_EQ(requests.size(), 12031u);
  double prompt = 0, output = 0;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    prompt += requests[i].prompt_tokens;
    output += requests[i].output_tokens;
    if (i > 0) {
      EXPECT_LE(requests[i - 1].arrival_s, requests[i].arrival_s);
    }
  }
  EXPECT_DOUBLE_EQ(prompt, 144793823.0);
  EXPECT_DOUBLE_EQ(output, 4122048.0);
  EXPECT_DOUBLE_EQ(requests.front().arrival_s, 0.0);
  EXPECT_DOUBLE_EQ(requests.back().arrival_s, 3536.999);
}

TEST(ServingRequests, azureCodeTraceHasEveryRequest) {
  const std::string path = data("llm_inference_azure/AzureLLMInferenceTrace_code.csv");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not present";
  // Python's csv module: 8,819 rows after the header, 18,059,974 context and 245,896 generated tokens.
  workloads::ReaderCounts counts;
  const auto requests = workloads::read_azure_requests(path, false, counts);
  ASSERT_EQ(requests.size(), 8819u);
  double prompt = 0, output = 0;
  for (const auto& request : requests) prompt += request.prompt_tokens, output += request.output_tokens;
  EXPECT_DOUBLE_EQ(prompt, 18059974.0);
  EXPECT_DOUBLE_EQ(output, 245896.0);
}

TEST(ServingRequests, requestModeHoldsReplicasWhereIntervalModeResendsTheWeightsEveryMinute) {
  const std::string path = data("llm_inference_mooncake/conversation_trace.jsonl.gz");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not present";
  const std::string spec = "source: mooncake\npath: " + path + "\ngpu_model: H800\nparameters: 7e10\norigins: {YRD: 1}\n";
  // Interval mode: one job per non-empty minute of the hour (59 minutes and a few seconds:
  // 3,536.999 s), each moving 140 GB of weights.
  auto intervals = source(spec);
  std::size_t interval_jobs = 0;
  while (auto job = intervals->next()) {
    ++interval_jobs;
    EXPECT_DOUBLE_EQ(job->dataset_bytes, 1.4e11);
  }
  EXPECT_EQ(interval_jobs, 59u);
  // Request mode: fewer jobs (replica lifetimes), each a replica of 3 H800 (2.4 N = 168 GB)
  // holding the weights; the plan carries all 12,031 requests with their user city.
  auto requests = source(spec + "mode: requests\n");
  const auto* serving = dynamic_cast<const workloads::ServingPlanSource*>(requests.get());
  ASSERT_NE(serving, nullptr);
  EXPECT_EQ(dynamic_cast<const workloads::ServingPlanSource*>(intervals.get()), nullptr);
  std::vector<workloads::Job> replicas;
  while (auto job = requests->next()) replicas.push_back(*job);
  EXPECT_LT(replicas.size(), interval_jobs);
  EXPECT_EQ(serving->serving_plan().replica_jobs.size(), replicas.size());
  EXPECT_EQ(serving->serving_plan().requests.size(), 12031u);
  for (const auto& job : replicas) {
    EXPECT_EQ(job.gpus, 3);
    EXPECT_DOUBLE_EQ(job.dataset_bytes, 1.4e11);
  }
}

TEST(ServingRequests, requestKeysNeedRequestModeAndModeIsChecked) {
  const std::string base = "source: mooncake\npath: x.jsonl\ngpu_model: H800\n";
  EXPECT_THROW(
      {
        try {
          source(base + "batch_slots: 8\n");
        } catch (const config::ConfigError& e) {
          EXPECT_NE(std::string(e.what()).find("mode: requests only"), std::string::npos) << e.what();
          throw;
        }
      },
      config::ConfigError);
  EXPECT_THROW(source(base + "mode: request\n"), config::ConfigError);
}
