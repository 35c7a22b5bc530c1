#pragma once
// SplitTraining: training jobs a policy placed on several sites at once (Decision::SPLIT).
//
// Owns: each split job's parts (site, pool, GPUs held) and its step loop: how many rounds
// are done and the one engine handle of the current phase, kept where every job keeps its
// handles (JobRecord::compute_timer for a compute phase, JobRecord::activities for the WAN
// communications), so JobTable::end cancels them as for any job.
// Produces: the job's synchronisation figures, published with split_training_ended just
// before its end.
//
// One round (H steps for local-sgd, one step otherwise) follows workloads/cross_site_training:
// compute and in-site synchronisation are timed from the model, and the WAN exchange is one
// SimGrid communication per ring hop (both ways for two parts) between the parts' gateways, so
// it shares its links with datasets and every other transfer. M consecutive rounds go as one
// chunk: one communication of M rounds' bytes, the latency of the M - 1 others added as time
// (exact on an idle link); M keeps a chunk under `aggregation_error` of the job's rounds
// (docs/cross-site-training.md states and tests the resulting error bound).
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/results/run_observer.hpp"
#include "aicn/sim/platform_builder.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/topology/network_graph.hpp"
#include "aicn/workloads/cross_site_training.hpp"
#include "job_table.hpp"
#include "link_meter.hpp"
#include "site_runtime.hpp"

namespace aicn::sim {

class SplitTraining {
 public:
  /// Called when a split job has done all its rounds (its GPUs are already released).
  using Done = std::function<void(JobRecord&)>;

  SplitTraining(const Scenario& scenario, const Platform& platform, const topology::NetworkGraph& graph,
                std::vector<SiteRuntime>& sites, LinkMeter& link_meter, JobTable& jobs, results::RunObserver& observer,
                Done done);

  /// Why `parts` cannot carry `job` (empty when they can): the job states its model size,
  /// the parts are at distinct sites joined by routes, and the step model accepts them.
  std::string check(const workloads::Job& job, const std::vector<policy::PlacementPart>& parts) const;
  /// Starts the job on its parts now (check() passed and every part fits).
  void start(JobRecord& job, const std::vector<policy::PlacementPart>& parts);
  /// One of the job's WAN communications ended.
  void comm_done(JobRecord& job, const simgrid::s4u::Activity& comm);
  /// Puts on the LinkMeter what the live WAN communications moved since last counted, so a
  /// sample holds every byte up to now (a chunk's communication may span several samples).
  void count_progress();

  /// The model's figures for `job` on `parts` (check() must pass), with the number M of
  /// rounds per chunk; for tests and the size command's comparison.
  struct Plan {
    workloads::TrainingStepInputs inputs;
    std::vector<workloads::TrainingPart> parts;
    std::vector<workloads::WanHop> hops;
    workloads::StepBreakdown step;
    double rounds = 0.0;       ///< rounds the job runs (steps x (1 + extra_steps) / H)
    int rounds_per_chunk = 1;  ///< M
  };
  Plan plan(const workloads::Job& job, const std::vector<policy::PlacementPart>& parts) const;

 private:
  struct Part {
    policy::PlacementPart place;
    Allocation allocation;
  };
  struct Flow {
    int from_site, to_site;
    std::vector<LinkDirection> route;
    double counted = 0.0;  ///< bytes of the current communication already on the LinkMeter
  };
  struct Run {
    std::vector<Part> parts;
    Plan plan;
    std::vector<Flow> flows;      ///< the WAN communications of one exchange
    double max_route_latency_s = 0.0;
    double rounds_done = 0.0;
    double chunk_rounds = 0.0;    ///< rounds of the chunk in progress
    double overlap_until_s = 0.0; ///< compute that may hide the chunk's sync lasts until then
    int comms_left = 0;
    double payload = 0.0;         ///< bytes of each communication of the chunk in progress
    double start_s = 0.0;
    double wan_bytes = 0.0;       ///< sent by all parts so far
  };
  void start_chunk(JobRecord& job, Run& run);
  void begin_sync(JobRecord& job, Run& run);
  void end_chunk(JobRecord& job, Run& run);
  void finish(JobRecord& job, Run& run);
  std::vector<std::pair<int, int>> exchange_pairs(std::size_t parts, workloads::SyncScheme scheme) const;

  const Scenario& scenario_;
  const Platform& platform_;
  const topology::NetworkGraph& graph_;
  std::vector<SiteRuntime>& sites_;
  LinkMeter& link_meter_;
  JobTable& jobs_;
  results::RunObserver& observer_;
  Done done_;
  std::map<std::uint64_t, Run> runs_;  ///< by job id, while the job runs
};

}  // namespace aicn::sim
