#pragma once
/// @file observer_list.hpp
/// Fans every event out to its observers, in registration order, so the engine publishes to
/// one RunObserver however many outputs a run has.
#include <vector>

#include "aicn/results/run_observer.hpp"

namespace aicn::results {

class ObserverList : public RunObserver {
 public:
  /// `observer` must outlive the list's use; it receives every later event after those added before it.
  void add(RunObserver& observer) { observers_.push_back(&observer); }
  std::size_t size() const { return observers_.size(); }

  void job_submitted(double now_s, const JobSnapshot& job) override;
  void job_placed(double now_s, const JobSnapshot& job) override;
  void job_held(double now_s, const JobSnapshot& job, const std::string& why) override;
  void decision_invalid(double now_s, const JobSnapshot& job, const std::string& why) override;
  void transfer_started(double now_s, const JobSnapshot& job, int from_site, int to_site, double bytes) override;
  void transfer_ended(double now_s, const JobSnapshot& job, int from_site, int to_site, double bytes) override;
  void transfer_rerouted(double now_s, const JobSnapshot& job, const std::string& cut_links,
                         const std::string& detail) override;
  void transfer_failed(double now_s, const JobSnapshot& job, const std::string& subject,
                       const std::string& detail) override;
  void job_started(double now_s, const JobSnapshot& job) override;
  void job_interrupted(double now_s, const JobSnapshot& job, double lost_gpu_s, const std::string& detail) override;
  void split_training_ended(double now_s, const JobSnapshot& job, const SplitTrainingStats& stats) override;
  void job_resubmitted(double now_s, const JobSnapshot& job, const std::string& why) override;
  void job_suspended(double now_s, const JobSnapshot& job, double lost_gpu_s, const std::string& detail) override;
  void job_ended(double now_s, const JobSnapshot& job, JobStatus status, const std::string& reason) override;
  void pool_busy_changed(double now_s, int site, int pool, int busy_gpus) override;
  void pool_allocated_changed(double now_s, int site, int pool, double allocated_gpus) override;
  void outage(double now_s, OutageKind kind, const std::string& subject, const std::string& detail) override;
  void lease_started(double now_s, int lease) override;
  void lease_ended(double now_s, int lease) override;
  void lease_busy_changed(double now_s, int lease, int busy_gpus) override;
  void job_placed_on_lease(double now_s, const JobSnapshot& job, int lease) override;
  void sample(double now_s, std::span<const SiteSample> sites, std::span<const LinkSample> links) override;
  void placement_sample(double now_s, const PlacementSample& sample) override;
  void run_ended(double end_s) override;

 private:
  std::vector<RunObserver*> observers_;
};

}  // namespace aicn::results
