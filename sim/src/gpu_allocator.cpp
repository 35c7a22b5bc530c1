#include "aicn/sim/gpu_allocator.hpp"

#include <stdexcept>

namespace aicn::sim {

GpuAllocator::GpuAllocator(int servers, int gpus_per_server)
    : servers_(servers),
      gpus_per_server_(gpus_per_server),
      free_gpus_(servers * gpus_per_server),
      free_on_server_(static_cast<std::size_t>(servers), gpus_per_server),
      by_free_(static_cast<std::size_t>(gpus_per_server) + 1) {
  if (servers <= 0 || gpus_per_server <= 0) throw std::invalid_argument("a GPU pool needs servers and GPUs per server");
  for (int s = 0; s < servers; ++s) by_free_[static_cast<std::size_t>(gpus_per_server)].insert(s);
}

int GpuAllocator::best_fit_server(int gpus, int excluded_server) const {
  for (int level = gpus; level <= gpus_per_server_; ++level) {
    for (int server : by_free_[static_cast<std::size_t>(level)]) {
      if (server != excluded_server) return server;
    }
  }
  return -1;
}

bool GpuAllocator::can_allocate(int gpus) const {
  if (gpus <= 0 || gpus > free_gpus_) return false;
  if (gpus <= gpus_per_server_) return best_fit_server(gpus) >= 0;
  const int whole = gpus / gpus_per_server_;
  const int remainder = gpus % gpus_per_server_;
  const int empty_servers = static_cast<int>(by_free_[static_cast<std::size_t>(gpus_per_server_)].size());
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
        if (!by_free_[static_cast<std::size_t>(level)].empty()) server = *by_free_[static_cast<std::size_t>(level)].begin();
      if (server < 0) {
        // Use the highest-index empty server, leaving the low ones for the whole-server part.
        server = *by_free_[static_cast<std::size_t>(gpus_per_server_)].rbegin();
      }
      allocation.push_back({server, remainder});
      set_free(server, free_on_server_[static_cast<std::size_t>(server)] - remainder);
    }
    for (int i = 0; i < whole; ++i) {
      const int server = *by_free_[static_cast<std::size_t>(gpus_per_server_)].begin();
      allocation.push_back({server, gpus_per_server_});
      set_free(server, 0);
    }
  }
  free_gpus_ -= gpus;
  return allocation;
}

void GpuAllocator::release(const Allocation& allocation) {
  for (const auto& share : allocation) {
    const int now_free = free_on_server_.at(static_cast<std::size_t>(share.server)) + share.gpus;
    if (now_free > gpus_per_server_) throw std::logic_error("released more GPUs than a server holds");
    set_free(share.server, now_free);
    free_gpus_ += share.gpus;
  }
}

int GpuAllocator::largest_allocatable() const {
  const int empty_servers = static_cast<int>(by_free_[static_cast<std::size_t>(gpus_per_server_)].size());
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
