#pragma once
/// @file summary.hpp
/// The figures a person (or a regression check) reads first: jobs, waits, completion times,
/// utilisation per site, bytes moved east to west. Deterministic for a given scenario and
/// seed: it holds no wall-clock figures.
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aicn/results/energy_summary.hpp"
#include "aicn/results/placement_curve.hpp"

namespace aicn::results {

/// Mean and nearest-rank percentiles of a sample (all zero when it is empty).
struct Distribution {
  std::uint64_t count = 0;
  double mean = 0.0;
  double p50 = 0.0;
  double p95 = 0.0;
  double p99 = 0.0;
  double max = 0.0;
  /// Sorts `values` in place.
  static Distribution of(std::vector<double>& values);
  /// The same of values already in ascending order.
  static Distribution of_sorted(std::span<const double> sorted);
};

/// Sorts `values` in place (the order Distribution::of uses).
void sort_values(std::vector<double>& values);
/// `sorted` (ascending) and `more` (any order; sorted here) as one ascending sample: the
/// same values in the same order as sorting both together, for the cost of sorting `more`
/// and a merge (a censored sample is the finished one plus a few more).
std::vector<double> merged_sample(std::span<const double> sorted, std::vector<double> more);

struct SiteSummary {
  std::string name;
  std::string hub;
  std::string side;
  int gpus = 0;
  std::uint64_t jobs_started = 0;
  double busy_gpu_s = 0.0;
  double utilisation = 0.0;
};

struct Summary {
  std::string scenario;
  std::string layout;
  std::string policy;
  std::uint64_t seed = 0;
  std::string compute_model;
  double horizon_s = 0.0;
  double end_s = 0.0;  ///< end of the measured window
  /// The last submission, or the last moment a GPU was busy (end_s when one still is): after
  /// it the window is idle. For the idle-tail warning only; not written to summary.json.
  double active_until_s = 0.0;

  std::uint64_t jobs_submitted = 0;
  std::uint64_t jobs_finished = 0;
  std::uint64_t jobs_rejected = 0;
  std::uint64_t jobs_unfinished = 0;
  std::uint64_t jobs_failed = 0;  ///< ended FAILED: their data could not reach the site after an outage
  std::uint64_t invalid_decisions = 0;
  std::map<std::string, std::uint64_t> rejection_reasons;  ///< reason -> rejected jobs

  Distribution wait_s;        ///< start - submit, finished jobs (includes data transfer)
  Distribution completion_s;  ///< end - submit, finished jobs
  /// start - submit over every compute job that was not rejected, a job that never started
  /// waiting until end_s (right-censored there): a policy that leaves the hard jobs queued does
  /// not look faster for it. wait_s counts finished jobs only.
  Distribution wait_censored_s;
  std::uint64_t wait_censored_jobs = 0;  ///< of wait_censored_s.count: never started, censored at end_s

  std::vector<SiteSummary> sites;
  double utilisation = 0.0;  ///< busy GPU-seconds over all GPU-seconds in the window

  std::uint64_t transfers = 0;
  double bytes_moved = 0.0;
  double bytes_east_to_west = 0.0;

  EnergySummary energy;  ///< kWh, yuan, t CO2, revenue and payback per site, hub and overall
  PlacementCurve placement;  ///< node pools only (scenario key `placement`): allocation and fragmentation vs load
  std::uint64_t outage_events = 0;       ///< scheduled link down/up events that happened
  std::uint64_t transfers_rerouted = 0;  ///< cut mid-transfer, resumed on another route
  std::uint64_t transfers_failed = 0;    ///< cut mid-transfer with no route left
  std::uint64_t jobs_interrupted = 0;    ///< stopped mid-run by a site outage
  std::uint64_t jobs_resubmitted = 0;    ///< sent back to the dispatcher by a site outage
  double work_lost_gpu_s = 0.0;          ///< GPU-seconds of work done since the last checkpoint, lost
  // Flexible work (docs/flexible-jobs.md): the `deadlines` block, written in every summary.
  std::uint64_t deadline_jobs = 0;      ///< compute jobs with a deadline that were not rejected
  std::uint64_t deadline_missed = 0;    ///< of those: ended after it, or still running or waiting at end_s past it
  std::uint64_t deadline_missed_unfinished = 0;  ///< of the misses: not finished by end_s
  /// end - deadline over the misses; an unfinished one counts end_s - deadline (censored there).
  Distribution lateness_s;
  std::uint64_t jobs_suspended = 0;     ///< suspensions by the policy (a job may be suspended many times)
  double suspend_lost_gpu_s = 0.0;      ///< GPU-seconds those suspensions lost (the checkpoint rule)
  // Training jobs split over several sites that finished (a `cross_site` block only when some did).
  std::uint64_t split_jobs = 0;
  double split_wan_bytes = 0.0;      ///< sent over the WAN by their parts
  double split_sync_share = 0.0;     ///< their waiting time over their wall time, all jobs pooled
  double split_sync_wait_gpu_s = 0.0;///< GPU-seconds their GPUs were held waiting on synchronisation
  double split_efficiency = 0.0;     ///< mean over the jobs of (same GPUs in one site) / wall

  /// Every submitted job ended one way: submitted = finished + rejected + failed + unfinished.
  /// Throws std::logic_error naming the counts otherwise.
  void check_job_totals() const;

  /// `jobs.failed` sits beside the other job counts; `outages.jobs_failed` repeats it in runs
  /// with outages (older readers look there).
  nlohmann::ordered_json to_json() const;
  /// A fixed-width table for the terminal.
  std::string to_table() const;
  /// A warning when the window runs far past the last activity (more than a fifth of it idle):
  /// the idle tail counts in utilisation and payback. "" otherwise.
  std::string idle_tail_warning() const;
};

}  // namespace aicn::results
