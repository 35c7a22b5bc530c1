#include <algorithm>
#include <map>
#include <stdexcept>

#include "aicn/sim/pool_allocator.hpp"
#include "job_allocation.hpp"

namespace aicn::sim {

namespace {

// The built-in pool: GpuAllocator's best fit, unchanged (summaries of runs without a
// `placement` key stay what they were).
class BestFitPool final : public PoolAllocator {
 public:
  BestFitPool(int servers, int gpus_per_server) : allocator_(servers, gpus_per_server) {}
  bool can_start(const workloads::Job& job) const override { return sim::can_start(allocator_, job); }
  Allocation allocate(const workloads::Job& job) override { return allocate_for(allocator_, job); }
  void release(const Allocation& allocation) override { allocator_.release(allocation); }
  int free_gpus() const override { return allocator_.free_gpus(); }
  int total_gpus() const override { return allocator_.total_gpus(); }
  double allocated_gpus() const override {
    // Shared GPUs are out of free_gpus() whole; count them by the thousandths their shares use.
    const int whole = allocator_.total_gpus() - allocator_.free_gpus() - allocator_.shared_gpus();
    return whole + static_cast<double>(allocator_.shared_milli_used()) / 1000.0;
  }
  int largest_allocatable() const override { return allocator_.largest_allocatable(); }

 private:
  GpuAllocator allocator_;
};

}  // namespace

std::unique_ptr<PoolAllocator> make_best_fit_pool(int servers, int gpus_per_server) {
  return std::make_unique<BestFitPool>(servers, gpus_per_server);
}

policy::TaskDemand task_demand(const workloads::Job& job) {
  policy::TaskDemand task;
  task.cpu_milli = job.cpu_milli;
  task.memory_mib = job.memory_mib;
  task.gpus = job.is_compute() ? job.gpus : 0;
  task.gpu_milli = is_gpu_share(job) ? job.gpu_milli : policy::kGpuMilli;
  return task;
}

NodePoolAllocator::NodePoolAllocator(policy::NodeCluster cluster, std::unique_ptr<policy::PlacementPolicy> placement)
    : cluster_(std::move(cluster)), placement_(std::move(placement)) {
  if (!placement_) throw std::invalid_argument("a node pool needs a placement policy");
  for (const auto& node : cluster_.nodes()) max_node_gpus_ = std::max(max_node_gpus_, node.shape.gpus);
}

std::vector<int> NodePoolAllocator::gang_nodes(const policy::TaskDemand& task) const {
  // Whole idle servers of the largest GPU count; each holds its part of the CPU and memory.
  const int count = (task.gpus + max_node_gpus_ - 1) / max_node_gpus_;
  std::vector<int> nodes;
  for (int n = 0; n < cluster_.size() && static_cast<int>(nodes.size()) < count; ++n) {
    const policy::NodeState& node = cluster_.node(n);
    if (node.shape.gpus != max_node_gpus_ || node.tasks > 0) continue;
    if (!node.cpu_fits(task.cpu_milli / count + task.cpu_milli % count) || !node.memory_fits(task.memory_mib / count + task.memory_mib % count)) continue;
    nodes.push_back(n);
  }
  if (static_cast<int>(nodes.size()) < count) nodes.clear();
  return nodes;
}

bool NodePoolAllocator::can_start(const workloads::Job& job) const {
  const policy::TaskDemand task = task_demand(job);
  if (is_gang(job)) return !gang_nodes(task).empty();
  for (const auto& node : cluster_.nodes())
    if (node.fits(task)) return true;
  return false;
}

Allocation NodePoolAllocator::allocate(const workloads::Job& job) {
  const policy::TaskDemand task = task_demand(job);
  Allocation allocation;
  const auto record = [&](const policy::NodeChoice& choice, const policy::TaskDemand& part) {
    cluster_.apply(choice, part);  // throws on an over-commitment: a policy bug, not a job's fault
    const std::size_t first = allocation.size();
    for (int g : choice.gpus)
      allocation.push_back(part.is_share() ? ServerShare{choice.node, 0, g, part.gpu_milli} : ServerShare{choice.node, 1, g, 0});
    if (choice.gpus.empty()) allocation.push_back(ServerShare{choice.node, 0, -1, 0});
    allocation[first].cpu_milli = part.cpu_milli;
    allocation[first].memory_mib = part.memory_mib;
  };
  if (is_gang(job)) {
    const std::vector<int> nodes = gang_nodes(task);
    const int count = static_cast<int>(nodes.size());
    for (int i = 0; i < count; ++i) {
      policy::TaskDemand part = task;
      const bool last = i + 1 == count;
      part.gpus = last ? task.gpus - max_node_gpus_ * (count - 1) : max_node_gpus_;
      part.cpu_milli = task.cpu_milli / count + (last ? task.cpu_milli % count : 0);
      part.memory_mib = task.memory_mib / count + (last ? task.memory_mib % count : 0);
      const auto options = policy::NodeCluster::gpu_options(cluster_.node(nodes[static_cast<std::size_t>(i)]), part);
      record(policy::NodeChoice{nodes[static_cast<std::size_t>(i)], options.front()}, part);
    }
    return allocation;
  }
  if (const std::optional<policy::NodeChoice> choice = placement_->choose(cluster_, task, workload_)) record(*choice, task);
  return allocation;
}

void NodePoolAllocator::release(const Allocation& allocation) {
  // Entries come grouped by node, as allocate() wrote them; rebuild each node's part.
  std::size_t i = 0;
  while (i < allocation.size()) {
    const int node = allocation[i].server;
    policy::TaskDemand part;
    part.cpu_milli = allocation[i].cpu_milli;
    part.memory_mib = allocation[i].memory_mib;
    policy::NodeChoice choice{node, {}};
    for (; i < allocation.size() && allocation[i].server == node; ++i) {
      const ServerShare& entry = allocation[i];
      if (entry.slot < 0) continue;
      choice.gpus.push_back(entry.slot);
      part.gpu_milli = entry.milli > 0 ? entry.milli : policy::kGpuMilli;
    }
    part.gpus = static_cast<int>(choice.gpus.size());
    cluster_.release(choice, part);
  }
}

void NodePoolAllocator::job_arrived(const workloads::Job& job) {
  // The target workload is what has reached the pool so far (its GPU and CPU requests): the
  // paper's FGD takes the workload's distribution as known; here it is learnt as jobs come.
  // GPU tasks only: a CPU-only task would count every free GPU as a fragment, a floor that
  // says nothing about how the GPUs are cut up (the FGD simulator's typical pods leave them
  // out unless asked to include them).
  const policy::TaskDemand task = task_demand(job);
  if (task.gpus > 0) workload_.add(task);
  requested_gpus_ += job.gpu_fraction();
}

std::optional<PlacementFigures> NodePoolAllocator::placement_figures() const {
  PlacementFigures figures;
  figures.requested_gpus = requested_gpus_;
  figures.allocated_gpus = static_cast<double>(cluster_.gpu_used_milli()) / policy::kGpuMilli;
  figures.fragmented_gpus = policy::cluster_fragmentation(cluster_, workload_) / policy::kGpuMilli;
  figures.total_gpus = cluster_.total_gpus();
  return figures;
}

int NodePoolAllocator::largest_allocatable() const {
  int idle_largest = 0, best_single = 0;
  for (const auto& node : cluster_.nodes()) {
    const int free = node.fully_free_gpus();
    best_single = std::max(best_single, free);
    if (node.shape.gpus == max_node_gpus_ && node.tasks == 0) ++idle_largest;
  }
  return std::max(best_single, idle_largest * max_node_gpus_);
}

}  // namespace aicn::sim
