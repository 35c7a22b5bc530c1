#pragma once
// CheckpointWriter: training checkpoints written over the network to the job's home site
// (scenario key data.checkpoints: home).
//
// Owns: one timer per running job that checkpoints (its next checkpoint), and the SimGrid
// communications of the checkpoints on their way home.
// Writes: JobRecord::checkpoint_saved_s, the run time (since the job's start) that the last
// checkpoint to ARRIVE at home covers; SiteRuntime::interrupt restarts the job from there.
// Rule: every `interval` of run time the job sends checkpoint_bytes from its site to its
// origin hub's home site (no bytes move when that is its own site: it arrives at once). A
// checkpoint in flight when its site goes down, or cut by a link outage, never arrives.
// Publishes: transfer_started and transfer_ended of each checkpoint (so the summary's bytes
// count them).
#include <simgrid/forward.h>

#include <cstdint>
#include <map>
#include <vector>

#include "aicn/results/run_observer.hpp"
#include "aicn/sim/scenario.hpp"
#include "job_table.hpp"
#include "transfers.hpp"

namespace aicn::sim {

class CheckpointWriter {
 public:
  CheckpointWriter(const Scenario& scenario, Transfers& transfers, JobTable& jobs, results::RunObserver& observer);
  CheckpointWriter(const CheckpointWriter&) = delete;
  CheckpointWriter& operator=(const CheckpointWriter&) = delete;

  /// The job started (again) at its site: nothing of this run is saved yet; its first
  /// checkpoint is due one interval from now.
  void job_started(JobRecord& job);
  /// The site went down: checkpoints leaving it are lost (call before its jobs are interrupted).
  void site_down(int site);
  /// A communication completed: true when it was a checkpoint (then handled here).
  bool on_comm_ended(const simgrid::s4u::Activity& activity);
  /// The run stops (a signal): no more checkpoints are sent.
  void stop() { stopped_ = true; }

 private:
  struct Write {
    std::uint64_t job_id;
    double run_start_s;  ///< the job's start_s when it was sent: a later run ignores it
    double covers_s;     ///< run time since that start the checkpoint holds
    int from_site;
    int to_site;
    double bytes;  ///< what it carries (0 when written to its own site)
    const std::vector<LinkDirection>* route;  ///< the link directions it crosses (its send time's route)
    simgrid::s4u::ActivityPtr comm;
  };
  double interval_s(const workloads::Job& job) const;
  void arm(JobRecord& job, int index);
  void write(std::uint64_t job_id, double run_start_s, int index);
  void arrived(const Write& write);

  const Scenario& scenario_;
  Transfers& transfers_;
  JobTable& jobs_;
  results::RunObserver& observer_;
  std::map<const simgrid::s4u::Activity*, Write> in_flight_;  ///< by communication
  /// Ended communications, freed at the next checkpoint sent (never inside SimGrid's callback).
  std::vector<simgrid::s4u::ActivityPtr> retired_;
  bool stopped_ = false;
};

}  // namespace aicn::sim
