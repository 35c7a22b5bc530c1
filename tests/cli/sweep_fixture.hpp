#pragma once
// The small sweep of the sweep tests: a 6-hour tiny-3site scenario (runs take milliseconds),
// two policies x two layout overlays (as-is, and west-b's H800 pool doubled from 128 to 256).
#include <filesystem>
#include <fstream>
#include <string>

namespace sweep_fixture {

inline const char* kBase = R"(name: sweep-tiny
seed: 1
horizon: 6h
sample_interval: 1h
layout: tiny-3site
workload:
  source: poisson-training
  arrivals_per_hour: 6
  origins: {EAST: 1}
  gpu_models: {A100-80GB: 0.6, H800: 0.4}
  parameters: {median: 1.0e9, sigma: 1.0, min: 1.0e8, max: 7.0e10}
  tokens: {median: 1.0e10, sigma: 1.0, min: 1.0e9, max: 1.0e12}
  target_duration: {median: 4h, sigma: 0.5, min: 30min, max: 2d}
  max_gpus: 128
policy: local-first
)";

/// The sweep file text for `seeds` (e.g. "1-2").
inline std::string grid(const std::string& seeds) {
  return "name: grid\nbase: base.yaml\nseeds: " + seeds +
         "\nreference: {policy.name: local-first, layout.patch: as-is}\n"
         "axes:\n"
         "  policy.name: [local-first, least-loaded]\n"
         "  layout.patch:\n"
         "    - {label: as-is, value: []}\n"
         "    - label: west-b-x2\n"
         "      value:\n"
         "        - scale_pool: {site: west-b, gpu: H800, factor: 2}\n";
}

inline void write(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

}  // namespace sweep_fixture
