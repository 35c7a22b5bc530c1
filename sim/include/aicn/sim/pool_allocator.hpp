#pragma once
/// @file pool_allocator.hpp
/// What a SiteRuntime pool allocates GPUs with. Pure code, no SimGrid.
///
/// Two kinds: the pool's built-in best-fit GpuAllocator (the default; a job bigger than a
/// server spreads over servers, see gpu_allocator.hpp), or a NodePoolAllocator that keeps
/// every node's CPU, memory and per-GPU shares (policy/node_cluster.hpp) and asks a placement
/// policy (policy/placement_policy.hpp, scenario key `placement`) which node and GPUs a job
/// gets. The second never spreads a job over servers unless it is a gang of whole servers.
#include <memory>
#include <optional>
#include <string>

#include "aicn/policy/fragmentation.hpp"
#include "aicn/policy/node_cluster.hpp"
#include "aicn/policy/placement_policy.hpp"
#include "aicn/sim/gpu_allocator.hpp"
#include "aicn/workloads/job.hpp"

namespace aicn::sim {

/// A node pool's state for the trace and summary, in GPUs (results::PlacementSample).
struct PlacementFigures {
  double requested_gpus = 0.0;  ///< asked by the jobs that reached the pool so far
  double allocated_gpus = 0.0;
  double fragmented_gpus = 0.0;  ///< for the pool's target workload
  double total_gpus = 0.0;
};

class PoolAllocator {
 public:
  virtual ~PoolAllocator() = default;
  /// True when the job could start now (asks no policy and draws no random number).
  virtual bool can_start(const workloads::Job& job) const = 0;
  /// Allocates for the job; empty when it cannot start now.
  virtual Allocation allocate(const workloads::Job& job) = 0;
  /// Gives back an allocation made by allocate().
  virtual void release(const Allocation& allocation) = 0;
  /// A job has been sent to this pool: it joins the target workload of policies that weigh it.
  virtual void job_arrived(const workloads::Job&) {}
  /// GPUs with nothing on them (a GPU holding a share counts as busy).
  virtual int free_gpus() const = 0;
  virtual int total_gpus() const = 0;
  /// GPUs' worth of compute held now: whole GPUs, and each share as its thousandths (a GPU
  /// with shares of 300 and 200 counts 0.5). Power and revenue follow this, not free_gpus().
  virtual double allocated_gpus() const = 0;
  /// Most whole GPUs a single job could get right now.
  virtual int largest_allocatable() const = 0;
  /// Node pools: requested, allocated and fragmented GPUs now; nothing for the built-in pools.
  virtual std::optional<PlacementFigures> placement_figures() const { return std::nullopt; }
};

/// The built-in best-fit pool of `servers` uniform servers (GpuAllocator).
std::unique_ptr<PoolAllocator> make_best_fit_pool(int servers, int gpus_per_server);

/// What a task of `job` asks of one node: its CPU and memory, and a share or whole GPUs.
policy::TaskDemand task_demand(const workloads::Job& job);

/// A pool of nodes placed by a placement policy.
class NodePoolAllocator final : public PoolAllocator {
 public:
  NodePoolAllocator(policy::NodeCluster cluster, std::unique_ptr<policy::PlacementPolicy> placement);

  bool can_start(const workloads::Job& job) const override;
  Allocation allocate(const workloads::Job& job) override;
  void release(const Allocation& allocation) override;
  void job_arrived(const workloads::Job& job) override;
  std::optional<PlacementFigures> placement_figures() const override;
  int free_gpus() const override { return cluster_.fully_free_gpus(); }
  int total_gpus() const override { return cluster_.total_gpus(); }
  double allocated_gpus() const override { return static_cast<double>(cluster_.gpu_used_milli()) / policy::kGpuMilli; }
  int largest_allocatable() const override;

  const policy::NodeCluster& cluster() const { return cluster_; }
  const policy::TargetWorkload& target_workload() const { return workload_; }

 private:
  /// A job asking more GPUs than its largest node holds: a gang over whole idle servers.
  bool is_gang(const workloads::Job& job) const { return job.gpus > max_node_gpus_; }
  /// The idle nodes a gang of `gpus` GPUs takes (lowest index first), or none.
  std::vector<int> gang_nodes(const policy::TaskDemand& task) const;

  policy::NodeCluster cluster_;
  std::unique_ptr<policy::PlacementPolicy> placement_;
  policy::TargetWorkload workload_;
  int max_node_gpus_ = 0;
  double requested_gpus_ = 0.0;
};

}  // namespace aicn::sim
