#pragma once
/// @file node_cluster.hpp
/// The servers (nodes) of one pool, each with CPU, memory and GPUs, and what is free on each:
/// the state a placement policy reads. Pure code, no SimGrid.
///
/// A task asks one node for CPU (millicores), memory (MiB) and GPUs: none, a share of one GPU
/// in thousandths (`gpus == 1`, `gpu_milli < 1000`), or `gpus` whole GPUs. GPU shares on one
/// GPU sum to at most 1000; a whole GPU must be entirely free. A capacity of 0 CPU or memory
/// means "not modelled" (uniform layout pools state none): such a node never runs short of it.
/// Integer thousandths keep allocation and release exact.
#include <compare>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "aicn/topology/gpu_catalog.hpp"

namespace aicn::policy {

inline constexpr int kGpuMilli = 1000;

/// One kind of server: CPU, memory and GPUs.
struct NodeShape {
  std::int64_t cpu_milli = 0;   ///< 0 = CPU not modelled (never short of it)
  std::int64_t memory_mib = 0;  ///< 0 = memory not modelled
  int gpus = 0;
  topology::GpuModelId gpu_model = -1;
};

/// What a task asks of the one node it runs on.
struct TaskDemand {
  std::int64_t cpu_milli = 0;
  std::int64_t memory_mib = 0;
  int gpus = 0;              ///< 0 = a CPU-only task
  int gpu_milli = kGpuMilli; ///< per GPU; below 1000 only for a share of one GPU (gpus == 1)
  /// Models the task may run on; empty = any.
  std::vector<topology::GpuModelId> models;

  bool is_share() const { return gpus == 1 && gpu_milli < kGpuMilli; }
  /// Thousandths of a GPU asked for in all: gpus x 1000, or the share.
  std::int64_t total_gpu_milli() const { return is_share() ? gpu_milli : std::int64_t{gpus} * kGpuMilli; }
  /// The GPU request alone, the key of gpu-clustering and of the target workload's classes.
  std::pair<int, int> gpu_request() const { return {gpus, gpus == 0 ? 0 : gpu_milli}; }
};

/// One node and what is free on it now.
struct NodeState {
  NodeShape shape;
  std::int64_t cpu_free_milli = 0;
  std::int64_t memory_free_mib = 0;
  std::vector<int> gpu_free_milli;  ///< per GPU, 0..1000
  int tasks = 0;                    ///< tasks running here
  /// Tasks running here by GPU request (gpus, milli per GPU); gpu-clustering reads it.
  std::map<std::pair<int, int>, int> hosted;

  explicit NodeState(const NodeShape& shape);
  std::int64_t gpu_free_total_milli() const;
  int fully_free_gpus() const;
  bool cpu_fits(std::int64_t cpu_milli) const { return shape.cpu_milli == 0 || cpu_free_milli >= cpu_milli; }
  bool memory_fits(std::int64_t memory_mib) const { return shape.memory_mib == 0 || memory_free_mib >= memory_mib; }
  /// The node's GPU model is one the task accepts.
  bool accessible(const TaskDemand& task) const;
  /// CPU, memory, model and GPUs all allow the task here now.
  bool fits(const TaskDemand& task) const;
};

/// Where a task goes: a node and the GPUs of that node it uses (indices; none for CPU-only).
struct NodeChoice {
  int node = -1;
  std::vector<int> gpus;
  friend bool operator==(const NodeChoice&, const NodeChoice&) = default;
};

class NodeCluster {
 public:
  /// Adds `count` nodes of `shape`; returns the index of the first.
  int add_nodes(const NodeShape& shape, int count);
  const std::vector<NodeState>& nodes() const { return nodes_; }
  const NodeState& node(int index) const { return nodes_.at(static_cast<std::size_t>(index)); }
  int size() const { return static_cast<int>(nodes_.size()); }

  /// The distinct ways to give the task GPUs on `node` (empty when it does not fit). A share:
  /// each partly used GPU with room, and the lowest-index fully free GPU (fully free GPUs are
  /// alike). Whole GPUs: the lowest-index fully free ones. CPU-only: one empty set.
  static std::vector<std::vector<int>> gpu_options(const NodeState& node, const TaskDemand& task);
  /// The node as it would be with the task placed on `gpus`.
  static NodeState after(const NodeState& node, const std::vector<int>& gpus, const TaskDemand& task);

  /// Places the task; std::logic_error when it does not fit there.
  void apply(const NodeChoice& choice, const TaskDemand& task);
  /// Gives back what apply() took; std::logic_error when it was not held.
  void release(const NodeChoice& choice, const TaskDemand& task);

  std::int64_t gpu_total_milli() const { return gpu_total_milli_; }
  std::int64_t gpu_used_milli() const { return gpu_used_milli_; }
  int total_gpus() const { return total_gpus_; }
  /// GPUs with nothing on them.
  int fully_free_gpus() const { return fully_free_gpus_; }

 private:
  static void take(NodeState& node, const std::vector<int>& gpus, const TaskDemand& task);
  std::vector<NodeState> nodes_;
  std::int64_t gpu_total_milli_ = 0;
  std::int64_t gpu_used_milli_ = 0;
  int total_gpus_ = 0;
  int fully_free_gpus_ = 0;
};

}  // namespace aicn::policy
