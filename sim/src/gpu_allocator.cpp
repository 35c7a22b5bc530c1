#include "aicn/sim/gpu_allocator.hpp"

#include <algorithm>
#include <stdexcept>

namespace aicn::sim {

GpuAllocator::GpuAllocator(int servers, int gpus_per_server)
    : servers_(servers),
      gpus_per_server_(gpus_per_server),
      free_gpus_(servers * gpus_per_server),
      free_on_server_(static_cast<std::size_t>(servers), gpus_per_server),
      by_free_(static_cast<std::size_t>(gpus_per_server) + 1, ServerSet(servers)),
      slot_used_(static_cast<std::size_t>(servers), std::vector<int>(static_cast<std::size_t>(gpus_per_server), 0)) {
  if (servers <= 0 || gpus_per_server <= 0) throw std::invalid_argument("a GPU pool needs servers and GPUs per server");
  for (int s = 0; s < servers; ++s) by_free_[static_cast<std::size_t>(gpus_per_server)].insert(s);
}

int GpuAllocator::best_fit_server(int gpus, int excluded_server) const {
  for (int level = gpus; level <= gpus_per_server_; ++level) {
    const int server = by_free_[static_cast<std::size_t>(level)].lowest_except(excluded_server);
    if (server >= 0) return server;
  }
  return -1;
}

bool GpuAllocator::can_allocate(int gpus) const {
  if (gpus <= 0 || gpus > free_gpus_) return false;
  if (gpus <= gpus_per_server_) return best_fit_server(gpus) >= 0;
  const int whole = gpus / gpus_per_server_;
  const int remainder = gpus % gpus_per_server_;
  const int empty_servers = by_free_[static_cast<std::size_t>(gpus_per_server_)].size();
  if (empty_servers < whole) return false;
  if (remainder == 0) return true;
  // The remainder may use a partly used server, or one more empty server.
  for (int level = remainder; level < gpus_per_server_; ++level)
    if (!by_free_[static_cast<std::size_t>(level)].empty()) return true;
  return empty_servers > whole;
}

Allocation GpuAllocator::allocate(int gpus) {
  Allocation allocation;
  if (!can_allocate(gpus)) return allocation;
  if (gpus <= gpus_per_server_) {
    const int server = best_fit_server(gpus);
    allocation.push_back({server, gpus});
    set_free(server, free_on_server_[static_cast<std::size_t>(server)] - gpus);
  } else {
    const int whole = gpus / gpus_per_server_;
    const int remainder = gpus % gpus_per_server_;
    if (remainder > 0) {
      // Place the remainder first on a partly used server so it does not eat an empty one.
      int server = -1;
      for (int level = remainder; level < gpus_per_server_ && server < 0; ++level)
        if (!by_free_[static_cast<std::size_t>(level)].empty()) server = by_free_[static_cast<std::size_t>(level)].lowest();
      if (server < 0) {
        // Use the highest-index empty server, leaving the low ones for the whole-server part.
        server = by_free_[static_cast<std::size_t>(gpus_per_server_)].highest();
      }
      allocation.push_back({server, remainder});
      set_free(server, free_on_server_[static_cast<std::size_t>(server)] - remainder);
    }
    for (int i = 0; i < whole; ++i) {
      const int server = by_free_[static_cast<std::size_t>(gpus_per_server_)].lowest();
      allocation.push_back({server, gpus_per_server_});
      set_free(server, 0);
    }
  }
  free_gpus_ -= gpus;
  return allocation;
}

bool GpuAllocator::can_allocate_share(int milli) const {
  if (milli <= 0 || milli > kMilli) return false;
  if (shared_.lower_bound({milli, -1, -1}) != shared_.end()) return true;
  return free_gpus_ > 0;
}

Allocation GpuAllocator::allocate_share(int milli) {
  Allocation allocation;
  if (!can_allocate_share(milli)) return allocation;
  int server = -1;
  int slot = -1;
  auto fit = shared_.lower_bound({milli, -1, -1});
  if (fit != shared_.end()) {
    std::tie(std::ignore, server, slot) = *fit;
    shared_.erase(fit);
  } else {
    // Turn one whole free GPU of the best-fit server into a shared GPU.
    server = best_fit_server(1);
    auto& slots = slot_used_[static_cast<std::size_t>(server)];
    slot = static_cast<int>(std::find(slots.begin(), slots.end(), 0) - slots.begin());
    set_free(server, free_on_server_[static_cast<std::size_t>(server)] - 1);
    --free_gpus_;
    ++shared_gpu_count_;
  }
  int& used = slot_used_[static_cast<std::size_t>(server)][static_cast<std::size_t>(slot)];
  used += milli;
  if (used < kMilli) shared_.insert({kMilli - used, server, slot});
  shared_milli_used_ += milli;
  allocation.push_back({server, 0, slot, milli});
  return allocation;
}

int GpuAllocator::milli_used(int server, int slot) const {
  return slot_used_.at(static_cast<std::size_t>(server)).at(static_cast<std::size_t>(slot));
}

void GpuAllocator::release_share(const ServerShare& share) {
  int& used = slot_used_.at(static_cast<std::size_t>(share.server)).at(static_cast<std::size_t>(share.slot));
  if (share.milli <= 0 || share.milli > used) throw std::logic_error("released a GPU share that was not allocated");
  if (used < kMilli) shared_.erase({kMilli - used, share.server, share.slot});
  used -= share.milli;
  shared_milli_used_ -= share.milli;
  if (used > 0) {
    shared_.insert({kMilli - used, share.server, share.slot});
    return;
  }
  // The last share left: the GPU is whole and free again.
  set_free(share.server, free_on_server_[static_cast<std::size_t>(share.server)] + 1);
  ++free_gpus_;
  --shared_gpu_count_;
}

void GpuAllocator::release(const Allocation& allocation) {
  for (const auto& share : allocation) {
    if (share.milli > 0) {
      release_share(share);
      continue;
    }
    const int now_free = free_on_server_.at(static_cast<std::size_t>(share.server)) + share.gpus;
    if (now_free > gpus_per_server_) throw std::logic_error("released more GPUs than a server holds");
    set_free(share.server, now_free);
    free_gpus_ += share.gpus;
  }
}

int GpuAllocator::largest_allocatable() const {
  const int empty_servers = by_free_[static_cast<std::size_t>(gpus_per_server_)].size();
  if (empty_servers > 0) {
    int best_partial = 0;
    for (int level = gpus_per_server_ - 1; level > 0 && best_partial == 0; --level)
      if (!by_free_[static_cast<std::size_t>(level)].empty()) best_partial = level;
    return empty_servers * gpus_per_server_ + (best_partial > 0 ? best_partial : 0);
  }
  for (int level = gpus_per_server_ - 1; level > 0; --level)
    if (!by_free_[static_cast<std::size_t>(level)].empty()) return level;
  return 0;
}

void GpuAllocator::set_free(int server, int free) {
  auto& current = free_on_server_[static_cast<std::size_t>(server)];
  by_free_[static_cast<std::size_t>(current)].erase(server);
  current = free;
  by_free_[static_cast<std::size_t>(free)].insert(server);
}

}  // namespace aicn::sim
