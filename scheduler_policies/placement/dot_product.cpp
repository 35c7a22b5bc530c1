// dot-product: Tetris's alignment score (Grandl et al., SIGCOMM 2014) as the FGD study uses
// it as a baseline ("DotProd", Weng et al., ATC 2023, section 6.1): the node whose free
// resources have the smallest dot product with the task's demand, both vectors over CPU,
// memory and GPU thousandths divided by that node's capacity and the product divided by the
// number of resources counted (a resource the node does not model is left out). Small
// products mean the node has little left where the task asks much, so tasks pack. On the node,
// the GPU(s) with the least room that still fits.
#include "aicn/policy/placement_policy.hpp"

namespace aicn::policy {
namespace {

class DotProduct final : public PlacementPolicy {
 public:
  std::optional<NodeChoice> choose(const NodeCluster& cluster, const TaskDemand& task, const TargetWorkload&) override {
    return lowest_score(cluster, task, [&](int, const NodeState& node, const std::vector<int>& gpus) {
      double product = 0.0;
      int dims = 0;
      const auto term = [&](double free, double demand, double capacity) {
        if (capacity <= 0.0) return;
        product += (free / capacity) * (demand / capacity);
        ++dims;
      };
      term(static_cast<double>(node.cpu_free_milli), static_cast<double>(task.cpu_milli), static_cast<double>(node.shape.cpu_milli));
      term(static_cast<double>(node.memory_free_mib), static_cast<double>(task.memory_mib), static_cast<double>(node.shape.memory_mib));
      term(static_cast<double>(node.gpu_free_total_milli()), static_cast<double>(task.total_gpu_milli()),
           static_cast<double>(node.shape.gpus) * kGpuMilli);
      return std::pair{dims == 0 ? 0.0 : product / dims, free_on(node, gpus)};
    });
  }
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_PLACEMENT(aicn::policy::DotProduct, "dot-product",
                        "Tetris alignment: the node whose free CPU, memory and GPU (over its capacity) has the smallest dot product with the demand")
