#include "aicn/topology/gpu_catalog.hpp"

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
