// gpu-packing: the "GpuPacking" baseline of Weng et al., ATC 2023, section 6.1 (after the
// packing used in Alibaba's production GPU sharing): first put the task on GPUs that already
// hold shares (then the option whose GPUs have the least room left); failing that, on fully
// free GPUs of a node already in use (then the node with the fewest free GPU thousandths);
// only then on an idle node (then the node with the fewest GPUs, keeping big nodes whole).
// A node is "in use" when one of its GPUs is partly or wholly allocated. CPU-only tasks go to
// the first node that can hold them.
#include <tuple>

#include "aicn/policy/placement_policy.hpp"

namespace aicn::policy {
namespace {

class GpuPacking final : public PlacementPolicy {
 public:
  std::optional<NodeChoice> choose(const NodeCluster& cluster, const TaskDemand& task, const TargetWorkload&) override {
    return lowest_score(cluster, task, [&](int, const NodeState& node, const std::vector<int>& gpus) {
      if (task.gpus == 0) return std::tuple<int, std::int64_t>{0, 0};
      bool all_used = true;
      for (int g : gpus) all_used = all_used && node.gpu_free_milli[static_cast<std::size_t>(g)] < kGpuMilli;
      if (all_used) return std::tuple<int, std::int64_t>{0, free_on(node, gpus)};
      if (node.fully_free_gpus() < node.shape.gpus) return std::tuple<int, std::int64_t>{1, node.gpu_free_total_milli()};
      return std::tuple<int, std::int64_t>{2, node.shape.gpus};
    });
  }
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_PLACEMENT(aicn::policy::GpuPacking, "gpu-packing",
                        "GPUs already shared first, then free GPUs on nodes in use, then idle nodes (smallest first)")
