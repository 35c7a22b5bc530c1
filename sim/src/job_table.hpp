#pragma once
// JobTable: the one owner of every job record during a run.
//
// Owns: the records of jobs between arrival and end, and the SimGrid activities they no
// longer need (released at the next event, never inside SimGrid's own callback).
// Publishes: job_submitted and job_ended (every status, with its reason) to the observers.
// Guarantees: when a job ends, its timer is removed and its activities are cancelled and
// detached before the record is freed, so no engine callback can reach a freed job.
#include <cstdint>
#include <memory>
#include <memory_resource>
#include <string>
#include <unordered_map>
#include <vector>

#include "aicn/results/run_observer.hpp"
#include "aicn/topology/layout.hpp"
#include "job_record.hpp"

namespace aicn::sim {

class JobTable {
 public:
  JobTable(const topology::Layout& layout, results::RunObserver& observer) : layout_(layout), observer_(observer) {}
  JobTable(const JobTable&) = delete;
  JobTable& operator=(const JobTable&) = delete;
  ~JobTable();

  /// A new job enters the run; throws std::runtime_error when its id is already in use.
  JobRecord& admit(workloads::Job job, double now_s);
  /// The job's last event: cancels its engine handles, publishes job_ended, frees the record.
  void end(JobRecord& job, results::JobStatus status, double now_s, const std::string& reason = {});
  /// Removes the job's compute and release timers and cancels and detaches its activities.
  void detach_engine_handles(JobRecord& job);
  /// Keeps the job's finished activities alive until the next event (see release_retired).
  void retire_activities(JobRecord& job);
  /// Releases activities retired before this event.
  void release_retired() { retired_.clear(); }
  bool has_retired() const { return !retired_.empty(); }

  std::size_t size() const { return jobs_.size(); }
  /// The live job with this id, or nullptr.
  JobRecord* find(std::uint64_t id) const {
    auto found = jobs_.find(id);
    return found == jobs_.end() ? nullptr : &found->second;
  }
  /// Live jobs in id order (deterministic iteration); `site` >= 0 keeps only jobs placed there.
  std::vector<JobRecord*> in_id_order(int site = -1) const;
  results::JobSnapshot snapshot(const JobRecord& job) const;

  /// Error path only: the engine is destroyed while the stack unwinds, and releasing a
  /// SimGrid activity after that crashes; the process is about to exit, so they are leaked.
  void leak_engine_handles();

 private:
  const topology::Layout& layout_;
  results::RunObserver& observer_;
  // Node-based: a record stays where it is while others come and go, so the rooms' plain
  // pointers stay valid (one allocation per job, record and key together). Mutable: the
  // const lookups find() and in_id_order() hand out records for the rooms to change.
  // Their nodes come from a pool: one general malloc and free per job was ~1.5 % of a
  // national-year run. The pool is declared first, so it outlives the map.
  std::pmr::unsynchronized_pool_resource node_pool_;
  mutable std::pmr::unordered_map<std::uint64_t, JobRecord> jobs_{&node_pool_};
  std::vector<simgrid::s4u::ActivityPtr> retired_;
  bool leaked_ = false;
};

}  // namespace aicn::sim
