#pragma once
/// @file gpu_catalog.hpp
/// The GPU models a site may hold, with the figures the simulator needs. Values come from
/// ../shared/data/gpu_specs/gpu_specs.csv (dense, no-sparsity tensor throughput).
#include <span>
#include <string>
#include <string_view>

namespace aicn::topology {

/// Index of a model in gpu_catalog(); stable for the life of the process.
using GpuModelId = int;

struct GpuModel {
  std::string name;             ///< catalogue name used in input files, e.g. "A100-80GB"
  double peak_fp16_flops;       ///< dense FP16/BF16 tensor peak, FLOP/s
  double memory_bytes;          ///< on-board memory
  double tdp_w;                 ///< board power
};

/// Every known model, in a fixed order.
std::span<const GpuModel> gpu_catalog();
/// The id of `name`, or -1 when it is not in the catalogue.
GpuModelId find_gpu_model(std::string_view name);
/// The model with id `id` (must be valid).
const GpuModel& gpu_model(GpuModelId id);
/// Comma-separated names, for error messages.
std::string gpu_model_names();

}  // namespace aicn::topology
