#pragma once
/// @file gpu_allocator.hpp
/// Gang allocation of GPUs on the servers of one pool. Pure code, no SimGrid.
///
/// A job of g GPUs is placed all at once or not at all. A job that fits in one server goes
/// to the fullest server that still has room (best fit), keeping whole servers free for big
/// jobs; a bigger job takes whole free servers plus, for a remainder, one best-fit server.
/// Ties go to the lowest server index, so allocation is deterministic.
///
/// GPU sharing: a job may ask for a share of one GPU in thousandths (`allocate_share`). A
/// share goes to the shared GPU with the least room that still fits it (best fit), or else
/// turns one whole free GPU (on the best-fit server) into a shared GPU. Shares on one GPU sum
/// to at most 1000; a shared GPU counts as busy and becomes whole and free again when its
/// last share is released. Integer thousandths keep allocation and release exact.
#include <cstdint>
#include <set>

#include "aicn/sim/server_set.hpp"
#include <tuple>
#include <utility>
#include <vector>

namespace aicn::sim {

struct ServerShare {
  int server = -1;
  int gpus = 0;    ///< whole GPUs on `server` (0 for a GPU share)
  int slot = -1;   ///< GPU shares: which shared GPU of the server
  int milli = 0;   ///< GPU shares: thousandths of that GPU
  /// Node pools (pool_allocator.hpp): CPU and memory the job holds on `server`, on the
  /// server's first entry only; 0 in the built-in pools, which model neither.
  std::int64_t cpu_milli = 0;
  std::int64_t memory_mib = 0;
};
using Allocation = std::vector<ServerShare>;

class GpuAllocator {
 public:
  GpuAllocator(int servers, int gpus_per_server);

  /// True when `gpus` GPUs could be allocated right now.
  bool can_allocate(int gpus) const;
  /// Allocates `gpus` GPUs; returns an empty allocation when they do not fit.
  Allocation allocate(int gpus);
  /// True when a share of `milli` thousandths of one GPU (1..1000) could be allocated now.
  bool can_allocate_share(int milli) const;
  /// Allocates a share of one GPU; empty when it does not fit.
  Allocation allocate_share(int milli);
  /// Gives back an allocation made by allocate() or allocate_share().
  void release(const Allocation& allocation);
  /// Thousandths of GPUs held by shares right now (whole GPUs excluded).
  long long shared_milli_used() const { return shared_milli_used_; }
  /// GPUs currently hosting at least one share.
  int shared_gpus() const { return shared_gpu_count_; }
  /// Thousandths used on shared GPU `slot` of `server` (0 when it hosts no share).
  int milli_used(int server, int slot) const;

  int free_gpus() const { return free_gpus_; }
  int total_gpus() const { return servers_ * gpus_per_server_; }
  int gpus_per_server() const { return gpus_per_server_; }
  /// Most GPUs a single job could get right now.
  int largest_allocatable() const;

 private:
  /// The lowest-index server with at least `gpus` free and the fewest free among those.
  int best_fit_server(int gpus, int excluded_server = -1) const;
  void set_free(int server, int free);
  void release_share(const ServerShare& share);

  static constexpr int kMilli = 1000;

  int servers_;
  int gpus_per_server_;
  int free_gpus_;
  std::vector<int> free_on_server_;
  /// by_free_[k] = servers with exactly k free GPUs, ordered by index.
  std::vector<ServerSet> by_free_;
  /// Per server and slot, thousandths used by shares (0 = slot not a shared GPU).
  std::vector<std::vector<int>> slot_used_;
  /// Shared GPUs with room left: (free thousandths, server, slot), best fit first.
  std::set<std::tuple<int, int, int>> shared_;
  long long shared_milli_used_ = 0;
  int shared_gpu_count_ = 0;
};

}  // namespace aicn::sim
