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
  /// With checkpoints written home (CheckpointWriter): the run time since start_s that the
  /// last checkpoint to arrive there holds; -1 = not tracked (the interval rule applies).
  double checkpoint_saved_s = -1.0;
  /// Its compute is over and its results are on their way to the origin (data.return_results).
  bool returning = false;
  double data_bytes = 0.0;  ///< what its data transfer moves: data set and base model less the copies at its site
  Allocation allocation;  ///< GPUs held while running
  bool transferring = false;  ///< its activities are a data transfer (else compute execs)
  bool split = false;  ///< placed on several sites: its activities are SplitTraining's WAN exchanges
  // Engine handles. Each is cleared by the code that consumes it and cancelled by
  // JobTable::detach_engine_handles() whenever the job leaves the state that set it.
  std::vector<simgrid::s4u::ActivityPtr> activities;
  int activities_left = 0;
  /// End of a timer-model run, or the start of a max-min transfer once its route latency is
  /// paid (Transfers), until it fires.
  simgrid::kernel::timer::Timer* compute_timer = nullptr;
  /// Wakes the dispatcher at the job's earliest start (Job::earliest_start_s) while it waits for it.
  simgrid::kernel::timer::Timer* release_timer = nullptr;
};

}  // namespace aicn::sim
