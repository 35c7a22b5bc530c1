// The thin simulation: builds the engine, the platform and the rooms (sites, transfers,
// outages, dispatcher, job table), routes engine events to them, and publishes every event
// to the observers that write the results (trace, summary, energy, progress). The class is in
// simulation_run.hpp; building the platform and the rooms is simulation_build.cpp.
#include "simulation_run.hpp"

#include <chrono>

namespace aicn::sim {

using simgrid::kernel::timer::Timer;


void Simulation::count_event() {
  ++events_;
  jobs_->release_retired();
  last_event_s_ = sg4::Engine::get_clock();
  if (StopSignals::received() != 0) stop_now();
}

void Simulation::stop_now() {
  if (stopped_) return;
  stopped_ = true;
  stopped_at_s_ = sg4::Engine::get_clock();
  if (checkpoints_) checkpoints_->stop();
  // Cancel everything that refers to a job, so the engine runs out of events at once. Not
  // here: this may run inside SimGrid's completion callback of an activity, which must not
  // be cancelled then; a timer due now runs from the engine's own loop.
  Timer::set(stopped_at_s_, [this] {
    for (JobRecord* job : jobs_->in_id_order()) jobs_->detach_engine_handles(*job);
  });
}

void Simulation::schedule_next_arrival() {
  std::optional<workloads::Job> job = source_->next();
  if (!job) {
    source_exhausted_ = true;
    return;
  }
  // One arrival is pending at a time: it waits in next_arrival_, the timer holds only `this`.
  next_arrival_ = std::move(*job);
  Timer::set(std::max(next_arrival_.submit_s, sg4::Engine::get_clock()), [this] { if (!stopped_) on_arrival(); });
}

void Simulation::on_arrival() {
  count_event();
  if (stopped_) return;
  JobRecord& job = jobs_->admit(std::move(next_arrival_), sg4::Engine::get_clock());
  schedule_next_arrival();
  if (job.job.is_compute()) {
    dispatcher_->offer(job);
    dispatcher_->dispatch(policy::DispatchTrigger::ARRIVAL);
    return;
  }
  // A bulk move between hubs: no GPUs, no dispatch decision.
  const int to = scenario_.layout.home_site(job.job.destination_hub);
  const bool to_down = sites_[static_cast<std::size_t>(to)].down();
  const bool returns = outages_ != nullptr && outages_->schedule().site_returns(to);
  std::string why;
  switch (transfers_->start_data_transfer(job, to_down, returns, why)) {
    case Transfers::Outcome::ARRIVED: jobs_->end(job, results::JobStatus::FINISHED, sg4::Engine::get_clock()); break;
    case Transfers::Outcome::FAILED: jobs_->end(job, results::JobStatus::REJECTED, sg4::Engine::get_clock(), why); break;
    default: break;  // on its way, or waiting for a scheduled repair
  }
}

void Simulation::on_activity_done(const sg4::Activity& activity) {
  if (checkpoints_ && checkpoints_->on_comm_ended(activity)) return;  // a checkpoint, no job's activity
  auto* job = activity.get_data<JobRecord>();
  if (job == nullptr || stopped_) return;  // detached: its job ended or moved on
  count_event();
  if (stopped_) return;
  if (job->split) return split_->comm_done(*job, activity);
  const auto state = activity.get_state();
  if (job->transferring) {
    if (state != sg4::Activity::State::FINISHED && state != sg4::Activity::State::FAILED)
      throw std::runtime_error("a transfer of job " + std::to_string(job->job.id) + " ended in state " +
                               activity.get_state_str());
    on_transfer_ended(*job, state == sg4::Activity::State::FAILED, activity.get_remaining());
    return;
  }
  if (state != sg4::Activity::State::FINISHED)
    throw std::runtime_error("a SimGrid exec of job " + std::to_string(job->job.id) + " ended in state " +
                             activity.get_state_str());
  if (sites_[static_cast<std::size_t>(job->site)].exec_done(*job)) on_compute_done(*job);
}

void Simulation::on_transfer_ended(JobRecord& job, bool cut, double remaining_bytes) {
  const double now = sg4::Engine::get_clock();
  const bool site_down = sites_[static_cast<std::size_t>(job.site)].down();
  std::string why;
  switch (transfers_->on_comm_ended(job, cut, remaining_bytes, site_down, why)) {
    case Transfers::Outcome::ARRIVED:
      if (!job.job.is_compute() || job.returning) {  // a bulk transfer (or a job's results) ends when its bytes arrive
        jobs_->end(job, results::JobStatus::FINISHED, now);
        return;
      }
      data_->used(job.job, scenario_.layout.home_site(job.job.origin_hub), job.site, now);  // copies stay there
      sites_[static_cast<std::size_t>(job.site)].remove_inbound(job);
      sites_[static_cast<std::size_t>(job.site)].enqueue(job);
      dispatcher_->dispatch(policy::DispatchTrigger::TRANSFER_DONE);
      return;
    case Transfers::Outcome::SITE_DOWN:
    case Transfers::Outcome::ROUTE_LOST:
      sites_[static_cast<std::size_t>(job.site)].remove_inbound(job);
      dispatcher_->resubmit(job, site_down ? "destination site went down during the transfer"
                                           : "the transfer lost its route; held until a scheduled repair");
      dispatcher_->dispatch(policy::DispatchTrigger::OUTAGE);
      return;
    case Transfers::Outcome::FAILED: {
      const bool compute = job.job.is_compute();  // the record is gone after end()
      if (compute && !job.returning) sites_[static_cast<std::size_t>(job.site)].remove_inbound(job);
      jobs_->end(job, results::JobStatus::FAILED, now, why);
      if (compute) dispatcher_->dispatch(policy::DispatchTrigger::OUTAGE);
      return;
    }
    case Transfers::Outcome::STARTED:
    case Transfers::Outcome::REROUTED:
    case Transfers::Outcome::WAITING:
      return;
  }
}

void Simulation::on_compute_done(JobRecord& job) {
  if (stopped_) return;
  const int site = job.site;
  const int pool = job.pool;
  const int home = scenario_.layout.home_site(job.job.origin_hub);
  if (scenario_.data.return_results && job.job.result_bytes > 0.0 && site != home && transfers_->reachable(site, home))
    transfers_->send_result(job, home);  // its GPUs are free; it ends when its results are home
  else
    jobs_->end(job, results::JobStatus::FINISHED, sg4::Engine::get_clock());
  sites_[static_cast<std::size_t>(site)].start_queued(pool);
  dispatcher_->dispatch(policy::DispatchTrigger::COMPLETION);
}

std::vector<bool> Simulation::sites_down() const {
  std::vector<bool> down;
  for (const SiteRuntime& site : sites_) down.push_back(site.down());
  return down;
}

std::vector<results::SiteSample> Simulation::site_samples() const {
  std::vector<results::SiteSample> rows;
  rows.reserve(sites_.size());
  for (const SiteRuntime& site : sites_) rows.push_back(site.sample());
  return rows;
}

void Simulation::apply_network_state(int state) {
  // Sites change first: a transfer the switch cuts on its way to a site that went down is
  // sent back to the dispatcher.
  const Outages::Change change = outages_->apply(state, platform_, [this](int site, bool up) {
    if (up)
      sites_[static_cast<std::size_t>(site)].come_up();
    else
      sites_[static_cast<std::size_t>(site)].mark_down();
  });
  transfers_->set_last_cut(change.cut);
  for (int site : change.sites_down) {
    if (checkpoints_) checkpoints_->site_down(site);  // before its jobs fall back to their last checkpoint
    const std::string why = "site " + scenario_.layout.sites[static_cast<std::size_t>(site)].name + " went down";
    for (JobRecord* job : sites_[static_cast<std::size_t>(site)].evict_jobs()) dispatcher_->resubmit(*job, why);
  }
  transfers_->network_changed(sites_down());
}

void Simulation::on_network_change(int state) {
  count_event();
  if (stopped_) return;
  apply_network_state(state);
  dispatcher_->dispatch(policy::DispatchTrigger::OUTAGE);
}

void Simulation::sample() {
  if (stopped_) return;
  const double now = sg4::Engine::get_clock();
  split_->count_progress();
  outputs_->observer().sample(now, site_samples(), transfers_->link_samples(now));
  last_sample_s_ = now;
  const double next = now + scenario_.sample_interval_s;
  if (can_progress() && (scenario_.drain || next <= scenario_.horizon_s)) Timer::set(next, [this] { sample(); });
}

void Simulation::tick() {
  // The optional periodic call (scenario key dispatch_tick), for policies that wait for
  // better conditions rather than for the next event.
  if (stopped_) return;
  if (dispatcher_->pending() > 0) {
    count_event();
    dispatcher_->dispatch(policy::DispatchTrigger::TICK);
  }
  const double next = sg4::Engine::get_clock() + scenario_.dispatch_tick_s;
  if (can_progress() && (scenario_.drain || next <= scenario_.horizon_s)) Timer::set(next, [this] { tick(); });
}


double Simulation::run_engine(sg4::Engine& engine) {
  if (outages_) {
    apply_network_state(0);  // outages at time 0 are part of the first state
    for (int s = 1; s < outages_->state_count(); ++s)
      Timer::set(outages_->state_start_s(s), [this, s] {
        if (!stopped_) on_network_change(s);
      });
  }
  background_->start(0.0, [this](double next_s) {
    return !stopped_ && can_progress() && (scenario_.drain || next_s <= scenario_.horizon_s);
  });
  schedule_next_arrival();
  Timer::set(0.0, [this] { sample(); });
  if (scenario_.dispatch_tick_s > 0) Timer::set(scenario_.dispatch_tick_s, [this] { tick(); });
  logger()->info("running {}: {} sites, {} GPUs, policy {}", scenario_.name, scenario_.layout.sites.size(),
                 scenario_.layout.total_gpus(), scenario_.policy);
  if (scenario_.drain)
    engine.run();
  else
    engine.run_until(scenario_.horizon_s);
  const bool all_done = !work_remaining();
  return all_done || scenario_.drain ? last_event_s_ : scenario_.horizon_s;
}

results::Summary Simulation::finalise(double end_s) {
  stopped_ = true;
  // Read SimGrid's host energy before the jobs' execs are cancelled below.
  const std::vector<double> simgrid_it_j = scenario_.compute_model == ComputeModel::EXEC
                                               ? simgrid_site_it_energy_j(platform_, end_s)
                                               : std::vector<double>{};
  if (end_s > last_sample_s_) split_->count_progress();
  if (end_s > last_sample_s_) outputs_->observer().sample(end_s, site_samples(), transfers_->link_samples(end_s));
  // The jobs left end as unfinished, in id order (their transfers, timers and execs let go).
  transfers_->forget_all();
  for (JobRecord* job : jobs_->in_id_order()) jobs_->end(*job, results::JobStatus::UNFINISHED, end_s);
  outputs_->observer().run_ended(end_s);
  return outputs_->summary(end_s, simgrid_it_j);
}

RunResult Simulation::run() {
  const auto wall_start = std::chrono::steady_clock::now();
  if (!graph_.connected()) logger()->warn("layout {} is not connected: some sites cannot exchange data", scenario_.layout.name);

  int argc = 3;
  char program[] = "aicn";
  char quiet_config[] = "--log=xbt_cfg.thresh:warning";
  char quiet_energy[] = "--log=host_energy.thresh:warning";  // no per-host energy lines at exit
  char* argv[] = {program, quiet_config, quiet_energy, nullptr};
  sg4::Engine engine(&argc, argv);
  const StopSignals stop_signals;  // after the engine, which installs its own SIGINT handler
  // The partial trace appears only once a stop signal would be handled (tests wait for it).
  outputs_ = std::make_unique<RunOutputs>(scenario_, options_, graph_);
  RunResult result;
  try {
    build();
    const double end_s = run_engine(engine);
    const int signal = stopped_ ? StopSignals::received() : 0;
    if (signal == 0) result.summary = finalise(end_s);
    // Let the engine settle the activities cancelled at the end (SimGrid frees their kernel
    // actions on its next step), so nothing is left running when it shuts down.
    stopped_ = true;
    if (jobs_->has_retired()) engine.run_until(sg4::Engine::get_clock() + 1.0);
    jobs_->release_retired();
    if (signal != 0) {
      outputs_->abandon();  // nothing that looks complete is left behind
      throw RunInterrupted(signal, stopped_at_s_);
    }
    outputs_->complete(result.summary, end_s);
  } catch (const RunInterrupted&) {
    throw;
  } catch (...) {
    if (jobs_) jobs_->leak_engine_handles();
    outputs_->abandon();
    throw;
  }
  result.trace_path = outputs_->trace_path();
  result.summary_path = outputs_->summary_path();
  result.scenario_path = outputs_->scenario_path();
  result.events = events_;
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return result;
}

RunResult run_simulation(const Scenario& scenario, const RunOptions& options) {
  check_run_size(scenario);  // a --horizon override may have changed the counts parse_scenario checked
  check_simgrid_config(scenario);  // before anything is written: a refused setting would abort the engine
  Simulation simulation(scenario, options);
  return simulation.run();
}

}  // namespace aicn::sim
