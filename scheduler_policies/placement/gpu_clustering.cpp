// gpu-clustering: the "GpuClustering" baseline of Weng et al., ATC 2023, section 6.1: keep
// tasks of the same GPU request together and apart from other requests. A node is preferred
// when every GPU task it runs asks what this one asks (same GPU count and share), then when it
// runs such tasks among others, then when it runs no GPU task, and last when it runs only
// other requests; within a class, the node with the fewest free GPU thousandths (packing).
// CPU-only tasks go to the first node that can hold them. On the node, the GPU(s) with the
// least room that still fits.
#include <tuple>

#include "aicn/policy/placement_policy.hpp"

namespace aicn::policy {
namespace {

class GpuClustering final : public PlacementPolicy {
 public:
  std::optional<NodeChoice> choose(const NodeCluster& cluster, const TaskDemand& task, const TargetWorkload&) override {
    const auto request = task.gpu_request();
    return lowest_score(cluster, task, [&](int, const NodeState& node, const std::vector<int>& gpus) {
      if (task.gpus == 0) return std::tuple<int, std::int64_t, std::int64_t>{0, 0, 0};
      int same = 0, other = 0;
      for (const auto& [hosted, count] : node.hosted) {
        if (hosted.first == 0) continue;  // CPU-only tasks have no GPU request to cluster
        (hosted == request ? same : other) += count;
      }
      const int rank = same > 0 ? (other == 0 ? 0 : 1) : (other == 0 ? 2 : 3);
      return std::tuple<int, std::int64_t, std::int64_t>{rank, node.gpu_free_total_milli(), free_on(node, gpus)};
    });
  }
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_PLACEMENT(aicn::policy::GpuClustering, "gpu-clustering",
                        "nodes running only the same GPU request first, then mixed, then idle, then other requests; packed within")
