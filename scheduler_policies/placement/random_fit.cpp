// random: a node drawn uniformly among those that can hold the task (the "Random-fit"
// baseline of Weng et al., ATC 2023, section 6.1); a share goes to a GPU drawn uniformly among
// that node's GPUs with room, whole GPUs to the node's lowest-index fully free GPUs (fully free
// GPUs are alike). Draws come from the scenario seed's stream for this pool
// ("placement/<site>/<pool>"), so runs repeat exactly.
#include <boost/random/uniform_int_distribution.hpp>

#include "aicn/policy/placement_policy.hpp"
#include "aicn/workloads/random_streams.hpp"

namespace aicn::policy {
namespace {

class RandomFit final : public PlacementPolicy {
 public:
  explicit RandomFit(const PlacementContext& context) : stream_(workloads::make_stream(context.seed, context.stream)) {}

  std::optional<NodeChoice> choose(const NodeCluster& cluster, const TaskDemand& task, const TargetWorkload&) override {
    std::vector<int> feasible;
    for (int n = 0; n < cluster.size(); ++n)
      if (cluster.node(n).fits(task)) feasible.push_back(n);
    if (feasible.empty()) return std::nullopt;
    const int node = feasible[draw(feasible.size())];
    const NodeState& state = cluster.node(node);
    if (!task.is_share()) return NodeChoice{node, NodeCluster::gpu_options(state, task).front()};
    std::vector<int> with_room;
    for (int g = 0; g < state.shape.gpus; ++g)
      if (state.gpu_free_milli[static_cast<std::size_t>(g)] >= task.gpu_milli) with_room.push_back(g);
    return NodeChoice{node, {with_room[draw(with_room.size())]}};
  }

 private:
  std::size_t draw(std::size_t count) {
    boost::random::uniform_int_distribution<std::size_t> pick(0, count - 1);
    return pick(stream_);
  }
  workloads::RandomEngine stream_;
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_PLACEMENT(aicn::policy::RandomFit, "random",
                        "a node drawn uniformly among those that can hold the task (seeded), a random GPU with room for a share")
