// PLACEMENT_TEMPLATE: a placement policy (inside a site) to copy. Copy this file to
// scheduler_policies/placement/my_rule.cpp (compiled into aicn on the next build), rename the
// class and the registered name, and pick it with `aicn run --placement my-rule` or the
// scenario key `placement: my-rule`. The unit tests compile this file to check that it works.
//
// This example, "template-worst-fit", spreads tasks: the node with the most free GPU
// thousandths that can hold the task, ties to the lowest index; on it the first GPU option
// (NodeCluster::gpu_options: the lowest-index GPUs with room).
#include "aicn/policy/placement_policy.hpp"

namespace {

using aicn::policy::NodeChoice;
using aicn::policy::NodeCluster;
using aicn::policy::NodeState;
using aicn::policy::TargetWorkload;
using aicn::policy::TaskDemand;

class WorstFit final : public aicn::policy::PlacementPolicy {
 public:
  // Optional: a constructor taking a PlacementContext receives the scenario seed, a stream
  // name unique to the pool (aicn::workloads::make_stream(context.seed, context.stream)) and
  // the parameters declared below, checked and with defaults filled in.
  explicit WorstFit(const aicn::policy::PlacementContext& context) : min_free_(context.params.integer("min_free_milli")) {}

  // Called each time a task of the pool may start. Return the node and its GPUs (as many as
  // the task asks, each with room for its share), or nothing to leave the task waiting. The
  // engine checks the choice: one that over-commits a node is an error, not a silent fix.
  std::optional<NodeChoice> choose(const NodeCluster& cluster, const TaskDemand& task, const TargetWorkload&) override {
    // lowest_score visits every node that can hold the task and each distinct GPU choice on
    // it; the lowest score wins, ties to the lowest node. Negate to prefer the most free.
    return aicn::policy::lowest_score(cluster, task, [&](int, const NodeState& node, const std::vector<int>&) {
      const std::int64_t free = node.gpu_free_total_milli();
      return free < min_free_ ? 0 : -free;
    });
  }

 private:
  std::int64_t min_free_;
};

}  // namespace

// Name (what --placement and `placement:` take), the description `aicn policies` prints, and
// the parameters `placement.params` may set (an unknown key or a bad value is an input error).
AICN_REGISTER_PLACEMENT(WorstFit, "template-worst-fit",
                        "example from scheduler_policies/PLACEMENT_TEMPLATE.cpp: the node with the most free GPU",
                        aicn::registry::integer("min_free_milli", "0", "nodes with less free than this count as full").at_least(0))
