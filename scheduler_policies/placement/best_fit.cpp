// best-fit: the node with the least resources left once the task is placed, counted as
// sum_r w_r (free_r - demand_r) / max_r over CPU and GPU with w = 1/2 each, where max_r is the
// largest capacity of r among the pool's nodes (the "Best-fit" baseline of Weng et al., ATC
// 2023, section 6.1, as the FGD simulator's best-fit score plugin weighs it). A resource no
// node models (capacity 0) is left out. On the node, the GPU(s) with the least room that still
// fits (classic best fit), so a share fills a partly used GPU first.
#include <algorithm>

#include "aicn/policy/placement_policy.hpp"

namespace aicn::policy {
namespace {

class BestFit final : public PlacementPolicy {
 public:
  std::optional<NodeChoice> choose(const NodeCluster& cluster, const TaskDemand& task, const TargetWorkload&) override {
    std::int64_t max_cpu = 0, max_gpu = 0;
    for (const NodeState& node : cluster.nodes()) {
      max_cpu = std::max(max_cpu, node.shape.cpu_milli);
      max_gpu = std::max<std::int64_t>(max_gpu, std::int64_t{node.shape.gpus} * kGpuMilli);
    }
    return lowest_score(cluster, task, [&](int, const NodeState& node, const std::vector<int>& gpus) {
      double left = 0.0;
      if (max_cpu > 0) left += 0.5 * static_cast<double>(node.cpu_free_milli - task.cpu_milli) / static_cast<double>(max_cpu);
      if (max_gpu > 0)
        left += 0.5 * static_cast<double>(node.gpu_free_total_milli() - task.total_gpu_milli()) / static_cast<double>(max_gpu);
      return std::pair{left, free_on(node, gpus)};
    });
  }
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_PLACEMENT(aicn::policy::BestFit, "best-fit",
                        "the node with the least CPU and GPU left after placing (weights 1/2, scaled by the largest node), the tightest GPU on it")
