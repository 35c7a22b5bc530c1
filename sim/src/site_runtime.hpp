#pragma once
// SiteRuntime: one AIDC during a run.
//
// Owns: its pools' GPU allocators; each pool's local queue, running jobs and inbound jobs,
// kept once, in the lists of its policy::SiteView (the queue order is the local queue);
// whether the site is down; starting and ending compute (timer or SimGrid execs).
// Produces: its SiteView's counts (free GPUs, largest block, totals, queue sizes) from that
// state in publish_view(); nothing else writes them. (The dispatcher adds the energy fields.)
// Publishes: job_started, job_interrupted, job_suspended, pool_busy_changed.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "aicn/policy/cluster_view.hpp"
#include "aicn/policy/queue_discipline.hpp"
#include "aicn/results/run_observer.hpp"
#include "aicn/sim/platform_builder.hpp"
#include "aicn/sim/pool_allocator.hpp"
#include "aicn/sim/scenario.hpp"
#include "job_table.hpp"
#include "lease_runtime.hpp"

namespace aicn::sim {

class SiteRuntime {
 public:
  /// Called when a job's compute has ended (its GPUs are already released).
  using ComputeDone = std::function<void(JobRecord&)>;

  SiteRuntime(int index, const Scenario& scenario, const SitePlatform& platform, policy::SiteView& view,
              const policy::QueueDiscipline& discipline, JobTable& jobs, results::RunObserver& observer,
              ComputeDone compute_done);

  bool down() const { return down_; }
  /// Called whenever a job starts here (after job_started is published).
  void set_started_hook(std::function<void(JobRecord&)> hook) { started_hook_ = std::move(hook); }
  /// The run's leases (none by default): GPUs a running lease reserves and its lessee does not
  /// use start no other job, and are not offered in the view.
  void set_leases(LeaseRuntime* leases) { leases_ = leases; }

  /// The job (placed here, data local) joins its pool's queue; queued jobs start as the
  /// discipline allows. With `admission: now`, a job still queued then is rejected (its
  /// record ended: the caller must not use it afterwards).
  void enqueue(JobRecord& job);
  /// The job is placed here and its data is on its way.
  void add_inbound(const JobRecord& job);
  void remove_inbound(const JobRecord& job);
  /// An exec of a running job finished; true when it was the job's last one.
  bool exec_done(JobRecord& job);
  /// Releases a job whose compute ended (call before JobTable::end), then starts queued jobs.
  void release_finished(JobRecord& job);
  /// Starts queued jobs of `pool` that may start now.
  void start_queued(int pool);
  /// Whether `gpus` whole GPUs of `pool` are free now (site up).
  bool part_fits(int pool, int gpus) const;
  /// One part of a split job (SplitTraining) takes `gpus` GPUs of `pool` now, outside the
  /// local queue; it shows as running here until `end_s` (an estimate) and is released with
  /// release_part().
  Allocation hold_part(const JobRecord& job, int pool, int gpus, double end_s);
  void release_part(const JobRecord& job, int pool, const Allocation& allocation);

  /// The policy suspends the running (interruptible) job: it keeps its work up to its last
  /// checkpoint if it states a checkpoint interval, else all of it (Job::interruptible); its
  /// engine handles die, its GPUs are released and queued jobs may start on them. The caller
  /// hands the job back to the dispatcher.
  void suspend(JobRecord& job);

  /// The site is down from now on: it offers no GPUs and takes no placements.
  void mark_down();
  void come_up();
  /// After mark_down(): running jobs are interrupted (work since the last checkpoint is
  /// lost) and the queues emptied. Returns the jobs that were here, in id order, for the
  /// dispatcher to take back.
  std::vector<JobRecord*> evict_jobs();

  /// Writes the SiteView's counts from the runtime state (only when something changed).
  void publish_view();
  results::SiteSample sample() const;
  /// GPUs held now in `pool`.
  int busy_gpus(int pool) const;

 private:
  struct Pool {
    std::unique_ptr<PoolAllocator> allocator;  ///< best fit, or nodes placed by the scenario's `placement`
    long long queued_gpus = 0;   ///< sum over the queue, changed only with it
    long long inbound_gpus = 0;  ///< sum over the inbound list, changed only with it
  };
  policy::PoolView& pool_view(int pool) { return view_.pools[static_cast<std::size_t>(pool)]; }
  void start(JobRecord& job);
  void interrupt(JobRecord& job);
  /// Ends a run that did not finish: the job keeps `saved_s` of its `run_s` of work, its
  /// handles die and its GPUs are released.
  void stop_run(JobRecord& job, double saved_s, double run_s);
  void busy_changed(int pool);
  /// The allocator of pool `pool` of this site, as the scenario's `placement` asks.
  std::unique_ptr<PoolAllocator> make_allocator(std::size_t pool) const;
  /// Whether the queued `job` may start now in `pool` given the leases' reservations.
  bool lease_allows(const Pool& pool, int pool_index, const workloads::Job& job) const;
  /// Starts the queued jobs committed to a running lease that fit, in queue order: a lease's
  /// GPUs are its lessee's, so its jobs do not wait behind others that cannot use them.
  bool start_lessee_jobs(int pool_index);

  int index_;
  const Scenario& scenario_;
  const topology::Site& site_;
  const SitePlatform& platform_;
  policy::SiteView& view_;
  const policy::QueueDiscipline& discipline_;
  JobTable& jobs_;
  results::RunObserver& observer_;
  ComputeDone compute_done_;
  std::function<void(JobRecord&)> started_hook_;
  std::vector<Pool> pools_;
  bool down_ = false;
  bool view_stale_ = true;
  LeaseRuntime* leases_ = nullptr;
};

}  // namespace aicn::sim
