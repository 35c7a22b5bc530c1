#include "aicn/topology/gpu_catalog.hpp"

#include "aicn/topology/gpu_memory_bandwidth.hpp"

#include <array>

namespace aicn::topology {
namespace {

// From gpu_specs.csv. The L20 row has no TDP in the source table: 275 W is its published
// board power. Ascend 910B figures disagree across sources; the csv's own guidance is used:
// "treat as ~300 TFLOPS, 64 GB, ~400 W".
const std::array<GpuModel, 9> kCatalog{{
    {"A100-80GB", 312e12, 80e9, 400.0},
    {"A800-80GB", 312e12, 80e9, 400.0},
    {"H100", 989e12, 80e9, 700.0},
    {"H800", 989e12, 80e9, 700.0},
    {"H20", 148e12, 96e9, 400.0},
    {"H200", 989e12, 141e9, 700.0},
    {"L40S", 362e12, 48e9, 350.0},
    {"L20", 119.5e12, 48e9, 275.0},
    {"Ascend-910B", 300e12, 64e9, 400.0},
}};

// Memory bandwidth, bytes/s, in kCatalog's order: the csv's mem_bw_gbps (SXM rows). The
// Ascend 910B's (400-1600 GB/s in the csv, uncertain) is taken as 1600 GB/s.
const std::array<double, kCatalog.size()> kMemoryBandwidthBps{
    2039e9, 2039e9, 3350e9, 3350e9, 4000e9, 4800e9, 864e9, 864e9, 1600e9,
};

}  // namespace

double gpu_memory_bandwidth_bps(GpuModelId id) { return kMemoryBandwidthBps.at(static_cast<std::size_t>(id)); }

std::span<const GpuModel> gpu_catalog() { return kCatalog; }

GpuModelId find_gpu_model(std::string_view name) {
  for (std::size_t i = 0; i < kCatalog.size(); ++i)
    if (kCatalog[i].name == name) return static_cast<GpuModelId>(i);
  return -1;
}

const GpuModel& gpu_model(GpuModelId id) { return kCatalog.at(static_cast<std::size_t>(id)); }

std::string gpu_model_names() {
  std::string names;
  for (const auto& model : kCatalog) names += (names.empty() ? "" : ", ") + model.name;
  return names;
}

}  // namespace aicn::topology
