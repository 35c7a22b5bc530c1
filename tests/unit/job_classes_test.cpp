// The job classes sized from first principles reproduce the brief's figures
// (../shared/domain/brief.md) and respect the GPU-memory constraint.
#include <gtest/gtest.h>

#include <cmath>

#include "aicn/topology/gpu_catalog.hpp"
#include "aicn/workloads/formulas.hpp"
#include "aicn/workloads/job_classes.hpp"

using namespace aicn;
using namespace aicn::workloads;

namespace {
constexpr double kDay = 86400.0;
topology::GpuModelId a100() { return topology::find_gpu_model("A100-80GB"); }
}  // namespace

TEST(JobClasses, pretrainingGpt3NeedsTheBriefsA100CountRoundedToWholeServers) {
  TrainingSize size;
  size.parameters = 175e9;
  size.tokens = 300e9;
  size.target_duration_s = 30 * kDay;
  size.max_gpus = 100000;
  const Job job = size_pretraining(size, a100());
  // 865.6 A100 (the brief) -> 866 GPUs -> 872 = 109 whole 8-GPU servers.
  EXPECT_EQ(job.gpus, 872);
  EXPECT_DOUBLE_EQ(job.flops, 6 * 175e9 * 300e9);
  EXPECT_NEAR(job.flops / (865.6 * 312e12 * 0.45), 30 * kDay, 0.001 * 30 * kDay);
  EXPECT_DOUBLE_EQ(job.checkpoint_bytes, 14 * 175e9);  // weights + optimiser state
  // 16 bytes a parameter of state, plus 4.8513e9 bytes of activations on each of the 872 GPUs
  // (formulas.hpp: h = (128 N / 12)^(1/3) = 12,312.8, L = h / 128, 2 x 2048 x h x L).
  EXPECT_NEAR(job.memory_bytes, 16 * 175e9 + 872 * 4.8513e9, 872 * 0.0001e9);
  EXPECT_DOUBLE_EQ(job.dataset_bytes, 300e9 * 4.0);
  EXPECT_EQ(job.kind, JobKind::TRAINING);
}

TEST(JobClasses, pretrainingGpt4AndTheAverageChineseModelMatchTheBrief) {
  // GPT-4: 2.15e25 FLOP in 100 days at 35 % -> 22,787.8 A100.
  TrainingSize gpt4;
  gpt4.parameters = 1.0e12;
  gpt4.tokens = 2.15e25 / (6 * gpt4.parameters);
  gpt4.target_duration_s = 100 * kDay;
  gpt4.utilisation = 0.35;
  gpt4.max_gpus = 1000000;
  const Job big = size_pretraining(gpt4, a100());
  EXPECT_NEAR(big.flops, 2.15e25, 1e10);
  EXPECT_NEAR(accelerators_needed(big.flops / (100 * kDay), 312e12, 0.35), 22787.8, 0.5);
  EXPECT_EQ(big.gpus, 22792);  // ceil(22787.8) = 22788 -> 2849 servers of 8
  // Average Chinese model: N = 80e9, D = 200e9, 30 days -> 263.8 A100 -> 264 (33 servers).
  TrainingSize average;
  average.parameters = 80e9;
  average.tokens = 200e9;
  average.target_duration_s = 30 * kDay;
  EXPECT_EQ(size_pretraining(average, a100()).gpus, 264);
}

TEST(JobClasses, inferenceServiceReproducesChatGptAndTheAverageModel) {
  // ChatGPT: 0.7e8 visits x 10 questions x 1000 tokens a day, N = 175e9, INT8 at 45 %.
  InferenceServiceSize chatgpt;
  chatgpt.parameters = 175e9;
  chatgpt.mean_tokens_per_s = 0.7e8 * 10 * 1000 / kDay;
  const Job service = size_inference_service(chatgpt, a100());
  // The brief: "about 10,000 A100" (10,098.5 exactly); replicas of 6 A100-80GB hold the
  // 420 GB of weights and KV cache, so the count rounds up to a multiple of 6.
  const double exact = accelerators_needed(inference_flops_rate(175e9, 7e11), inference_peak_ops(312e12), 0.45);
  EXPECT_NEAR(exact, 10000, 150);
  EXPECT_EQ(service.gpus % 6, 0);
  EXPECT_GE(service.gpus, exact);
  EXPECT_LT(service.gpus, exact + 6);
  EXPECT_EQ(service.gpus, 10104);  // 1,684 replicas of 6
  EXPECT_EQ(service_replicas(chatgpt, a100()), 1684);
  EXPECT_EQ(service.kind, JobKind::INFERENCE_SERVICE);
  EXPECT_DOUBLE_EQ(service.run_time_s(), chatgpt.lifetime_s);

  InferenceServiceSize average;
  average.parameters = 80e9;
  average.mean_tokens_per_s = 1e6 * 10 * 1000 / kDay;
  const double exact_average = accelerators_needed(inference_flops_rate(80e9, 1e10), 624e12, 0.45);
  EXPECT_NEAR(exact_average, 65.9, 0.05);
  const Job small = size_inference_service(average, a100());
  EXPECT_EQ(small.gpus, 66);  // 22 replicas of 3 A100 (192 GB each)
  EXPECT_EQ(service_replicas(average, a100()), 22);
  // 50 such models in inference: 3,297.5 A100 in the brief.
  EXPECT_NEAR(50 * exact_average, 3297.5, 2.5);
}

TEST(JobClasses, modelsMustFitInGpuMemory) {
  TrainingSize size;  // 70B parameters, tiny token count: compute alone would need one GPU
  size.parameters = 70e9;
  size.tokens = 1e6;
  size.target_duration_s = kDay;
  const Job job = size_pretraining(size, a100());
  EXPECT_EQ(job.gpus, 16);  // 16 x 70e9 = 1.12 TB over 80 - 2.63 GB a GPU -> 14.5 -> 15 -> 2 servers
  EXPECT_TRUE(job.accepts(a100()));
  Job narrow = job;
  narrow.gpus = 8;  // 640 GB cannot hold 1.12 TB
  EXPECT_FALSE(narrow.accepts(a100()));
  EXPECT_FALSE(job.accepts(topology::find_gpu_model("H800")));  // not listed
  narrow.gpus = 16;
  narrow.alternative_gpu_models = {topology::find_gpu_model("H800"), topology::find_gpu_model("L20")};
  EXPECT_TRUE(narrow.accepts(topology::find_gpu_model("H800")));
  EXPECT_FALSE(narrow.accepts(topology::find_gpu_model("L20")));  // 16 x 48 GB = 768 GB < 1.12 TB
  // On an alternative model the run time follows that model's peak.
  EXPECT_NEAR(job.run_time_s(topology::find_gpu_model("H800")) / job.run_time_s(), 312.0 / 989.0, 1e-12);
}

TEST(JobClasses, fineTuningCarriesTheBaseModelAndBatchInferenceUsesTwoNTokens) {
  TrainingSize size;
  size.parameters = 7e9;
  size.tokens = 1e9;
  size.target_duration_s = 3600;
  const Job tune = size_fine_tuning(size, a100());
  EXPECT_EQ(tune.kind, JobKind::FINE_TUNING);
  EXPECT_DOUBLE_EQ(tune.dataset_bytes, 1e9 * 4 + 2 * 7e9);
  const Job batch = size_batch_inference(7e9, 1e9, 3600, 0.45, 4.0, a100(), 1024);
  EXPECT_DOUBLE_EQ(batch.flops, 2 * 7e9 * 1e9);
  // 1.4e19 FLOP in an hour at 624 TOPS x 45 % -> 13.8 -> 14 -> 16 GPUs; the run at INT8
  // speed then takes 1.4e19 / (16 x 624e12 x 0.45) s.
  EXPECT_EQ(batch.gpus, 16);
  EXPECT_NEAR(batch.run_time_s(), 1.4e19 / (16 * 624e12 * 0.45), 1e-6);
  const Job move = size_data_transfer(5e12, 0, 3);
  EXPECT_FALSE(move.is_compute());
  EXPECT_EQ(move.gpus, 0);
  EXPECT_EQ(move.destination_hub, 3);
}

TEST(JobClasses, aTargetGpuCountFixesTheGpusAndTheRunTimeFollows) {
  TrainingSize size;
  size.parameters = 7e9;
  size.tokens = 1e10;
  size.target_gpus = 20;  // rounds up to 24 = 3 whole servers
  const Job job = size_pretraining(size, a100());
  EXPECT_EQ(job.gpus, 24);
  EXPECT_NEAR(job.run_time_s(), 6 * 7e9 * 1e10 / (24 * 312e12 * 0.45), 1e-6);
  size.parameters = 70e9;  // 1.12 TB of training state needs 14 GPUs -> 16, more than 4
  size.target_gpus = 4;
  EXPECT_EQ(size_pretraining(size, a100()).gpus, 16);
}
