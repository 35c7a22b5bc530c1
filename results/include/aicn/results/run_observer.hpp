#pragma once
/// @file run_observer.hpp
/// The events a run publishes, and the interface every output implements. The engine calls
/// these in simulated-time order; an observer (trace, summary, energy, progress) sees only
/// what the events carry, never the engine's state, so a new output or metric is one new
/// observer and needs no edit of the engine. Pure C++: no SimGrid.
#include <limits>
#include <span>
#include <string>

#include "aicn/results/trace_rows.hpp"
#include "aicn/topology/gpu_catalog.hpp"
#include "aicn/workloads/job.hpp"

namespace aicn::results {

/// What observers see of a job at an event: the engine's record, read-only, valid during the
/// call only (copy what you keep).
struct JobSnapshot {
  /// The job as the engine holds it now: an interrupted job's flops and duration are its
  /// remaining work. Null only in decision_invalid() for a decision that named no pending job.
  const workloads::Job* job = nullptr;
  int site = -1;  ///< where it is placed (data-transfer jobs: the receiving site); -1 before
  int pool = -1;  ///< pool index at `site`; -1 before placement and for data transfers
  /// The model of the pool it is placed on, else its first choice.
  topology::GpuModelId gpu_model = -1;
  double transfer_start_s = std::numeric_limits<double>::quiet_NaN();
  double transfer_end_s = std::numeric_limits<double>::quiet_NaN();
  double start_s = std::numeric_limits<double>::quiet_NaN();
  double bytes_moved = 0.0;  ///< dataset bytes delivered to `site` so far
};

/// What a training job split over several sites spent on synchronisation (one per such job
/// that finished; see docs/cross-site-training.md).
struct SplitTrainingStats {
  int parts = 0;
  std::string scheme;          ///< "sync-dp", "local-sgd", "pipeline"
  double steps = 0.0;          ///< optimiser steps run (the convergence penalty included)
  double wall_s = 0.0;         ///< start to end on its parts
  double compute_s = 0.0;      ///< of that, computing
  double sync_share = 0.0;     ///< 1 - compute / wall: GPUs waiting on synchronisation
  double sync_wait_gpu_s = 0.0;///< GPU-seconds its GPUs held while waiting: (wall - compute) x GPUs
  double wan_bytes = 0.0;      ///< sent over the WAN by all parts
  double efficiency = 0.0;     ///< the same GPUs in one site (synchronous steps) / wall
  double model_wall_s = 0.0;   ///< the analytic model's wall time on idle links
  int rounds_per_chunk = 1;    ///< M: rounds simulated as one WAN communication
};

enum class OutageKind { SITE_DOWN, SITE_UP, LINK_DOWN, LINK_UP };

/// The trace's name of an outage kind: "site_down", "site_up", "link_down", "link_up".
const char* outage_kind_name(OutageKind kind);

/// One site at a sample tick.
struct SiteSample {
  int site = -1;
  int busy_gpus = 0;
  int total_gpus = 0;
  int running_jobs = 0;
  int queued_jobs = 0;
  long long queued_gpus = 0;
};

/// One site's node pools (scenario key `placement`) at a sample tick, in GPUs: what the jobs
/// that reached them asked so far, what is allocated now (shares count as their thousandths),
/// and the expected fragmentation for the target workload (policy/fragmentation.hpp).
struct PlacementSample {
  int site = -1;
  double requested_gpus = 0.0;
  double allocated_gpus = 0.0;
  double fragmented_gpus = 0.0;
  double total_gpus = 0.0;
};

/// One direction of one link over the interval since the previous sample tick.
struct LinkSample {
  int link = -1;
  int direction = 0;         ///< 0 = from -> to, 1 = to -> from
  double bytes = 0.0;        ///< carried during the interval
  double utilisation = 0.0;  ///< bytes / (bandwidth x interval)
};

/// Receives a run's events. Every method does nothing by default, so an observer overrides
/// only what it needs. Each job gets exactly one job_ended(), whatever happened to it.
class RunObserver {
 public:
  virtual ~RunObserver() = default;

  /// A job arrived (compute and data-transfer jobs alike).
  virtual void job_submitted(double /*now_s*/, const JobSnapshot& /*job*/) {}
  /// The dispatcher placed it on `job.site`/`job.pool` (its dataset may still have to move).
  virtual void job_placed(double /*now_s*/, const JobSnapshot& /*job*/) {}
  /// The job waits for a later decision, e.g. its data cannot reach any site now.
  virtual void job_held(double /*now_s*/, const JobSnapshot& /*job*/, const std::string& /*why*/) {}
  /// The engine refused a policy's decision (the job is then rejected or stays pending).
  virtual void decision_invalid(double /*now_s*/, const JobSnapshot& /*job*/, const std::string& /*why*/) {}
  /// A dataset of `bytes` starts to move (once per job, not again when rerouted).
  virtual void transfer_started(double /*now_s*/, const JobSnapshot& /*job*/, int /*from_site*/, int /*to_site*/,
                                double /*bytes*/) {}
  /// The whole dataset (`bytes`, however many routes it took) has arrived at `to_site`.
  virtual void transfer_ended(double /*now_s*/, const JobSnapshot& /*job*/, int /*from_site*/, int /*to_site*/,
                              double /*bytes*/) {}
  /// An outage cut the transfer's route (`cut_links`); the rest resumes on another route.
  virtual void transfer_rerouted(double /*now_s*/, const JobSnapshot& /*job*/, const std::string& /*cut_links*/,
                                 const std::string& /*detail*/) {}
  /// An outage cut the transfer with no way left (`subject`: the cut links, or the site that
  /// went down); job_ended(FAILED) follows for the job.
  virtual void transfer_failed(double /*now_s*/, const JobSnapshot& /*job*/, const std::string& /*subject*/,
                               const std::string& /*detail*/) {}
  /// It holds its GPUs from now on (again after a resubmission).
  virtual void job_started(double /*now_s*/, const JobSnapshot& /*job*/) {}
  /// A site outage stopped it mid-run; `lost_gpu_s`: GPU-seconds since its last checkpoint.
  virtual void job_interrupted(double /*now_s*/, const JobSnapshot& /*job*/, double /*lost_gpu_s*/,
                               const std::string& /*detail*/) {}
  /// The policy suspended it mid-run (an interruptible job; its GPUs are free from now on and
  /// it waits for a new decision); `lost_gpu_s`: GPU-seconds of work it loses by the
  /// suspension rule (Job::interruptible). Not a job_interrupted() or job_resubmitted().
  virtual void job_suspended(double /*now_s*/, const JobSnapshot& /*job*/, double /*lost_gpu_s*/,
                             const std::string& /*detail*/) {}
  /// It goes back to the dispatcher (called while `job.site` still names the site it left).
  virtual void job_resubmitted(double /*now_s*/, const JobSnapshot& /*job*/, const std::string& /*why*/) {}
  /// The job's last event: FINISHED, REJECTED (reason), FAILED (reason, e.g. its transfer
  /// lost its route) or UNFINISHED (the run ended first).
  virtual void job_ended(double /*now_s*/, const JobSnapshot& /*job*/, JobStatus /*status*/,
                         const std::string& /*reason*/) {}
  /// A training job split over several sites did all its steps (just before its job_ended).
  virtual void split_training_ended(double /*now_s*/, const JobSnapshot& /*job*/, const SplitTrainingStats& /*stats*/) {}
  /// From `now_s` on, `busy_gpus` GPUs of the pool are allocated (every change is published).
  virtual void pool_busy_changed(double /*now_s*/, int /*site*/, int /*pool*/, int /*busy_gpus*/) {}
  /// From `now_s` on, the pool's jobs hold `allocated_gpus` GPUs' worth of compute: whole GPUs,
  /// and each GPU share (gpu_milli) as its thousandths. Published with every pool_busy_changed();
  /// power and revenue follow it, whereas busy_gpus counts a GPU with any share on it as busy.
  virtual void pool_allocated_changed(double /*now_s*/, int /*site*/, int /*pool*/, double /*allocated_gpus*/) {}
  /// A scheduled or random outage began or ended (`subject`: site or link name).
  virtual void outage(double /*now_s*/, OutageKind /*kind*/, const std::string& /*subject*/,
                      const std::string& /*detail*/) {}
  /// Lease `lease` (an index into the scenario's leases) starts or ends now: while it runs its
  /// GPUs are reserved for its lessee (topology/lease.hpp).
  virtual void lease_started(double /*now_s*/, int /*lease*/) {}
  virtual void lease_ended(double /*now_s*/, int /*lease*/) {}
  /// From `now_s` on, the lessee's jobs hold `busy_gpus` of the lease's GPUs.
  virtual void lease_busy_changed(double /*now_s*/, int /*lease*/, int /*busy_gpus*/) {}
  /// The dispatcher placed a compute job of the lessee on its running lease `lease`: from now
  /// until it is resubmitted it is a lessee's job, not an on-demand one (job_placed follows).
  virtual void job_placed_on_lease(double /*now_s*/, const JobSnapshot& /*job*/, int /*lease*/) {}
  /// The periodic sample tick: every site, and every link direction over the last interval
  /// (no links at the first tick, which has no interval behind it).
  virtual void sample(double /*now_s*/, std::span<const SiteSample> /*sites*/, std::span<const LinkSample> /*links*/) {}
  /// At a sample tick, before sample(): a site with node pools (only those sites).
  virtual void placement_sample(double /*now_s*/, const PlacementSample& /*sample*/) {}
  /// The measured window ends at `end_s`: after every job_ended(), before results are read.
  virtual void run_ended(double /*end_s*/) {}
};

}  // namespace aicn::results
