#include "aicn/policy/fragmentation.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

namespace aicn::policy {

namespace {

// What the node's GPUs offer a task asking `gpus` GPUs of `milli` each: whether enough GPUs
// have room, and the free thousandths on GPUs with less room than `milli`.
struct GpuFit {
  bool enough = false;
  std::int64_t too_small = 0;
};

GpuFit gpu_fit(const NodeState& node, int gpus, int milli) {
  GpuFit fit;
  int usable = 0;
  for (int free : node.gpu_free_milli) {
    if (free >= milli) ++usable;
    else fit.too_small += free;
  }
  fit.enough = usable >= gpus;
  return fit;
}

}  // namespace

std::int64_t node_fragmentation(const NodeState& node, const TaskDemand& task) {
  const std::int64_t free_total = node.gpu_free_total_milli();
  if (task.gpus == 0) return free_total;  // a CPU-only task can use none of it
  if (!node.cpu_fits(task.cpu_milli) || !node.accessible(task)) return free_total;
  const GpuFit fit = gpu_fit(node, task.gpus, task.gpu_milli);
  return fit.enough ? fit.too_small : free_total;
}

void TargetWorkload::add(const TaskDemand& task, double weight) {
  if (!(weight > 0.0)) throw std::invalid_argument("a target workload class needs a positive weight");
  GpuClass& gpu_class = classes_[task.gpu_request()];
  gpu_class.by_cpu[task.cpu_milli] += weight;
  gpu_class.weight += weight;
  gpu_class.stale = true;
  total_weight_ += weight;
}

double TargetWorkload::GpuClass::weight_fitting_cpu(std::int64_t cpu_free, bool cpu_modelled) const {
  if (!cpu_modelled) return weight;
  if (stale) {
    cpu_sorted.clear();
    weight_up_to.clear();
    double sum = 0.0;
    for (const auto& [cpu, w] : by_cpu) {
      sum += w;
      cpu_sorted.push_back(cpu);
      weight_up_to.push_back(sum);
    }
    stale = false;
  }
  // Classes asking at most cpu_free fit: the last CPU request <= cpu_free.
  const auto past = std::upper_bound(cpu_sorted.begin(), cpu_sorted.end(), cpu_free);
  if (past == cpu_sorted.begin()) return 0.0;
  return weight_up_to[static_cast<std::size_t>(past - cpu_sorted.begin() - 1)];
}

double TargetWorkload::node_fragmentation(const NodeState& node) const {
  if (empty()) return 0.0;
  const auto free_total = static_cast<double>(node.gpu_free_total_milli());
  if (free_total == 0.0) return 0.0;
  double expected = 0.0;
  for (const auto& [request, gpu_class] : classes_) {
    const auto [gpus, milli] = request;
    if (gpus == 0) {
      expected += gpu_class.weight * free_total;
      continue;
    }
    const GpuFit fit = gpu_fit(node, gpus, milli);
    if (!fit.enough) {
      expected += gpu_class.weight * free_total;
      continue;
    }
    const double fitting = gpu_class.weight_fitting_cpu(node.cpu_free_milli, node.shape.cpu_milli != 0);
    expected += fitting * static_cast<double>(fit.too_small) + (gpu_class.weight - fitting) * free_total;
  }
  return expected / total_weight_;
}

std::map<std::tuple<int, int, std::int64_t>, double> TargetWorkload::classes() const {
  std::map<std::tuple<int, int, std::int64_t>, double> out;
  for (const auto& [request, gpu_class] : classes_)
    for (const auto& [cpu, w] : gpu_class.by_cpu) out[{request.first, request.second, cpu}] = w;
  return out;
}

double cluster_fragmentation(const NodeCluster& cluster, const TargetWorkload& workload) {
  double total = 0.0;
  for (const NodeState& node : cluster.nodes()) total += workload.node_fragmentation(node);
  return total;
}

}  // namespace aicn::policy
