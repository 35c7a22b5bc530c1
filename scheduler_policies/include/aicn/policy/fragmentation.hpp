#pragma once
/// @file fragmentation.hpp
/// GPU fragmentation as defined by Weng et al., "Beware of Fragmentation: Scheduling
/// GPU-Sharing Workloads with Fragmentation Gradient Descent" (USENIX ATC 2023), section 4.
///
/// Fragmentation is always relative to a task. The free GPU capacity of node n is fragmented
/// for task m where m cannot use it:
///   - if m cannot run on n at all (too little CPU, no GPU with room for it, too few GPUs,
///     a GPU model it does not accept), every free thousandth of n's GPUs is a fragment;
///   - if m asks for no GPU, likewise every free thousandth (m cannot use any of them);
///   - otherwise the fragments are the free thousandths of those GPUs whose free part is
///     smaller than what m asks of one GPU (min(request, 1 GPU)).
/// A node's fragmentation for a target workload M, a distribution of task classes with
/// popularity p_m, is the expectation F_n(M) = sum_m p_m F_n(m); a cluster's is the sum over
/// its nodes. Values are in GPU thousandths. As in the paper, CPU and GPU decide whether a
/// task can run; memory does not enter the measure.
#include <cstdint>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include "aicn/policy/node_cluster.hpp"

namespace aicn::policy {

/// F_n(m): thousandths of the node's free GPU capacity that task m cannot use.
std::int64_t node_fragmentation(const NodeState& node, const TaskDemand& task);

/// The target workload: task classes by GPU request and CPU request, with weights (counts).
/// Classes are kept by GPU request (gpus, milli per GPU) and, inside, by CPU request, so that
/// F_n(M) costs one pass over the GPU requests and a binary search on CPU, not one pass per
/// class.
class TargetWorkload {
 public:
  /// Counts one more task like `task` (its CPU and GPU request; memory and models are not
  /// part of a class).
  void add(const TaskDemand& task, double weight = 1.0);
  double total_weight() const { return total_weight_; }
  bool empty() const { return total_weight_ <= 0.0; }
  /// F_n(M) in thousandths (0 for an empty workload).
  double node_fragmentation(const NodeState& node) const;
  /// The classes, for listings: (gpus, milli per GPU, CPU millicores) -> weight.
  std::map<std::tuple<int, int, std::int64_t>, double> classes() const;

 private:
  struct GpuClass {
    std::map<std::int64_t, double> by_cpu;  ///< CPU request -> weight
    double weight = 0.0;
    // Cache: CPU requests ascending and the weight of requests <= each (rebuilt when stale).
    mutable std::vector<std::int64_t> cpu_sorted;
    mutable std::vector<double> weight_up_to;
    mutable bool stale = true;
    double weight_fitting_cpu(std::int64_t cpu_free, bool cpu_modelled) const;
  };
  std::map<std::pair<int, int>, GpuClass> classes_;
  double total_weight_ = 0.0;
};

/// F_N(M) = sum over the cluster's nodes of F_n(M), thousandths.
double cluster_fragmentation(const NodeCluster& cluster, const TargetWorkload& workload);

}  // namespace aicn::policy
