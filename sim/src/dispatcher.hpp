#pragma once
// Dispatcher: where each compute job goes.
//
// Owns: the jobs awaiting a decision (arrival order), the dispatch policy's calls, and the
// checking of each intent before it is applied. Fills the ClusterView's time, trigger and
// energy fields; the sites and the network fill the rest of it (SiteRuntime, Transfers).
// Publishes: job_placed, job_held (the runtime held a placement it could not carry out yet,
// e.g. before the job's earliest start), decision_invalid, job_resubmitted; rejections end the
// job through the JobTable. A SUSPEND decision stops a running interruptible job at its site
// (SiteRuntime::suspend) and the job waits here for a new decision.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/results/site_signals.hpp"
#include "aicn/sim/scenario.hpp"
#include "data_store.hpp"
#include "job_table.hpp"
#include "site_runtime.hpp"
#include "split_training.hpp"
#include "transfers.hpp"

namespace aicn::sim {

class Dispatcher {
 public:
  Dispatcher(const Scenario& scenario, policy::DispatchPolicy& policy, policy::ClusterView& view,
             std::vector<SiteRuntime>& sites, Transfers& transfers, const NetworkOutages* outages, JobTable& jobs,
             results::RunObserver& observer);

  /// A new compute job waits for a decision.
  void offer(JobRecord& job) { pending_.push_back({&job, job.job.id}); }
  /// A job sent back by an outage (its site went down, its transfer lost its site or route):
  /// it forgets its placement and waits for a new decision.
  void resubmit(JobRecord& job, const std::string& why);
  /// Asks the policy about every pending job and applies its decisions.
  void dispatch(policy::DispatchTrigger trigger);
  std::size_t pending() const { return pending_.size(); }
  /// Whether an interruptible job is running now (read from the sites' running lists): the
  /// policy is then asked at every TICK even with nothing pending, so that it may suspend it.
  bool interruptible_running() const;
  /// Where the view's prices and carbon come from (the run outputs' one copy); without it the
  /// view shows the layout's schedules and constants.
  void use_signals(const results::SiteSignals& signals) { signals_ = &signals; }
  /// Copies kept at sites: a placed job moves only the data its site has no copy of.
  void set_data_store(DataStore* data) { data_ = data; }
  /// The run's leases (none by default): a lessee's job goes to its running lease while the
  /// lease has room for it, before the policy is asked about the rest.
  void set_leases(LeaseRuntime* leases) { leases_ = leases; }
  /// Where split placements (Decision::SPLIT) run; without one they are invalid decisions.
  void set_split_training(SplitTraining* split) { split_ = split; }

 private:
  enum class Check { OK, HOLD, INVALID };
  enum class Outcome : std::uint8_t { UNDECIDED, STAYS, LEAVES };
  /// Where job `job_id` is in pending_, or nothing. Policies mostly answer in the order
  /// they were offered (leaving held jobs out), so it looks on from the last answer first.
  std::optional<std::size_t> pending_index(std::uint64_t job_id);
  Check check(const policy::Decision& decision, const JobRecord& job, std::string& why) const;
  void place(JobRecord& job, int site, int pool);
  /// Applies a SUSPEND decision (or records it as invalid); a suspended job joins `suspended`.
  void suspend(const policy::Decision& decision, std::vector<JobRecord*>& suspended);
  /// The checks of a split placement (split_checks.cpp): every part exists, accepts the job
  /// and fits now, the parts add up to the job's GPUs, and SplitTraining can run it.
  Check check_split(const policy::Decision& decision, const JobRecord& job, std::string& why) const;
  void refresh_view();
  /// Places the pending jobs that have room on their lessee's running lease.
  void place_on_leases();

  const Scenario& scenario_;
  policy::DispatchPolicy& policy_;
  policy::ClusterView& view_;
  std::vector<SiteRuntime>& sites_;
  Transfers& transfers_;
  const NetworkOutages* outages_;
  JobTable& jobs_;
  results::RunObserver& observer_;
  DataStore* data_ = nullptr;
  LeaseRuntime* leases_ = nullptr;
  /// A job awaiting a decision, with its id: matching a decision to it reads no job record
  /// (with a long list of held jobs, those reads missed the cache at every dispatch).
  struct PendingJob {
    JobRecord* record;
    std::uint64_t id;
  };
  std::vector<PendingJob> pending_;    ///< awaiting a decision, in arrival order
  SplitTraining* split_ = nullptr;
  double energy_view_until_s_ = -1.0;  ///< the view's energy figures hold until then
  const results::SiteSignals* signals_ = nullptr;
  // Scratch of one dispatch() call, kept to reuse its memory.
  std::vector<const workloads::Job*> offered_;
  std::vector<std::pair<std::uint64_t, std::size_t>> ids_in_order_;  ///< (id, index in pending_), sorted
  std::size_t next_answer_ = 0;  ///< where pending_index looks first: after the last answer
  bool in_order_ = true;         ///< false once an answer came out of order (then by ids_in_order_)
  std::vector<Outcome> outcome_;
};

}  // namespace aicn::sim
