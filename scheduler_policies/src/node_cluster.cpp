#include "aicn/policy/node_cluster.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace aicn::policy {

NodeState::NodeState(const NodeShape& node_shape)
    : shape(node_shape), cpu_free_milli(node_shape.cpu_milli), memory_free_mib(node_shape.memory_mib),
      gpu_free_milli(static_cast<std::size_t>(node_shape.gpus), kGpuMilli) {}

std::int64_t NodeState::gpu_free_total_milli() const {
  std::int64_t total = 0;
  for (int free : gpu_free_milli) total += free;
  return total;
}

int NodeState::fully_free_gpus() const {
  return static_cast<int>(std::count(gpu_free_milli.begin(), gpu_free_milli.end(), kGpuMilli));
}

bool NodeState::accessible(const TaskDemand& task) const {
  if (task.gpus == 0 || task.models.empty()) return true;
  return std::find(task.models.begin(), task.models.end(), shape.gpu_model) != task.models.end();
}

bool NodeState::fits(const TaskDemand& task) const {
  if (!cpu_fits(task.cpu_milli) || !memory_fits(task.memory_mib) || !accessible(task)) return false;
  if (task.gpus == 0) return true;
  int usable = 0;
  for (int free : gpu_free_milli)
    if (free >= task.gpu_milli) ++usable;
  return usable >= task.gpus;
}

std::vector<std::vector<int>> NodeCluster::gpu_options(const NodeState& node, const TaskDemand& task) {
  std::vector<std::vector<int>> options;
  if (!node.fits(task)) return options;
  if (task.gpus == 0) {
    options.emplace_back();
    return options;
  }
  const int gpu_count = static_cast<int>(node.gpu_free_milli.size());
  if (task.is_share()) {
    bool whole_offered = false;
    for (int g = 0; g < gpu_count; ++g) {
      const int free = node.gpu_free_milli[static_cast<std::size_t>(g)];
      if (free < task.gpu_milli) continue;
      if (free == kGpuMilli) {
        if (whole_offered) continue;
        whole_offered = true;
      }
      options.push_back({g});
    }
    return options;
  }
  std::vector<int> whole;
  for (int g = 0; g < gpu_count && static_cast<int>(whole.size()) < task.gpus; ++g)
    if (node.gpu_free_milli[static_cast<std::size_t>(g)] == kGpuMilli) whole.push_back(g);
  options.push_back(std::move(whole));
  return options;
}

void NodeCluster::take(NodeState& node, const std::vector<int>& gpus, const TaskDemand& task) {
  node.cpu_free_milli -= node.shape.cpu_milli == 0 ? 0 : task.cpu_milli;
  node.memory_free_mib -= node.shape.memory_mib == 0 ? 0 : task.memory_mib;
  for (int g : gpus) node.gpu_free_milli[static_cast<std::size_t>(g)] -= task.gpu_milli;
  ++node.tasks;
  ++node.hosted[task.gpu_request()];
}

NodeState NodeCluster::after(const NodeState& node, const std::vector<int>& gpus, const TaskDemand& task) {
  NodeState next = node;
  take(next, gpus, task);
  return next;
}

int NodeCluster::add_nodes(const NodeShape& shape, int count) {
  if (count <= 0 || shape.gpus < 0 || shape.cpu_milli < 0 || shape.memory_mib < 0)
    throw std::invalid_argument("a node shape needs a positive count and no negative capacity");
  const int first = size();
  for (int i = 0; i < count; ++i) nodes_.emplace_back(shape);
  total_gpus_ += shape.gpus * count;
  fully_free_gpus_ += shape.gpus * count;
  gpu_total_milli_ += std::int64_t{shape.gpus} * kGpuMilli * count;
  return first;
}

void NodeCluster::apply(const NodeChoice& choice, const TaskDemand& task) {
  NodeState& node = nodes_.at(static_cast<std::size_t>(choice.node));
  const std::string where = "node " + std::to_string(choice.node);
  if (!node.cpu_fits(task.cpu_milli) || !node.memory_fits(task.memory_mib) || !node.accessible(task))
    throw std::logic_error("placement over-commits CPU or memory, or uses the wrong GPU model, on " + where);
  if (static_cast<int>(choice.gpus.size()) != task.gpus) throw std::logic_error("placement gives the wrong GPU count on " + where);
  // Every GPU checked before anything changes: a refused placement leaves the cluster as it was.
  std::vector<int> seen;
  for (int g : choice.gpus) {
    if (g < 0 || g >= node.shape.gpus || std::find(seen.begin(), seen.end(), g) != seen.end() ||
        node.gpu_free_milli[static_cast<std::size_t>(g)] < task.gpu_milli)
      throw std::logic_error("placement over-commits GPU " + std::to_string(g) + " on " + where);
    seen.push_back(g);
  }
  for (int g : choice.gpus)
    if (node.gpu_free_milli[static_cast<std::size_t>(g)] == kGpuMilli) --fully_free_gpus_;
  take(node, choice.gpus, task);
  gpu_used_milli_ += std::int64_t{task.gpu_milli} * task.gpus;
}

void NodeCluster::release(const NodeChoice& choice, const TaskDemand& task) {
  NodeState& node = nodes_.at(static_cast<std::size_t>(choice.node));
  auto hosted = node.hosted.find(task.gpu_request());
  if (node.tasks == 0 || hosted == node.hosted.end()) throw std::logic_error("released a task that node " + std::to_string(choice.node) + " does not hold");
  for (int g : choice.gpus) {
    int& free = node.gpu_free_milli.at(static_cast<std::size_t>(g));
    if (free + task.gpu_milli > kGpuMilli) throw std::logic_error("released more of a GPU than was allocated");
    free += task.gpu_milli;
    if (free == kGpuMilli) ++fully_free_gpus_;
  }
  node.cpu_free_milli += node.shape.cpu_milli == 0 ? 0 : task.cpu_milli;
  node.memory_free_mib += node.shape.memory_mib == 0 ? 0 : task.memory_mib;
  --node.tasks;
  if (--hosted->second == 0) node.hosted.erase(hosted);
  gpu_used_milli_ -= std::int64_t{task.gpu_milli} * task.gpus;
}

}  // namespace aicn::policy
