#include "aicn/results/contract_waits.hpp"

#include <cmath>

namespace aicn::results {
namespace {

/// Summary.to_json's form of a distribution; with no jobs the figures are null, not 0 (a class
/// without jobs, e.g. lessees in a run without leases, has no wait to compare).
nlohmann::ordered_json distribution_json(const Distribution& d) {
  nlohmann::ordered_json out;
  out["count"] = d.count;
  for (const auto& [name, value] : {std::pair{"mean", d.mean}, {"p50", d.p50}, {"p95", d.p95}, {"p99", d.p99}, {"max", d.max}})
    out[name] = d.count > 0 ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
  return out;
}

}  // namespace

void ContractWaits::job_placed_on_lease(double, const JobSnapshot& job, int) {
  if (job.job != nullptr) on_lease_.insert(job.job->id);
}

void ContractWaits::job_resubmitted(double, const JobSnapshot& job, const std::string&) {
  // Sent back by an outage: where it is placed next decides its class again.
  if (job.job != nullptr) on_lease_.erase(job.job->id);
}

void ContractWaits::job_ended(double, const JobSnapshot& job, JobStatus status, const std::string&) {
  if (job.job == nullptr || !job.job->is_compute() || status == JobStatus::REJECTED) return;
  Waits& waits = on_lease_.erase(job.job->id) > 0 ? lessee_ : on_demand_;
  const double submit_s = job.job->submit_s;
  if (status == JobStatus::FINISHED) {
    ++waits.finished;
    waits.finished_waits_s.push_back(job.start_s - submit_s);
  } else if (std::isnan(job.start_s)) {
    waits.never_started_submit_s.push_back(submit_s);
  } else {
    waits.unfinished_waits_s.push_back(job.start_s - submit_s);
  }
}

ContractWaitFigures ContractWaits::figures(const Waits& waits, double end_s) {
  ContractWaitFigures out;
  out.finished = waits.finished;
  out.never_started = waits.never_started_submit_s.size();
  std::vector<double> finished = waits.finished_waits_s;  // Distribution::of sorts
  out.wait_s = Distribution::of(finished);
  std::vector<double> unfinished = waits.unfinished_waits_s;  // merged with the sorted finished ones
  for (double submit_s : waits.never_started_submit_s) unfinished.push_back(end_s - submit_s);
  const std::vector<double> censored = merged_sample(finished, std::move(unfinished));
  out.jobs = censored.size();
  out.wait_censored_s = Distribution::of_sorted(censored);
  return out;
}

nlohmann::ordered_json ContractWaits::to_json(double end_s) const {
  auto block = [](const ContractWaitFigures& f) {
    nlohmann::ordered_json out;
    out["jobs"] = f.jobs;
    out["finished"] = f.finished;
    out["never_started"] = f.never_started;
    out["wait_s"] = distribution_json(f.wait_s);
    out["wait_censored_s"] = distribution_json(f.wait_censored_s);
    return out;
  };
  nlohmann::ordered_json root;
  root["lessee"] = block(lessee(end_s));
  root["on_demand"] = block(on_demand(end_s));
  return root;
}

}  // namespace aicn::results
