// first-fit: the first node, in index order, that can hold the task; on it the lowest-index
// GPU(s) with room. The plain Kubernetes-style baseline of the FGD study's simulator
// (hkust-adsl/kubernetes-scheduler-simulator, "first-fit" score plugin): it packs the low
// nodes and leaves the high ones untouched.
#include "aicn/policy/placement_policy.hpp"

namespace aicn::policy {
namespace {

class FirstFit final : public PlacementPolicy {
 public:
  std::optional<NodeChoice> choose(const NodeCluster& cluster, const TaskDemand& task, const TargetWorkload&) override {
    // Every option scores the same: the lowest node and its first (lowest-index) option win.
    return lowest_score(cluster, task, [](int, const NodeState&, const std::vector<int>&) { return 0; });
  }
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_PLACEMENT(aicn::policy::FirstFit, "first-fit",
                        "the first node in index order that can hold the task, its lowest-index GPUs with room")
