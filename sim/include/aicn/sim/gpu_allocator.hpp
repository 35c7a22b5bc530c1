#pragma once
/// @file gpu_allocator.hpp
/// Gang allocation of GPUs on the servers of one pool. Pure code, no SimGrid.
///
/// A job of g GPUs is placed all at once or not at all. A job that fits in one server goes
/// to the fullest server that still has room (best fit), keeping whole servers free for big
/// jobs; a bigger job takes whole free servers plus, for a remainder, one best-fit server.
/// Ties go to the lowest server index, so allocation is deterministic.
#include <set>
#include <utility>
#include <vector>

namespace aicn::sim {

struct ServerShare {
  int server = -1;
  int gpus = 0;
};
using Allocation = std::vector<ServerShare>;

class GpuAllocator {
 public:
  GpuAllocator(int servers, int gpus_per_server);

  /// True when `gpus` GPUs could be allocated right now.
  bool can_allocate(int gpus) const;
  /// Allocates `gpus` GPUs; returns an empty allocation when they do not fit.
  Allocation allocate(int gpus);
  /// Gives back an allocation made by allocate().
  void release(const Allocation& allocation);

  int free_gpus() const { return free_gpus_; }
  int total_gpus() const { return servers_ * gpus_per_server_; }
  int gpus_per_server() const { return gpus_per_server_; }
  /// Most GPUs a single job could get right now.
  int largest_allocatable() const;

 private:
  /// The lowest-index server with at least `gpus` free and the fewest free among those.
  int best_fit_server(int gpus, int excluded_server = -1) const;
  void set_free(int server, int free);

  int servers_;
  int gpus_per_server_;
  int free_gpus_;
  std::vector<int> free_on_server_;
  /// by_free_[k] = servers with exactly k free GPUs, ordered by index.
  std::vector<std::set<int>> by_free_;
};

}  // namespace aicn::sim
