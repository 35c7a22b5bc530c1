#pragma once
/// @file summary_collector.hpp
/// Builds a run's Summary from its events alone: every count, wait, completion time, busy
/// GPU-second and byte is derived from what the engine publishes, so the engine keeps no
/// summary counters of its own (and cannot let a copy drift).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "aicn/results/energy_summary.hpp"
#include "aicn/results/run_observer.hpp"
#include "aicn/results/summary.hpp"
#include "aicn/topology/layout.hpp"

namespace aicn::results {

/// What a summary says about the run besides its results.
struct RunInfo {
  std::string scenario;
  std::string policy;
  std::uint64_t seed = 0;
  std::string compute_model;  ///< "timer" or "exec"
  double horizon_s = 0.0;
};

/// Rules, as the engine's figures were computed before:
/// - submitted: job_submitted(); finished / rejected (by reason) / failed / unfinished: the
///   status of job_ended(); invalid decisions: decision_invalid().
/// - waits (start - submit) and completions (end - submit): finished compute jobs only, with
///   the start of their last run; data-transfer jobs are not compute jobs.
/// - a site's busy GPU-seconds: the integral over [0, end] of the busy GPUs its pools report
///   through pool_busy_changed(); jobs started: job_started() of compute jobs.
/// - transfers and bytes moved: transfer_ended() (the whole dataset once, however many routes
///   it took); east to west: the job's origin hub is east and the receiving site's hub west.
/// - outage events: outage(); transfers rerouted / failed: transfer_rerouted() /
///   transfer_failed(); interrupted, resubmitted, GPU-seconds lost: job_interrupted() and
///   job_resubmitted().
class SummaryCollector : public RunObserver {
 public:
  /// `layout` (site names, hubs, sides, GPUs) must outlive the collector.
  SummaryCollector(RunInfo info, const topology::Layout& layout);

  void job_submitted(double now_s, const JobSnapshot& job) override;
  void decision_invalid(double now_s, const JobSnapshot& job, const std::string& why) override;
  void transfer_ended(double now_s, const JobSnapshot& job, int from_site, int to_site, double bytes) override;
  void transfer_rerouted(double now_s, const JobSnapshot& job, const std::string& cut_links,
                         const std::string& detail) override;
  void transfer_failed(double now_s, const JobSnapshot& job, const std::string& subject,
                       const std::string& detail) override;
  void job_started(double now_s, const JobSnapshot& job) override;
  void job_interrupted(double now_s, const JobSnapshot& job, double lost_gpu_s, const std::string& detail) override;
  void job_resubmitted(double now_s, const JobSnapshot& job, const std::string& why) override;
  void job_suspended(double now_s, const JobSnapshot& job, double lost_gpu_s, const std::string& detail) override;
  void job_ended(double now_s, const JobSnapshot& job, JobStatus status, const std::string& reason) override;
  void pool_busy_changed(double now_s, int site, int pool, int busy_gpus) override;
  void split_training_ended(double now_s, const JobSnapshot& job, const SplitTrainingStats& stats) override;
  void outage(double now_s, OutageKind kind, const std::string& subject, const std::string& detail) override;
  void placement_sample(double now_s, const PlacementSample& sample) override;

  /// The summary of the window [0, end_s] (busy intervals still open are closed at end_s).
  /// Throws std::logic_error when the job counts do not add up (Summary::check_job_totals):
  /// a job the engine never ended is a bug there, not a figure to print.
  Summary summary(double end_s, EnergySummary energy) const;

 private:
  struct PoolBusy {
    int busy_gpus = 0;
    double since_s = 0.0;
    double busy_gpu_s = 0.0;  ///< integrated up to since_s
  };

  RunInfo info_;
  const topology::Layout& layout_;
  std::vector<std::vector<PoolBusy>> pools_;  ///< [site][pool]
  std::vector<std::uint64_t> jobs_started_;   ///< per site
  std::uint64_t submitted_ = 0, finished_ = 0, rejected_ = 0, failed_ = 0, unfinished_ = 0, invalid_ = 0;
  std::map<std::string, std::uint64_t> rejection_reasons_;
  std::vector<double> waits_s_, completions_s_;
  /// For the censored wait: the waits of compute jobs that started and then ended unfinished
  /// or failed (the finished ones are waits_s_), and the submit times of those never started.
  std::vector<double> started_unfinished_waits_s_, never_started_submit_s_;
  std::uint64_t transfers_ = 0;
  double bytes_moved_ = 0.0, bytes_east_to_west_ = 0.0;
  std::uint64_t outage_events_ = 0, transfers_rerouted_ = 0, transfers_failed_ = 0;
  PlacementCurve placement_;
  std::uint64_t jobs_interrupted_ = 0, jobs_resubmitted_ = 0;
  std::uint64_t split_jobs_ = 0;
  double split_wait_gpu_s_ = 0.0;
  double split_wan_bytes_ = 0.0, split_wall_s_ = 0.0, split_compute_s_ = 0.0, split_efficiency_sum_ = 0.0;
  double last_submit_s_ = 0.0;  ///< the last submission or job end, for Summary::active_until_s
  double work_lost_gpu_s_ = 0.0;
  std::uint64_t deadline_jobs_ = 0, deadline_missed_unfinished_ = 0, jobs_suspended_ = 0;
  std::vector<double> lateness_s_;  ///< one per missed deadline
  double suspend_lost_gpu_s_ = 0.0;
  /// Counts a compute job with a deadline that ended FINISHED or UNFINISHED at `now_s`.
  void count_deadline(double now_s, const workloads::Job& job, JobStatus status);
};

}  // namespace aicn::results
