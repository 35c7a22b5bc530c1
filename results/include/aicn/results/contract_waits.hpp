#pragma once
/// @file contract_waits.hpp
/// The waits of lessees' jobs and of on-demand jobs apart (docs/leasing.md). A job is a
/// lessee's job from the moment the dispatcher places it on its lease (job_placed_on_lease)
/// until it is resubmitted; every other compute job, a lessee hub's job that the policy placed
/// elsewhere included, is an on-demand job. Each class's waits follow SummaryCollector's
/// rules: `wait_s` over finished compute jobs (start of their last run - submit), and
/// `wait_censored_s` over every compute job not rejected, a job never started waiting until
/// the end of the window. Pure: no SimGrid.
#include <cstdint>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "aicn/results/run_observer.hpp"
#include "aicn/results/summary.hpp"

namespace aicn::results {

/// One class of jobs (lessees' or on-demand) over the window.
struct ContractWaitFigures {
  std::uint64_t jobs = 0;       ///< compute jobs not rejected
  std::uint64_t finished = 0;
  std::uint64_t never_started = 0;  ///< of `jobs`: censored at the window's end
  Distribution wait_s;              ///< finished jobs only
  Distribution wait_censored_s;     ///< every job of `jobs`
};

class ContractWaits : public RunObserver {
 public:
  void job_placed_on_lease(double now_s, const JobSnapshot& job, int lease) override;
  void job_resubmitted(double now_s, const JobSnapshot& job, const std::string& why) override;
  void job_ended(double now_s, const JobSnapshot& job, JobStatus status, const std::string& reason) override;

  ContractWaitFigures lessee(double end_s) const { return figures(lessee_, end_s); }
  ContractWaitFigures on_demand(double end_s) const { return figures(on_demand_, end_s); }
  /// {"lessee": {...}, "on_demand": {...}}, each {jobs, finished, never_started, wait_s,
  /// wait_censored_s} with the waits in the summary's Distribution form.
  nlohmann::ordered_json to_json(double end_s) const;

 private:
  struct Waits {
    std::uint64_t finished = 0;
    std::vector<double> finished_waits_s;
    std::vector<double> unfinished_waits_s;   ///< started, then failed or unfinished
    std::vector<double> never_started_submit_s;
  };
  static ContractWaitFigures figures(const Waits& waits, double end_s);

  std::set<std::uint64_t> on_lease_;  ///< ids of the jobs placed on a lease now
  Waits lessee_, on_demand_;
};

}  // namespace aicn::results
