// Replica lifetimes of a persistent deployment from its requests' demand (serving_plan.hpp).
#include "aicn/workloads/serving_plan.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "aicn/topology/checked_number.hpp"

namespace aicn::workloads {

std::vector<ReplicaLifetime> plan_replicas(std::span<const ServingRequest> requests, const ReplicaRoofline& roofline,
                                           const ScalingRule& rule) {
  if (requests.empty()) return {};
  if (!(rule.interval_s > 0.0 && rule.target_load > 0.0)) throw std::invalid_argument("plan_replicas: bad scaling rule");
  const double last_s = std::max(0.0, requests.back().arrival_s);
  const auto intervals = checked::narrow<std::size_t>(std::floor(last_s / rule.interval_s) + 1.0, "serving intervals");
  std::vector<double> flops(intervals, 0.0), slots(intervals, 0.0);
  std::vector<bool> busy(intervals, false);
  for (const ServingRequest& request : requests) {
    const auto k = std::min(intervals - 1, checked::narrow<std::size_t>(std::floor(std::max(0.0, request.arrival_s) / rule.interval_s),
                                                                         "serving interval"));
    flops[k] += 2.0 * roofline.parameters * (request.prompt_tokens + request.output_tokens);
    slots[k] += (roofline.prefill_s(request.prompt_tokens) + request.output_tokens * roofline.step_s(1)) / rule.interval_s;
    busy[k] = true;
  }
  std::vector<int> needed(intervals, 0);
  const double per_replica_flops = rule.interval_s * roofline.compute_flops_per_s() * rule.target_load;
  const double per_replica_slots = std::max(1, roofline.batch_slots) * rule.target_load;
  int most = 0;
  for (std::size_t k = 0; k < intervals; ++k) {
    const double want = std::max(std::ceil(flops[k] / per_replica_flops), std::ceil(slots[k] / per_replica_slots));
    needed[k] = busy[k] ? std::max(1, checked::narrow<int>(want, "replicas an interval needs")) : 0;
    most = std::max(most, needed[k]);
  }
  std::vector<std::pair<int, ReplicaLifetime>> lifetimes;  // (replica index, lifetime)
  for (int i = 0; i < most; ++i) {
    ReplicaLifetime open{};
    bool is_open = false;
    for (std::size_t k = 0; k < intervals; ++k) {
      if (needed[k] <= i) continue;
      const double from = static_cast<double>(k) * rule.interval_s;
      if (is_open && from - open.end_s >= rule.keep_s) {
        lifetimes.emplace_back(i, open);
        is_open = false;
      }
      if (!is_open) open = {from, from, 0.0}, is_open = true;
      open.end_s = from + rule.interval_s;
      open.flops += flops[k] / needed[k];  // the interval's work, shared by its replicas
    }
    if (is_open) lifetimes.emplace_back(i, open);
  }
  std::stable_sort(lifetimes.begin(), lifetimes.end(), [](const auto& a, const auto& b) {
    return a.second.start_s != b.second.start_s ? a.second.start_s < b.second.start_s : a.first < b.first;
  });
  std::vector<ReplicaLifetime> out;
  out.reserve(lifetimes.size());
  for (const auto& [index, lifetime] : lifetimes) out.push_back(lifetime);
  return out;
}

}  // namespace aicn::workloads
