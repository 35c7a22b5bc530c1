#pragma once
// A job between its arrival and its end, and the engine handles that refer to it. Records are
// owned by the JobTable; the rooms hold plain pointers that the table invalidates only in
// JobTable::end(), after it has cancelled or detached every handle.
#include <simgrid/forward.h>
#include <simgrid/kernel/Timer.hpp>

#include <limits>
#include <vector>

#include "aicn/sim/gpu_allocator.hpp"
#include "aicn/workloads/job.hpp"

namespace aicn::sim {

struct JobRecord {
  workloads::Job job;  ///< as now: an interrupted job's flops and duration are the work left
  int site = -1;       ///< placement (a data transfer: the receiving site), -1 before
  int pool = -1;
  double transfer_start_s = std::numeric_limits<double>::quiet_NaN();
  double transfer_end_s = std::numeric_limits<double>::quiet_NaN();
  double start_s = std::numeric_limits<double>::quiet_NaN();
  double bytes_moved = 0.0;
  Allocation allocation;  ///< GPUs held while running
  bool transferring = false;  ///< its activities are a data transfer (else compute execs)
  bool split = false;  ///< placed on several sites: its activities are SplitTraining's WAN exchanges
  // Engine handles. Each is cleared by the code that consumes it and cancelled by
  // JobTable::detach_engine_handles() whenever the job leaves the state that set it.
  std::vector<simgrid::s4u::ActivityPtr> activities;
  int activities_left = 0;
  simgrid::kernel::timer::Timer* compute_timer = nullptr;  ///< end of a timer-model run, until it fires
};

}  // namespace aicn::sim
