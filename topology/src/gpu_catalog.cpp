#include "aicn/topology/gpu_catalog.hpp"

#include <array>

namespace aicn::topology {
namespace {

// From gpu_specs.csv. The L20 row has no TDP in the source table: 275 W is its published
// board power. Ascend 910B figures disagree across sources; the csv's own guidance is used:
// "treat as ~300 TFLOPS, 64 GB, ~400 W"; its memory bandwidth (400-1600 GB/s in the csv,
// uncertain) is taken as 1600 GB/s. Memory bandwidth: the csv's mem_bw_gbps (SXM rows).
const std::array<GpuModel, 9> kCatalog{{
    {"A100-80GB", 312e12, 80e9, 400.0, 2039e9},
    {"A800-80GB", 312e12, 80e9, 400.0, 2039e9},
    {"H100", 989e12, 80e9, 700.0, 3350e9},
    {"H800", 989e12, 80e9, 700.0, 3350e9},
    {"H20", 148e12, 96e9, 400.0, 4000e9},
    {"H200", 989e12, 141e9, 700.0, 4800e9},
    {"L40S", 362e12, 48e9, 350.0, 864e9},
    {"L20", 119.5e12, 48e9, 275.0, 864e9},
    {"Ascend-910B", 300e12, 64e9, 400.0, 1600e9},
}};

}  // namespace

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
