#include "aicn/results/placement_curve.hpp"

#include <cstdio>
#include <string>

namespace aicn::results {

void PlacementCurve::add(double now_s, const PlacementSample& sample) {
  if (ticks_.empty() || ticks_.back().time_s != now_s) ticks_.push_back({now_s, PlacementSample{}});
  PlacementSample& total = ticks_.back().total;
  total.requested_gpus += sample.requested_gpus;
  total.allocated_gpus += sample.allocated_gpus;
  total.fragmented_gpus += sample.fragmented_gpus;
  total.total_gpus += sample.total_gpus;
}

namespace {

double ratio(double part, double whole) { return whole > 0.0 ? part / whole : 0.0; }

}  // namespace

nlohmann::ordered_json PlacementCurve::to_json() const {
  nlohmann::ordered_json json;
  if (ticks_.empty()) return json;
  const PlacementSample& last = ticks_.back().total;
  json["samples"] = ticks_.size();
  json["requested_load"] = ratio(last.requested_gpus, last.total_gpus);
  json["allocation_rate"] = ratio(last.allocated_gpus, last.total_gpus);
  json["fragmentation_rate"] = ratio(last.fragmented_gpus, last.total_gpus);
  nlohmann::ordered_json allocation = nlohmann::ordered_json::object();
  nlohmann::ordered_json fragmentation = nlohmann::ordered_json::object();
  for (int load : kLoadsPct) {
    const std::string key = std::to_string(load);
    allocation[key] = nullptr;
    fragmentation[key] = nullptr;
    for (const Tick& tick : ticks_) {
      if (ratio(tick.total.requested_gpus, tick.total.total_gpus) * 100.0 < load) continue;
      allocation[key] = ratio(tick.total.allocated_gpus, tick.total.total_gpus);
      fragmentation[key] = ratio(tick.total.fragmented_gpus, tick.total.total_gpus);
      break;
    }
  }
  json["allocation_at_load"] = allocation;
  json["fragmentation_at_load"] = fragmentation;
  return json;
}

std::string PlacementCurve::to_table() const {
  if (ticks_.empty()) return "";
  const PlacementSample& last = ticks_.back().total;
  char line[160];
  std::snprintf(line, sizeof line, "Placement: requested %.1f %% of GPUs, allocated %.2f %%, fragmented %.2f %%\n",
                100.0 * ratio(last.requested_gpus, last.total_gpus), 100.0 * ratio(last.allocated_gpus, last.total_gpus),
                100.0 * ratio(last.fragmented_gpus, last.total_gpus));
  return line;
}

}  // namespace aicn::results
