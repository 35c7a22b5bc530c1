#pragma once
/// @file job_classes.hpp
/// The five job classes sized from first principles (formulas.hpp). Each function fills the
/// size fields of a Job (kind, GPU model and count, FLOPs, memory, data); the caller sets
/// id, submit time, origin and priority.
///
/// GPU counts: the larger of what the FLOP rate needs and what memory needs (a model must fit
/// in its GPUs' memory). Up to 8 GPUs are kept as they are; above 8 the count rounds up to a
/// multiple of 8 (whole servers), then it is capped at `max_gpus`.
#include <utility>
#include <vector>

#include "aicn/topology/gpu_catalog.hpp"
#include "aicn/workloads/job.hpp"

namespace aicn::workloads {

struct TrainingSize {
  double parameters = 1e9;          ///< N
  double tokens = 1e10;             ///< D
  double target_duration_s = 3600;  ///< the user's deadline T (ignored when target_gpus is set)
  int target_gpus = 0;              ///< > 0: run on this many GPUs (or what memory needs) instead
  double utilisation = 0.45;
  int max_gpus = 1024;
  double dataset_bytes_per_token = 4.0;
};

struct InferenceServiceSize {
  double parameters = 7e9;           ///< N of the served model
  double mean_tokens_per_s = 1e4;    ///< average demand from the service's region
  double peak_to_mean = 1.0;         ///< replicas are sized for mean x this (the diurnal peak)
  double utilisation = 0.45;         ///< of the INT8 peak (the brief's inference assumption)
  double kv_cache_fraction = 0.2;    ///< memory beyond the weights, per replica
  double lifetime_s = 86400;         ///< how long the replicas are held
  int max_gpus = 1 << 20;
};

/// GPUs for a rate and a memory need, rounded to whole servers above 8 and capped. Each GPU
/// holds `reserved_bytes_per_gpu` of its own (activations) besides its share of `memory_bytes`.
int gpus_for(double flops_rate, double peak_flops, double utilisation, double memory_bytes,
             topology::GpuModelId model, int max_gpus, double reserved_bytes_per_gpu = 0.0);

/// GPU memory of a training job of N parameters on `gpus` GPUs: the 16 N of model state plus
/// each GPU's activations (formulas.hpp, training_activation_bytes_per_gpu).
double training_job_memory_bytes(double parameters, int gpus);
/// GPUs of `model` for a training job: enough for `flops_rate` and enough to hold its memory
/// (16 N over the GPUs, each also holding its activations); rounded and capped as gpus_for.
int training_gpus_for(double flops_rate, double parameters, double utilisation, topology::GpuModelId model,
                      int max_gpus);
/// N back from a training job's memory_bytes and GPU count (the inverse of training_job_memory_bytes).
double training_parameters_from_memory(double memory_bytes, int gpus);
/// Lists as the job's alternatives every other model of `models` whose memory holds the job
/// on the same GPU count (Job::accepts then admits them; the run time follows the model used).
void add_alternative_models(Job& job, const std::vector<std::pair<topology::GpuModelId, double>>& models);

/// Pre-training: FLOPs 6 N D; GPUs from 6 N D / T (or the target GPU count) and 16 N bytes
/// of training state; a
/// checkpoint of 14 N bytes; a data set of D x bytes-per-token living at the origin.
Job size_pretraining(const TrainingSize& size, topology::GpuModelId model);
/// Fine-tuning: sized as training, and the base model's 16-bit weights (2 N) travel with
/// the data set (the base model lives at the origin hub; a first model of "present or moved").
Job size_fine_tuning(const TrainingSize& size, topology::GpuModelId model);
/// Batch inference: FLOPs 2 N tokens within a target duration, INT8 peak; the prompts
/// (tokens x bytes-per-token) move with the job.
Job size_batch_inference(double parameters, double tokens, double target_duration_s, double utilisation,
                         double bytes_per_token, topology::GpuModelId model, int max_gpus);
/// Online inference service: replicas of ceil(2.4 N bytes / GPU memory) GPUs (tensor
/// parallel), each serving gpus x INT8 peak x utilisation / 2N tokens/s; enough replicas
/// for mean x peak_to_mean tokens/s. Holds them for its lifetime (duration_s).
Job size_inference_service(const InferenceServiceSize& size, topology::GpuModelId model);
/// Number of replicas of a sized service (gpus / GPUs per replica).
int service_replicas(const InferenceServiceSize& size, topology::GpuModelId model);
/// Data transfer: `bytes` from `from_hub` to `to_hub`, no GPUs.
Job size_data_transfer(double bytes, int from_hub, int to_hub);

}  // namespace aicn::workloads
