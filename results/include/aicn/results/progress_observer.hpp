#pragma once
/// @file progress_observer.hpp
/// The progress line of long runs, fed by the run's events: every 1024 events it shows the
/// simulated time reached, the jobs done (finished, rejected or failed) and those submitted.
#include <cstdint>

#include "aicn/results/progress.hpp"
#include "aicn/results/run_observer.hpp"

namespace aicn::results {

class ProgressObserver : public RunObserver {
 public:
  /// `horizon_s` and `max_jobs` bound the arrivals (0: no bound); see ProgressLine.
  explicit ProgressObserver(double horizon_s, std::uint64_t max_jobs = 0) : line_(horizon_s, max_jobs) {}

  void job_submitted(double now_s, const JobSnapshot& job) override;
  void job_placed(double now_s, const JobSnapshot& job) override;
  void transfer_ended(double now_s, const JobSnapshot& job, int from_site, int to_site, double bytes) override;
  void job_started(double now_s, const JobSnapshot& job) override;
  void job_ended(double now_s, const JobSnapshot& job, JobStatus status, const std::string& reason) override;
  void outage(double now_s, OutageKind kind, const std::string& subject, const std::string& detail) override;
  void sample(double now_s, std::span<const SiteSample> sites, std::span<const LinkSample> links) override;
  /// Ends the line if anything was printed.
  void run_ended(double end_s) override;

  std::uint64_t events() const { return events_; }
  std::uint64_t jobs_done() const { return jobs_done_; }
  std::uint64_t jobs_submitted() const { return jobs_submitted_; }
  /// How many times the line was offered an update (it prints only after a quiet start).
  std::uint64_t updates() const { return updates_; }

  static constexpr std::uint64_t kEventsPerUpdate = 1024;

 private:
  void count(double now_s);

  ProgressLine line_;
  std::uint64_t events_ = 0, jobs_done_ = 0, jobs_submitted_ = 0, updates_ = 0;
};

}  // namespace aicn::results
