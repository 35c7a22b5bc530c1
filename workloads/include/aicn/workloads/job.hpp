#pragma once
/// @file job.hpp
/// A unit of demand: what a user submits, where it comes from, and how big it is.
#include <cstdint>
#include <string_view>

#include "aicn/topology/gpu_catalog.hpp"

namespace aicn::workloads {

enum class JobKind : std::uint8_t { TRAINING };

std::string_view job_kind_name(JobKind kind);

struct Job {
  std::uint64_t id = 0;
  JobKind kind = JobKind::TRAINING;
  int origin_hub = -1;       ///< hub index in the layout; the job's dataset lives at that hub's home site
  double submit_s = 0.0;
  topology::GpuModelId gpu_model = -1;  ///< the model the job was sized for and must run on
  int gpus = 1;              ///< GPUs held exclusively for the whole run (gang allocation)
  double flops = 0.0;        ///< total floating-point operations
  double utilisation = 0.45; ///< fraction of peak the job sustains (model FLOPs utilisation)
  double dataset_bytes = 0.0;///< data to move from the origin before the job can start
  int priority = 0;          ///< higher goes first under the `priority` queue discipline

  /// Exact run time on `gpus` GPUs of its model: flops / (gpus x peak x utilisation).
  double run_time_s() const;
};

}  // namespace aicn::workloads
