// fgd: Fragmentation Gradient Descent (Weng et al., "Beware of Fragmentation", USENIX ATC
// 2023, section 5): place the task where the cluster's expected GPU fragmentation for the
// target workload grows least. For every node that can hold the task and every distinct GPU
// choice on it, the score is F_n'(M) - F_n(M), the node's fragmentation (fragmentation.hpp)
// after the placement minus before; the smallest wins (ties: lowest node, first option). Only
// the chosen node changes, so the node's difference is the cluster's. With an empty target
// workload every difference is 0 and fgd is first-fit.
#include "aicn/policy/placement_policy.hpp"

namespace aicn::policy {
namespace {

class Fgd final : public PlacementPolicy {
 public:
  std::optional<NodeChoice> choose(const NodeCluster& cluster, const TaskDemand& task, const TargetWorkload& workload) override {
    int last_node = -1;
    double before = 0.0;
    return lowest_score(cluster, task, [&](int n, const NodeState& node, const std::vector<int>& gpus) {
      if (n != last_node) {  // the options of one node come together: F_n(M) once per node
        last_node = n;
        before = workload.node_fragmentation(node);
      }
      return workload.node_fragmentation(NodeCluster::after(node, gpus, task)) - before;
    });
  }
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_PLACEMENT(aicn::policy::Fgd, "fgd",
                        "fragmentation gradient descent: the node and GPUs where the expected fragmentation for the target workload grows least")
