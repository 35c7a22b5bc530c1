#pragma once
/// @file placement_policy.hpp
/// Placement inside a site: which node of a pool, and which of its GPUs, a task that a
/// dispatch policy sent to the pool runs on. Pure code (no SimGrid): the engine keeps a
/// NodeCluster per pool and asks the pool's policy each time a task may start.
///
/// Each policy lives in its own file under scheduler_policies/placement/ and registers with
/// AICN_REGISTER_PLACEMENT; `aicn run --placement NAME` or the scenario key `placement:`
/// picks one. scheduler_policies/PLACEMENT_TEMPLATE.cpp is an example to copy.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "aicn/policy/fragmentation.hpp"
#include "aicn/policy/node_cluster.hpp"
#include "aicn/topology/config_node.hpp"
#include "aicn/topology/param_spec.hpp"
#include "aicn/topology/registry.hpp"

namespace aicn::policy {

class PlacementPolicy {
 public:
  virtual ~PlacementPolicy() = default;
  /// The node and GPUs for `task`, or nothing when no node can hold it now. `workload` is the
  /// target workload (the distribution of tasks expected), for policies that weigh the future.
  /// Non-const: a policy may keep state (a random stream).
  virtual std::optional<NodeChoice> choose(const NodeCluster& cluster, const TaskDemand& task,
                                           const TargetWorkload& workload) = 0;
};

/// What a placement policy is built from: the scenario seed, a stream name unique to the pool
/// it serves (so two pools never share draws), and its checked parameters.
struct PlacementContext {
  std::uint64_t seed = 1;
  std::string stream = "placement";
  registry::ParamValues params;
};

class PlacementRegistry final : public registry::Registry<PlacementPolicy, PlacementContext> {
 public:
  static PlacementRegistry& instance();
  /// Checks `params` against the named policy's declaration and builds it.
  std::unique_ptr<PlacementPolicy> make(std::string_view name, std::uint64_t seed, std::string stream,
                                        const config::ConfigNode& params) const;

 private:
  PlacementRegistry() : Registry("placement policy") {}
};

/// The option of lowest score over every node that can hold the task and every distinct GPU
/// choice on it (NodeCluster::gpu_options); ties go to the lowest node index, then the first
/// option. `score(node_index, node, gpus)` returns any ordered type (lower is better).
template <typename Score>
std::optional<NodeChoice> lowest_score(const NodeCluster& cluster, const TaskDemand& task, Score score) {
  std::optional<NodeChoice> best;
  std::optional<std::invoke_result_t<Score, int, const NodeState&, const std::vector<int>&>> best_score;
  for (int n = 0; n < cluster.size(); ++n) {
    const NodeState& node = cluster.node(n);
    if (!node.fits(task)) continue;
    for (std::vector<int>& gpus : NodeCluster::gpu_options(node, task)) {
      auto value = score(n, node, gpus);
      if (!best_score || value < *best_score) {
        best_score = std::move(value);
        best = NodeChoice{n, std::move(gpus)};
      }
    }
  }
  return best;
}

/// Free thousandths now on the GPUs `gpus` of `node` (how tightly an option packs them).
inline std::int64_t free_on(const NodeState& node, const std::vector<int>& gpus) {
  std::int64_t free = 0;
  for (int g : gpus) free += node.gpu_free_milli[static_cast<std::size_t>(g)];
  return free;
}

/// Helper for AICN_REGISTER_PLACEMENT: builds the policy with a (PlacementContext) or default constructor.
template <typename Policy>
std::unique_ptr<PlacementPolicy> make_placement(const PlacementContext& context) {
  if constexpr (std::is_constructible_v<Policy, const PlacementContext&>)
    return std::make_unique<Policy>(context);
  else
    return std::make_unique<Policy>();
}

}  // namespace aicn::policy

/// Registers `Class` as the placement policy `name` with a one-line `description` and its
/// declared parameters (registry::number(...), ...; none: any `placement.params` key is an error).
#define AICN_REGISTER_PLACEMENT(Class, name, description, ...)                                    \
  namespace {                                                                                    \
  [[maybe_unused]] const bool AICN_REGISTRY_CONCAT(aicn_placement_registered_, __LINE__) =        \
      ::aicn::policy::PlacementRegistry::instance().add(                                         \
          {name, description, std::vector<::aicn::registry::ParamSpec>{__VA_ARGS__},            \
           &::aicn::policy::make_placement<Class>});                                             \
  }
