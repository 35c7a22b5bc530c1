#pragma once
// How a job's GPU demand maps onto a pool's allocator: whole GPUs (gang allocation) or a
// share of one GPU (openb `gpu_milli`). Kept apart from simulation.cpp, which only calls it.
#include "aicn/sim/gpu_allocator.hpp"
#include "aicn/workloads/job.hpp"

namespace aicn::sim {

inline bool is_gpu_share(const workloads::Job& job) { return workloads::is_gpu_share(job.gpus, job.gpu_milli); }

inline bool can_start(const GpuAllocator& allocator, const workloads::Job& job) {
  return is_gpu_share(job) ? allocator.can_allocate_share(job.gpu_milli) : allocator.can_allocate(job.gpus);
}

inline Allocation allocate_for(GpuAllocator& allocator, const workloads::Job& job) {
  return is_gpu_share(job) ? allocator.allocate_share(job.gpu_milli) : allocator.allocate(job.gpus);
}

}  // namespace aicn::sim
