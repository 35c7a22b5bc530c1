#pragma once
/// @file gpu_memory_bandwidth.hpp
/// Each catalogue GPU's memory bandwidth, which bounds LLM decode (docs/serving.md). Kept
/// beside gpu_catalog.hpp rather than in GpuModel so that the widely included catalogue
/// header stays as it is; the table itself is in gpu_catalog.cpp, in the catalogue's order.
#include "aicn/topology/gpu_catalog.hpp"

namespace aicn::topology {

/// On-board memory bandwidth of model `id` (must be valid), bytes/s (gpu_specs.csv mem_bw_gbps).
double gpu_memory_bandwidth_bps(GpuModelId id);

}  // namespace aicn::topology
