// Training memory (16 N of state plus each GPU's activations) and alternative GPU models, in
// the job classes and in poisson-training. Expected values are hand calculations, written out.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "aicn/topology/layout_loader.hpp"
#include "aicn/workloads/formulas.hpp"
#include "aicn/workloads/job_classes.hpp"
#include "aicn/workloads/job_source.hpp"

using namespace aicn;
using namespace aicn::workloads;

namespace {

topology::GpuModelId model(const char* name) { return topology::find_gpu_model(name); }

std::vector<Job> draw(const std::string& spec, std::uint64_t max_jobs, std::uint64_t seed = 1) {
  static const topology::Layout layout = topology::load_layout("china-national");
  SourceContext context{&layout, seed, 1e9, max_jobs, ""};
  auto source = SourceRegistry::instance().create(config::ConfigNode::load_text(spec, "spec"), context);
  std::vector<Job> jobs;
  while (auto job = source->next()) jobs.push_back(*job);
  return jobs;
}

}  // namespace

TEST(MemorySizing, activationsOfGpt3FollowTheRecomputationRule) {
  // h = (128 x 175e9 / 12)^(1/3) = 12,312.8, L = h / 128 = 96.19 (GPT-3: 12,288 and 96);
  // 2 x 2048 tokens x h x L = 4.8513e9 bytes a GPU.
  EXPECT_NEAR(training_activation_bytes_per_gpu(175e9), 4.8513e9, 0.0001e9);
  // 1e9 parameters: h = 2,201.3, L = 17.20 -> 2 x 2048 x 2201.3 x 17.20 = 0.15506e9.
  EXPECT_NEAR(training_activation_bytes_per_gpu(1e9), 0.15506e9, 0.00001e9);
  // The inverse recovers N from a job's memory and GPU count.
  EXPECT_NEAR(training_parameters_from_memory(training_job_memory_bytes(175e9, 72), 72), 175e9, 1.0);
}

TEST(MemorySizing, a175BTrainingJobGetsEnoughL20ToHoldIt) {
  // Compute alone needs one GPU (1e6 tokens); memory: 16 x 175e9 = 2.8e12 bytes over GPUs that
  // keep 48e9 - 4.8513e9 = 43.149e9 each -> 64.89 -> 65 -> 72 (whole servers). 8 L20 hold 384 GB.
  TrainingSize size;
  size.parameters = 175e9;
  size.tokens = 1e6;
  size.target_duration_s = 86400;
  const Job on_l20 = size_pretraining(size, model("L20"));
  EXPECT_EQ(on_l20.gpus, 72);
  EXPECT_NEAR(on_l20.memory_bytes, 2.8e12 + 72 * 4.8513e9, 72 * 0.0001e9);
  EXPECT_TRUE(on_l20.accepts(model("L20")));
  Job eight = on_l20;
  eight.gpus = 8;
  EXPECT_FALSE(eight.accepts(model("L20")));
  // On A100-80GB: 2.8e12 / (80e9 - 4.8513e9) = 37.26 -> 38 -> 40.
  EXPECT_EQ(size_pretraining(size, model("A100-80GB")).gpus, 40);
}

TEST(MemorySizing, poissonTrainingSizesMemoryAndListsAlternativesThatHoldTheJob) {
  // Every job is a 175B model on 1e8 tokens over 10 min: 6 x 175e9 x 1e8 / 600 s = 1.75e17
  // FLOP/s; at 119.5e12 x 0.45 that is 3,254.4 L20 for compute, and memory needs only 72.
  // On A100 (312e12 x 0.45): 1,246.4 -> 1,247 -> 1,248. So compute decides (max_gpus 4096).
  const std::string base =
      "source: poisson-training\narrivals_per_hour: 60\ngpu_models: {L20: 1, A100-80GB: 1, H20: 1}\n"
      "parameters: {median: 1.75e11, sigma: 0, min: 1.0e8, max: 1.75e11}\n"
      "tokens: {median: 1.0e8, sigma: 0, min: 1.0e8, max: 1.0e13}\n"
      "target_duration: {median: 10min, sigma: 0, min: 10min, max: 30d}\n";
  for (const Job& job : draw(base + "max_gpus: 4096\naccept_alternatives: true\n", 60)) {
    const double state = 16 * 175e9;
    EXPECT_NEAR(job.memory_bytes, state + job.gpus * 4.8513e9, job.gpus * 0.0001e9);
    if (job.gpu_model == model("L20")) {
      EXPECT_EQ(job.gpus, 3256);  // 3,254.4 -> 3,255 -> 3,256
    }
    if (job.gpu_model == model("A100-80GB")) {
      EXPECT_EQ(job.gpus, 1248);
    }
    // Alternatives: the other two models, each holding the job at its GPU count.
    EXPECT_EQ(job.alternative_gpu_models.size(), 2u);
    for (const auto other : job.alternative_gpu_models) EXPECT_TRUE(job.accepts(other));
  }
  // 10-day target: 6 x 175e9 x 1e8 / 864,000 s = 1.215e14 FLOP/s -> 2.26 L20 for compute, so
  // memory decides: 72 L20. 72 x 80 GB A100 hold it too, 72 x 96 GB H20 as well.
  std::string slow = base;
  slow.replace(slow.find("median: 10min"), 13, "median: 10d");
  for (const Job& job : draw(slow + "accept_alternatives: true\n", 60)) {
    if (job.gpu_model == model("L20")) {
      EXPECT_EQ(job.gpus, 72);
      EXPECT_EQ(job.alternative_gpu_models.size(), 2u);
    }
    // On A100 (40 GPUs), 40 x 48 GB L20 = 1.92 TB cannot hold 2.8 TB: only H20 (40 x 96 GB) is listed.
    if (job.gpu_model == model("A100-80GB")) {
      EXPECT_EQ(job.gpus, 40);
      ASSERT_EQ(job.alternative_gpu_models.size(), 1u);
      EXPECT_EQ(job.alternative_gpu_models[0], model("H20"));
    }
  }
  // Without the key no alternative is listed.
  for (const Job& job : draw(slow, 20)) EXPECT_TRUE(job.alternative_gpu_models.empty());
}

TEST(MemorySizing, anAlternativeModelRunsAtItsOwnPeak) {
  TrainingSize size;
  size.parameters = 1e9;
  size.tokens = 1e10;
  size.target_duration_s = 3600;
  Job job = size_pretraining(size, model("H800"));
  job.alternative_gpu_models = {model("A100-80GB")};
  // The same FLOPs on the same GPU count: time scales with 989 / 312 TFLOPS.
  EXPECT_NEAR(job.run_time_s(model("A100-80GB")) / job.run_time_s(), 989.0 / 312.0, 1e-12);
}

TEST(MemorySizing, capacityWeightsEachModelByItsInstalledPeak) {
  // china-national (its header table): A100-80GB 13,312 GPUs x 312 TFLOPS = 4,153.3 PFLOPS,
  // L20 1,024 x 119.5 = 122.4 PFLOPS, H800 10,240 x 989 = 10,127.4, of 23,754.2 in all.
  const auto jobs = draw("source: poisson-training\narrivals_per_hour: 60\ngpu_models: capacity\n", 40000, 3);
  std::map<topology::GpuModelId, double> count;
  for (const Job& job : jobs) count[job.gpu_model] += 1;
  const double n = static_cast<double>(jobs.size());
  // Binomial standard error at p = 0.175, n = 40,000: 0.0019; 0.008 is over 4 of them.
  EXPECT_NEAR(count[model("A100-80GB")] / n, 4153.3 / 23754.2, 0.008);
  EXPECT_NEAR(count[model("H800")] / n, 10127.4 / 23754.2, 0.01);
  EXPECT_NEAR(count[model("L20")] / n, 122.4 / 23754.2, 0.0015);
  EXPECT_THROW(draw("source: poisson-training\ngpu_models: everything\n", 1), std::exception);
}
