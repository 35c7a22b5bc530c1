// Simulation::build(): the SimGrid configuration, the platform and the rooms of one run, in
// the order they depend on one another (simulation_run.hpp).
#include "simulation_run.hpp"

#include "aicn/workloads/serving_plan.hpp"

namespace aicn::sim {

void Simulation::build() {
  for (const auto& [key, value] : scenario_.simgrid_config) sg4::Engine::set_config(key + ":" + value);
  const bool exec_energy = scenario_.compute_model == ComputeModel::EXEC;
  if (exec_energy) enable_simgrid_host_energy();
  std::unique_ptr<NetworkOutages> schedule;
  if (!scenario_.outages.empty() || scenario_.random_failures.any()) {
    auto stream = workloads::make_stream(scenario_.seed, "outages");
    schedule = std::make_unique<NetworkOutages>(
        scenario_.layout, topology::with_random_outages(scenario_.layout, scenario_.outages, scenario_.random_failures,
                                                        scenario_.horizon_s, stream));
  }
  // With outages at time 0 the first state already lacks some links: its routes avoid them.
  const topology::Economics* wattage = exec_energy ? &scenario_.economics : nullptr;
  platform_ = build_platform(scenario_.layout, schedule ? schedule->graph(0) : graph_, wattage,
                             schedule ? schedule->later_graphs() : std::vector<const topology::NetworkGraph*>{},
                             scenario_.network.site_transfer_bps);
  links_ = std::make_unique<LinkMeter>(platform_);
  results::RunObserver& observer = outputs_->observer();
  if (schedule) outages_ = std::make_unique<Outages>(scenario_.layout, std::move(schedule), observer);

  policy::PolicyContext policy_context;
  policy_context.seed = scenario_.seed;
  policy_context.params = scenario_.policy_params;
  policy_ = policy::create_policy(scenario_.policy, policy_context);
  discipline_ = policy::make_queue_discipline(scenario_.queue_discipline);
  workloads::SourceContext source_context{&scenario_.layout, scenario_.seed, scenario_.horizon_s, scenario_.max_jobs,
                                          scenario_.base_dir};
  source_ = workloads::SourceRegistry::instance().create(scenario_.workload, source_context);
  if (const auto* serving = dynamic_cast<const workloads::ServingPlanSource*>(source_.get()))
    outputs_->attach_serving(serving->serving_plan(), graph_);

  view_ = initial_view(scenario_);  // before the rooms: each writes its own part of it
  jobs_ = std::make_unique<JobTable>(scenario_.layout, observer);
  sites_.reserve(scenario_.layout.sites.size());
  for (std::size_t s = 0; s < scenario_.layout.sites.size(); ++s)
    sites_.emplace_back(static_cast<int>(s), scenario_, platform_.sites[s], view_.sites[s], *discipline_, *jobs_,
                        observer, [this](JobRecord& job) {
                          count_event();
                          on_compute_done(job);
                        });
  const NetworkOutages* network = outages_ ? &outages_->schedule() : nullptr;
  transfers_ = std::make_unique<Transfers>(scenario_.layout, graph_, network, platform_, *jobs_, *links_, observer);
  transfers_->configure(scenario_.network);
  background_ = std::make_unique<BackgroundTraffic>(scenario_.layout, platform_, scenario_.network, *transfers_);
  dispatcher_ = std::make_unique<Dispatcher>(scenario_, *policy_, view_, sites_, *transfers_, network, *jobs_, observer);
  dispatcher_->use_signals(outputs_->signals());
  data_ = std::make_unique<DataStore>(scenario_.data.capacity_per_site(scenario_.layout.sites.size()),
                                      scenario_.data.keep_copies, view_);
  dispatcher_->set_data_store(data_.get());
  if (scenario_.data.checkpoints == CheckpointTarget::HOME) {
    checkpoints_ = std::make_unique<CheckpointWriter>(scenario_, *transfers_, *jobs_, observer);
    for (SiteRuntime& site : sites_) site.set_started_hook([this](JobRecord& job) { checkpoints_->job_started(job); });
  }
  leases_ = attach_leases(scenario_, sites_, *dispatcher_, observer, [this] { return !stopped_ && can_progress(); });
  split_ = std::make_unique<SplitTraining>(scenario_, platform_, graph_, sites_, *links_, *jobs_, observer,
                                           [this](JobRecord& job) { count_event(), on_compute_done(job); });
  dispatcher_->set_split_training(split_.get());
  sg4::Activity::on_completion_cb([this](const sg4::Activity& activity) { on_activity_done(activity); });
}

}  // namespace aicn::sim
