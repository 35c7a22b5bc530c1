#pragma once
/// @file simulation_run.hpp
/// One run of a scenario (sim/src/simulation.cpp: events and the run; simulation_build.cpp:
/// building the engine's platform and the rooms). Private to sim/: run_simulation() is the
/// public entry point.
#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u.hpp>
#include <chrono>
#include <memory>
#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/policy/policy_library.hpp"
#include "aicn/policy/queue_discipline.hpp"
#include "aicn/sim/logging.hpp"
#include "aicn/sim/network_outages.hpp"
#include "aicn/sim/platform_builder.hpp"
#include "aicn/sim/simgrid_config_check.hpp"
#include "aicn/topology/network_graph.hpp"
#include "aicn/workloads/job_source.hpp"
#include "aicn/workloads/random_streams.hpp"
#include "background_traffic.hpp"
#include "checkpoint_writer.hpp"
#include "data_store.hpp"
#include "dispatcher.hpp"
#include "initial_view.hpp"
#include "lease_wiring.hpp"
#include "job_table.hpp"
#include "link_meter.hpp"
#include "outages.hpp"
#include "run_outputs.hpp"
#include "simgrid_energy.hpp"
#include "site_runtime.hpp"
#include "split_training.hpp"
#include "stop_signals.hpp"
#include "transfers.hpp"
#include "aicn/sim/simulation.hpp"

namespace aicn::sim {

namespace sg4 = simgrid::s4u;

class Simulation {
 public:
  Simulation(const Scenario& scenario, const RunOptions& options)
      : scenario_(scenario), options_(options), graph_(scenario.layout) {}
  RunResult run();

 private:
  void build();
  void schedule_next_arrival();
  void on_arrival();
  void on_activity_done(const sg4::Activity& activity);
  void on_transfer_ended(JobRecord& job, bool cut, double remaining_bytes);
  void on_compute_done(JobRecord& job);
  void on_network_change(int state);
  void apply_network_state(int state);
  void sample();
  void tick();
  void count_event();
  void stop_now();
  double run_engine(sg4::Engine& engine);
  results::Summary finalise(double end_s);
  bool work_remaining() const { return !source_exhausted_ || jobs_->size() > 0; }
  /// Whether anything can still happen: arrivals to come, jobs moving or computing, or held
  /// jobs that a periodic tick before the horizon may still place. Jobs held with no such
  /// prospect must not keep the periodic timers (and a drained run) going forever.
  bool can_progress() const {
    return !source_exhausted_ || jobs_->size() > dispatcher_->pending() ||
           (dispatcher_->pending() > 0 && scenario_.dispatch_tick_s > 0 && sg4::Engine::get_clock() < scenario_.horizon_s);
  }
  std::vector<bool> sites_down() const;
  std::vector<results::SiteSample> site_samples() const;

  const Scenario& scenario_;
  RunOptions options_;
  topology::NetworkGraph graph_;
  std::unique_ptr<RunOutputs> outputs_;  ///< observers and the files they write
  Platform platform_;
  std::unique_ptr<LinkMeter> links_;
  std::unique_ptr<Outages> outages_;  ///< only when the scenario has outages
  std::unique_ptr<workloads::JobSource> source_;
  std::unique_ptr<policy::DispatchPolicy> policy_;
  std::unique_ptr<policy::QueueDiscipline> discipline_;
  policy::ClusterView view_;  ///< written by the sites, the transfers and the dispatcher
  std::unique_ptr<JobTable> jobs_;
  std::vector<SiteRuntime> sites_;
  std::unique_ptr<Transfers> transfers_;
  std::unique_ptr<BackgroundTraffic> background_;
  std::unique_ptr<DataStore> data_;
  std::unique_ptr<CheckpointWriter> checkpoints_;  ///< only with data.checkpoints: home
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<LeaseRuntime> leases_;  ///< only when the scenario has leases
  std::unique_ptr<SplitTraining> split_;  ///< training jobs placed on several sites
  double last_event_s_ = 0.0;
  double last_sample_s_ = 0.0;
  double stopped_at_s_ = 0.0;  ///< when a stop signal was seen
  bool source_exhausted_ = false;
  workloads::Job next_arrival_;  ///< drawn from the source, submitted when its arrival timer fires
  bool stopped_ = false;  ///< set once results are final or a stop signal came; later callbacks do nothing
  std::uint64_t events_ = 0;
};

}  // namespace aicn::sim
