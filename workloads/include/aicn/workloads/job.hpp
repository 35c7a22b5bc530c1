#pragma once
/// @file job.hpp
/// A unit of demand: what a user submits, where it comes from, and how big it is.
///
/// Five classes (JobKind). Compute classes hold `gpus` GPUs (or a share of one GPU) of an
/// accepted model for their run time; a data transfer holds no GPU and only moves bytes.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aicn/topology/gpu_catalog.hpp"

namespace aicn::workloads {

enum class JobKind : std::uint8_t {
  TRAINING,           ///< "training": pre-training from scratch (the original AICN job)
  FINE_TUNING,        ///< "fine-tuning": training from a base model on a smaller data set
  BATCH_INFERENCE,    ///< "batch-inference": a fixed token volume, latency-insensitive
  INFERENCE_SERVICE,  ///< "serving": an online inference service holding replicas for its lifetime
  DATA_TRANSFER,      ///< "data-transfer": a bulk move between hubs, no GPUs
};
constexpr int kJobKindCount = 5;

std::string_view job_kind_name(JobKind kind);
/// The kind called `name`, or nothing. Names fit the trace's 15-character `kind` column;
/// "pre-training" and "inference-service" are accepted for "training" and "serving".
std::optional<JobKind> parse_job_kind(std::string_view name);
/// Comma-separated kind names, for error messages.
std::string_view job_kind_names();

constexpr int kMilliPerGpu = 1000;
/// A GPU share: one GPU asked for, less than all of it (openb gpu_milli). Every other job
/// holds whole GPUs, each with nothing else on it. The one definition of the rule.
constexpr bool is_gpu_share(int gpus, int gpu_milli) { return gpus == 1 && gpu_milli < kMilliPerGpu; }

struct Job {
  std::uint64_t id = 0;
  JobKind kind = JobKind::TRAINING;
  int origin_hub = -1;       ///< hub index in the layout; the job's dataset lives at that hub's home site
  double submit_s = 0.0;
  topology::GpuModelId gpu_model = -1;  ///< the model the job was sized for (its first choice)
  /// Other models the job may run on (same GPU count); the run time follows the model used.
  std::vector<topology::GpuModelId> alternative_gpu_models;
  int gpus = 1;              ///< GPUs held exclusively for the whole run (gang allocation); 0 for data transfers
  /// Share of one GPU in thousandths, for GPU-sharing jobs (gpus == 1): 1000 = the whole GPU.
  int gpu_milli = kMilliPerGpu;
  double flops = 0.0;        ///< total floating-point operations
  double utilisation = 0.45; ///< fraction of peak the job sustains (model FLOPs utilisation)
  double dataset_bytes = 0.0;///< data to move from the origin before the job can start (data transfers: the bytes moved)
  int priority = 0;          ///< larger is more urgent: the `priority` queue discipline starts it first; policies may use it
  /// Fixed run time, s, for jobs whose length is not set by their FLOPs (services live this
  /// long; replayed traces keep their recorded length). 0 = derived from the FLOPs.
  double duration_s = 0.0;
  /// Host CPU the job holds over all its servers, in millicores (openb `cpu_milli`); 0 = not
  /// stated. Only node pools (scenario key `placement`) check it against a server's cores.
  std::int64_t cpu_milli = 0;
  /// Host memory the job holds over all its servers, MiB (openb `memory_mib`); 0 = not stated.
  std::int64_t memory_mib = 0;
  double memory_bytes = 0.0;     ///< GPU memory the job needs over all its GPUs (0 = not stated)
  double checkpoint_bytes = 0.0; ///< training: size of one checkpoint (weights + optimiser state)
  double checkpoint_interval_s = 0.0; ///< training: a checkpoint is written every this long (0 = none)
  int destination_hub = -1;      ///< data transfers: the hub whose home site receives the bytes
  /// Serving: the most one-way network latency its users (at the origin hub) accept, s; 0 =
  /// none. Carried for the policies; the runtime does not enforce it.
  double latency_budget_s = 0.0;
  /// Named data objects (docs/data-lifecycle.md). A named data set (its dataset_bytes) and base
  /// model (base_model_bytes) live at the origin hub's home site; a copy stays at a site that
  /// used it, so a later job there moves nothing. "" = unnamed: moved every time, never kept.
  std::string dataset;
  std::string base_model;
  double base_model_bytes = 0.0;  ///< moved with the data set when the site has no copy
  /// Final weights and results, sent back to the origin's home site when the job's compute
  /// ends (with scenario key data.return_results); the job ends when they arrive.
  double result_bytes = 0.0;
  /// Flexible work (docs/flexible-jobs.md). The job may not start before this (simulated
  /// time, s; at or before submit_s = at once); the runtime holds any placement until then.
  double earliest_start_s = 0.0;
  /// It should end by this (simulated time, s); infinity = no deadline. The runtime does not
  /// stop a late job: the summary counts it as a deadline miss with its lateness.
  double deadline_s = std::numeric_limits<double>::infinity();
  /// A policy may suspend it while it runs and place it again later. Rule: a job that states
  /// its own checkpoint_interval_s resumes from its last periodic checkpoint (the work since
  /// is lost); one that states none is suspended in place and loses nothing.
  bool interruptible = false;

  bool is_compute() const { return kind != JobKind::DATA_TRANSFER; }
  bool has_deadline() const { return deadline_s < std::numeric_limits<double>::infinity(); }
  /// Checkpoint bytes written over a run of `run_s`: one checkpoint per whole interval.
  double checkpoint_bytes_written(double run_s) const;
  /// GPUs' worth of compute the job holds: gpus, or gpu_milli / 1000 for a shared GPU.
  double gpu_fraction() const;
  /// True when the job may run on `model`: it is listed and its memory holds the job.
  bool accepts(topology::GpuModelId model) const;
  /// Exact run time on its own model: duration_s when set, else flops / (gpus x peak x utilisation).
  double run_time_s() const;
  /// The same on `model` (the pool's model, possibly an alternative).
  double run_time_s(topology::GpuModelId model) const;
};

}  // namespace aicn::workloads
