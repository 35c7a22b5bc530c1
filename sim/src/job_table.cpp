#include "job_table.hpp"

#include <simgrid/s4u/Activity.hpp>

#include <algorithm>
#include <stdexcept>

namespace aicn::sim {

JobTable::~JobTable() {
  if (leaked_) {
    // leak_engine_handles() moved the handles out; drop the records without touching them.
    for (auto& [id, job] : jobs_) job.activities.clear();
  }
}

JobRecord& JobTable::admit(workloads::Job job, double now_s) {
  const std::uint64_t id = job.id;
  auto [at, added] = jobs_.try_emplace(id);
  if (!added) throw std::runtime_error("the workload has two jobs with id " + std::to_string(id));
  at->second.job = std::move(job);
  observer_.job_submitted(now_s, snapshot(at->second));
  return at->second;
}

void JobTable::detach_engine_handles(JobRecord& job) {
  if (job.compute_timer != nullptr) {
    job.compute_timer->remove();
    job.compute_timer = nullptr;
  }
  if (job.release_timer != nullptr) {
    job.release_timer->remove();
    job.release_timer = nullptr;
  }
  for (auto& activity : job.activities) {
    activity->set_data(nullptr);  // the completion router ignores activities without a job
    // One that ended already (its completion was ignored after a stop signal) needs no cancel.
    const auto state = activity->get_state();
    if (state != simgrid::s4u::Activity::State::FINISHED && state != simgrid::s4u::Activity::State::FAILED &&
        state != simgrid::s4u::Activity::State::CANCELED)
      activity->cancel();
  }
  retire_activities(job);
}

void JobTable::retire_activities(JobRecord& job) {
  for (auto& activity : job.activities) retired_.push_back(std::move(activity));
  job.activities.clear();
  job.activities_left = 0;
}

void JobTable::end(JobRecord& job, results::JobStatus status, double now_s, const std::string& reason) {
  detach_engine_handles(job);
  job.transferring = false;
  observer_.job_ended(now_s, snapshot(job), status, reason);
  jobs_.erase(job.job.id);
}

std::vector<JobRecord*> JobTable::in_id_order(int site) const {
  std::vector<JobRecord*> jobs;
  for (auto& [id, job] : jobs_)
    if (site < 0 || job.site == site) jobs.push_back(&job);
  std::sort(jobs.begin(), jobs.end(), [](const JobRecord* a, const JobRecord* b) { return a->job.id < b->job.id; });
  return jobs;
}

results::JobSnapshot JobTable::snapshot(const JobRecord& job) const {
  results::JobSnapshot view;
  view.job = &job.job;
  view.site = job.site;
  view.pool = job.pool;
  // The model of the pool it is placed on (possibly an alternative), else its first choice.
  view.gpu_model = job.pool >= 0 ? layout_.sites[static_cast<std::size_t>(job.site)].pools[static_cast<std::size_t>(job.pool)].gpu_model
                                 : job.job.gpu_model;
  view.transfer_start_s = job.transfer_start_s;
  view.transfer_end_s = job.transfer_end_s;
  view.start_s = job.start_s;
  view.bytes_moved = job.bytes_moved;
  return view;
}

void JobTable::leak_engine_handles() {
  auto* leaked = new std::vector<simgrid::s4u::ActivityPtr>(std::move(retired_));
  for (auto& [id, job] : jobs_)
    for (auto& activity : job.activities) leaked->push_back(std::move(activity));
  retired_.clear();
  leaked_ = true;
}

}  // namespace aicn::sim
