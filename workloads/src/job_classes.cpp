#include "aicn/workloads/job_classes.hpp"

#include <algorithm>
#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <cstdint>

#include "aicn/topology/checked_number.hpp"
#include "aicn/topology/input_limits.hpp"
#include "aicn/workloads/formulas.hpp"

namespace aicn::workloads {
namespace {

/// GPUs or replicas for a computed need, rounded up. Drawn sizes can ask for any number
/// (1e30 parameters, infinite FLOPs); every count is capped by max_gpus afterwards, which is
/// at most limits::kMaxGpusPerJob, so saturating there changes no result and cannot overflow.
int ceil_count(double value) {
  return checked::saturate<int>(std::ceil(value - 1e-9), "computed GPU count", 0, limits::kMaxGpusPerJob);
}

double peak_fp16(topology::GpuModelId model) { return topology::gpu_model(model).peak_fp16_flops; }

int gpus_per_replica(const InferenceServiceSize& size, topology::GpuModelId model) {
  const double memory = inference_memory_bytes(size.parameters, size.kv_cache_fraction);
  return std::max(1, ceil_count(memory / topology::gpu_model(model).memory_bytes));
}

Job size_training_like(JobKind kind, const TrainingSize& size, topology::GpuModelId model) {
  Job job;
  job.kind = kind;
  job.gpu_model = model;
  job.utilisation = size.utilisation;
  job.flops = training_flops(size.parameters, size.tokens);
  if (size.target_gpus > 0) {
    // A fixed GPU count: the run time follows from it; memory may still need more GPUs.
    job.gpus = training_gpus_for(0.0, size.parameters, size.utilisation, model, size.max_gpus);
    const int target = size.target_gpus > 8 ? (size.target_gpus + 7) / 8 * 8 : size.target_gpus;
    job.gpus = std::min(size.max_gpus, std::max(job.gpus, target));
  } else {
    job.gpus = training_gpus_for(training_flops_rate(size.parameters, size.tokens, size.target_duration_s),
                                 size.parameters, size.utilisation, model, size.max_gpus);
  }
  job.memory_bytes = training_job_memory_bytes(size.parameters, job.gpus);
  job.checkpoint_bytes = checkpoint_bytes(size.parameters);
  job.dataset_bytes = size.tokens * size.dataset_bytes_per_token;
  return job;
}

}  // namespace

int gpus_for(double flops_rate, double peak_flops, double utilisation, double memory_bytes, topology::GpuModelId model,
             int max_gpus, double reserved_bytes_per_gpu) {
  const int for_rate = ceil_count(accelerators_needed(flops_rate, peak_flops, utilisation));
  // What each GPU has left for the job's state after its own reserve (a training job's
  // activations); a GPU with nothing left needs "infinitely" many, saturated at the cap.
  const double usable = topology::gpu_model(model).memory_bytes - reserved_bytes_per_gpu;
  const int for_memory = usable > 0.0 ? ceil_count(memory_bytes / usable) : limits::kMaxGpusPerJob;
  int gpus = std::max({1, for_rate, for_memory});
  // Jobs beyond one server take whole 8-GPU servers, as multi-node training does.
  if (gpus > 8) gpus = (gpus + 7) / 8 * 8;
  return std::min(gpus, max_gpus);
}

double training_job_memory_bytes(double parameters, int gpus) {
  return training_memory_bytes(parameters) + gpus * training_activation_bytes_per_gpu(parameters);
}

int training_gpus_for(double flops_rate, double parameters, double utilisation, topology::GpuModelId model,
                      int max_gpus) {
  return gpus_for(flops_rate, peak_fp16(model), utilisation, training_memory_bytes(parameters), model, max_gpus,
                  training_activation_bytes_per_gpu(parameters));
}

double training_parameters_from_memory(double memory_bytes, int gpus) {
  // memory = 16 N + gpus x A(N) grows strictly with N, so the N that gives `memory_bytes` is the
  // one root of it in [0, memory / 16]: bracketed and found by TOMS 748 (Boost.Math). A
  // fixed-point iteration diverges when the activations dominate (many GPUs, a small model).
  if (!(memory_bytes > 0.0)) return 0.0;
  const auto excess = [&](double parameters) {
    return kTrainingBytesPerParameter * parameters + gpus * training_activation_bytes_per_gpu(parameters) - memory_bytes;
  };
  const double hi = memory_bytes / kTrainingBytesPerParameter;
  if (excess(hi) <= 0.0) return hi;
  std::uintmax_t iterations = 200;
  const auto [lo_end, hi_end] = boost::math::tools::toms748_solve(excess, 0.0, hi, -memory_bytes, excess(hi),
                                                                  boost::math::tools::eps_tolerance<double>(52), iterations);
  return 0.5 * (lo_end + hi_end);
}

void add_alternative_models(Job& job, const std::vector<std::pair<topology::GpuModelId, double>>& models) {
  for (const auto& [other, weight] : models)
    if (other != job.gpu_model && job.gpus * topology::gpu_model(other).memory_bytes >= job.memory_bytes)
      job.alternative_gpu_models.push_back(other);
}

Job size_pretraining(const TrainingSize& size, topology::GpuModelId model) {
  return size_training_like(JobKind::TRAINING, size, model);
}

Job size_fine_tuning(const TrainingSize& size, topology::GpuModelId model) {
  Job job = size_training_like(JobKind::FINE_TUNING, size, model);
  job.dataset_bytes += kInferenceBytesPerParameter * size.parameters;  // the base model's weights
  return job;
}

Job size_batch_inference(double parameters, double tokens, double target_duration_s, double utilisation,
                         double bytes_per_token, topology::GpuModelId model, int max_gpus) {
  Job job;
  job.kind = JobKind::BATCH_INFERENCE;
  job.gpu_model = model;
  job.memory_bytes = inference_memory_bytes(parameters, 0.2);
  // The run time follows FLOPs / (gpus x FP16 peak x u); at INT8 the same work takes half as
  // long, so the effective utilisation of the FP16 peak is 2u (capped at 1).
  job.utilisation = std::min(1.0, utilisation * inference_peak_ops(1.0));
  job.flops = inference_flops(parameters, tokens);
  job.gpus = gpus_for(job.flops / target_duration_s, inference_peak_ops(peak_fp16(model)), utilisation,
                      job.memory_bytes, model, max_gpus);
  job.dataset_bytes = tokens * bytes_per_token;
  return job;
}

int service_replicas(const InferenceServiceSize& size, topology::GpuModelId model) {
  const int per_replica = gpus_per_replica(size, model);
  const double tokens_per_s_per_replica =
      per_replica * inference_peak_ops(peak_fp16(model)) * size.utilisation / (2.0 * size.parameters);
  return std::max(1, ceil_count(size.mean_tokens_per_s * size.peak_to_mean / tokens_per_s_per_replica));
}

Job size_inference_service(const InferenceServiceSize& size, topology::GpuModelId model) {
  Job job;
  job.kind = JobKind::INFERENCE_SERVICE;
  job.gpu_model = model;
  const int per_replica = gpus_per_replica(size, model);
  // Both factors are at most kMaxGpusPerJob, so the product fits in 64 bits.
  job.gpus = static_cast<int>(std::min<std::int64_t>(size.max_gpus, std::int64_t{service_replicas(size, model)} * per_replica));
  job.memory_bytes = inference_memory_bytes(size.parameters, size.kv_cache_fraction);
  job.utilisation = std::min(1.0, size.utilisation * inference_peak_ops(1.0));
  job.duration_s = size.lifetime_s;
  job.flops = 2.0 * size.parameters * size.mean_tokens_per_s * size.lifetime_s;  // work actually served
  job.dataset_bytes = kInferenceBytesPerParameter * size.parameters;               // the weights are deployed
  return job;
}

Job size_data_transfer(double bytes, int from_hub, int to_hub) {
  Job job;
  job.kind = JobKind::DATA_TRANSFER;
  job.gpus = 0;
  job.gpu_milli = 0;
  job.flops = 0.0;
  job.dataset_bytes = bytes;
  job.origin_hub = from_hub;
  job.destination_hub = to_hub;
  return job;
}

}  // namespace aicn::workloads
