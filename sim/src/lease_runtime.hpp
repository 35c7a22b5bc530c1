#pragma once
// LeaseRuntime: the scenario's leases during a run.
//
// Owns: whether each lease runs now, the lessee jobs committed to it (placed there, not yet
// done) and the GPUs its lessee's running jobs hold on it. A running lease reserves its GPUs:
// SiteRuntime starts another job only on GPUs no running lease has left unused, and the
// dispatcher sends a lessee's job to its lease while the lease has room for it.
// Publishes: lease_started, lease_ended, lease_busy_changed.
// A lease that starts while its pool is busy takes its GPUs as they come free (nothing is
// preempted); a lessee job still running when its lease ends keeps its GPUs to its end.
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "aicn/results/run_observer.hpp"
#include "aicn/topology/lease.hpp"
#include "aicn/workloads/job.hpp"

namespace aicn::sim {

class LeaseRuntime {
 public:
  /// Called when a lease starts or ends: its lessee's jobs may go to it, or its GPUs are open
  /// to every job again.
  using CapacityFreed = std::function<void(int site, int pool)>;

  /// `live` says whether the run still goes on: a lease that starts or ends once nothing can
  /// happen any more (a drained run whose last job ended) is not published, so that the books
  /// close at the run's end.
  LeaseRuntime(const std::vector<topology::Lease>& leases, results::RunObserver& observer, CapacityFreed freed,
               std::function<bool()> live);
  /// Sets the engine timers of every lease's start and end.
  void schedule();

  /// GPUs of (site, pool) that running leases reserve and their lessees do not use now.
  int unused_reserved(int site, int pool) const;
  /// A running lease of the job's lessee with room for it among the jobs committed to it, or -1.
  int lease_with_room(const workloads::Job& job) const;
  bool running(int index) const { return states_[static_cast<std::size_t>(index)].running; }
  /// The lease's site and pool.
  const topology::Lease& lease(int index) const { return leases_[static_cast<std::size_t>(index)]; }

  /// The job was placed on lease `index`: it counts against the lease's room until released.
  void commit(std::uint64_t job_id, int index, int gpus);
  /// The lease the job is committed to, or -1.
  int committed_lease(std::uint64_t job_id) const;
  /// The job left its lease (finished, sent back, or ended).
  void release(std::uint64_t job_id, double now_s);
  /// The committed job starts on its lease (its GPUs count as the lessee's) if the lease
  /// runs now; returns whether it did.
  bool start_on_lease(std::uint64_t job_id, double now_s);

 private:
  struct State {
    bool running = false;
    int committed_gpus = 0;  ///< lessee jobs placed on it and not released
    int busy_gpus = 0;       ///< of those, the ones running on it
  };
  struct Commitment {
    int lease = -1;
    int gpus = 0;
    bool running = false;
  };
  void begin(int index);
  void end(int index);

  const std::vector<topology::Lease>& leases_;
  results::RunObserver& observer_;
  CapacityFreed freed_;
  std::function<bool()> live_;
  std::vector<State> states_;
  std::map<std::uint64_t, Commitment> commitments_;  ///< by job id
};

}  // namespace aicn::sim
