#include "aicn/sim/simulation.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/plugins/load.h>
#include <simgrid/s4u.hpp>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <deque>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <unordered_map>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/results/atomic_file.hpp"
#include "aicn/results/energy_accountant.hpp"
#include "aicn/policy/queue_discipline.hpp"
#include "aicn/sim/gpu_allocator.hpp"
#include "aicn/sim/logging.hpp"
#include "aicn/sim/network_outages.hpp"
#include "aicn/sim/platform_builder.hpp"
#include "aicn/results/progress.hpp"
#include "aicn/results/trace_writer.hpp"
#include "aicn/results/provenance.hpp"
#include "aicn/sim/version.hpp"
#include "view_updates.hpp"
#include "view_energy.hpp"
#include "aicn/topology/network_graph.hpp"
#include "aicn/workloads/job_source.hpp"
#include "simgrid_energy.hpp"
#include "aicn/workloads/random_streams.hpp"
#include "job_allocation.hpp"

namespace aicn::sim {
namespace {

// What a run writes lives in results/ (aicn_results).
using results::copy_name;
using results::Distribution;
using results::EnergyAccountant;
using results::EventRow;
using results::JobRow;
using results::JobStatus;
using results::kTraceSchemaVersion;
using results::LinkCatalogRow;
using results::LinkSampleRow;
using results::ProgressLine;
using results::Provenance;
using results::SiteCatalogRow;
using results::SiteSampleRow;
using results::SiteSummary;
using results::Summary;
using results::TraceWriter;
using results::write_file_atomically;
using results::write_provenance_files;
namespace sg4 = simgrid::s4u;
using simgrid::kernel::timer::Timer;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A job between its arrival and its end, with everything that happened to it so far.
struct ActiveJob {
  workloads::Job job;
  int site = -1;
  int pool = -1;
  double transfer_start_s = kNaN;
  double transfer_end_s = kNaN;
  double start_s = kNaN;
  double bytes_moved = 0.0;
  Allocation allocation;
  std::vector<sg4::ActivityPtr> activities;  ///< kept alive until they complete
  int activities_left = 0;
  bool transferring = false;
  Timer* compute_timer = nullptr;  ///< the end of a TIMER-model run, until it fires
};

struct PoolRuntime {
  GpuAllocator allocator;
  std::deque<ActiveJob*> queue;  ///< local queue in arrival order; the discipline picks who starts
  long long queued_gpus = 0;
  int running_jobs = 0;
  double busy_gpu_s = 0.0;
  double busy_since_s = 0.0;  ///< time of the last change of busy GPUs
  std::uint64_t jobs_started = 0;
};

class Simulation {
 public:
  Simulation(const Scenario& scenario, const RunOptions& options)
      : scenario_(scenario), options_(options), graph_(scenario.layout) {}

  RunResult run();

 private:
  void configure_engine();
  void build_view();
  void refresh_pool_view(int site, int pool);
  void schedule_next_arrival();
  void on_arrival(const workloads::Job& job);
  void dispatch(policy::DispatchTrigger trigger);
  void tick();
  void start_data_transfer(ActiveJob& job);
  void apply(const policy::Decision& decision);
  bool validate(const policy::Decision& decision, const ActiveJob& job, std::string& why) const;
  void place(ActiveJob& job, int site, int pool);
  void enqueue(ActiveJob& job);
  void try_start(int site, int pool);
  void start_compute(ActiveJob& job);
  void on_activity_done(const sg4::Activity& activity);
  void on_transfer_done(ActiveJob& job);
  // Scheduled outages (network_outages.hpp): the network changes state, and a transfer a
  // cut link interrupted resumes on the new route or fails.
  void on_network_change(int state);
  void on_transfer_cut(ActiveJob& job, double remaining_bytes);
  void send_bytes(ActiveJob& job, int from_site, int to_site, double bytes);
  /// The view's count of dataset transfers in flight from one site to another.
  int& transfers_in_flight(int from_site, int to_site) {
    return view_.route_transfers[static_cast<std::size_t>(from_site) * view_.sites.size() + static_cast<std::size_t>(to_site)];
  }
  void take_site_down(int site);
  void interrupt(ActiveJob& job);
  void forget_in_view(const ActiveJob& job);
  void abandon_activities();
  void resubmit(ActiveJob& job, const std::string& why);
  void record_event(const char* kind, const std::string& subject, std::int64_t job, const std::string& detail);
  const topology::NetworkGraph& routing_graph() const { return outages_ ? outages_->current_graph() : graph_; }
  sg4::Host* gateway(int site) const {
    return platform_.state_gateways[static_cast<std::size_t>(outages_ ? outages_->current() : 0)][static_cast<std::size_t>(site)];
  }
  void refresh_route_view();
  void on_compute_done(ActiveJob& job);
  void finish_job(ActiveJob& job, JobStatus status);
  void reject(ActiveJob& job, const std::string& reason);
  void account_busy(PoolRuntime& pool, int delta_gpus);
  void sample();
  void write_site_samples(double now);
  void write_link_samples(double now);
  bool work_remaining() const { return !source_exhausted_ || !active_.empty(); }
  /// Whether anything can still happen: arrivals to come, jobs moving or computing, or held
  /// jobs that a periodic tick before the horizon may still place. Jobs held with no such
  /// prospect must not keep the periodic timers (and a drained run) going forever.
  bool can_progress() const {
    return !source_exhausted_ || active_.size() > pending_.size() ||
           (!pending_.empty() && scenario_.dispatch_tick_s > 0 && sg4::Engine::get_clock() < scenario_.horizon_s);
  }
  void count_event();
  Summary finalise(double end_s);

  const Scenario& scenario_;
  RunOptions options_;
  topology::NetworkGraph graph_;
  std::unique_ptr<NetworkOutages> outages_;  ///< only when the scenario schedules outages
  std::string last_cut_;                     ///< links cut by the latest network change, for events
  std::vector<bool> site_down_;              ///< per site, from the current network state
  Platform platform_;
  std::unique_ptr<workloads::JobSource> source_;
  std::unique_ptr<policy::DispatchPolicy> policy_;
  std::unique_ptr<policy::QueueDiscipline> discipline_;
  std::unique_ptr<TraceWriter> trace_;
  std::unique_ptr<ProgressLine> progress_;
  std::unique_ptr<EnergyAccountant> energy_;
  policy::ClusterView view_;
  std::vector<std::vector<PoolRuntime>> pools_;
  std::unordered_map<std::uint64_t, std::unique_ptr<ActiveJob>> active_;
  std::vector<ActiveJob*> pending_;  ///< awaiting a decision, in arrival order
  std::vector<sg4::ActivityPtr> retired_;  ///< completed activities, released on the next event
  std::vector<double> link_cumulative_bytes_;  ///< per SimGrid link direction, at the last sample
  double last_sample_s_ = 0.0;
  double energy_view_until_s_ = -1.0;  ///< the view's energy figures hold until then
  double last_event_s_ = 0.0;
  bool source_exhausted_ = false;
  bool stopped_ = false;  ///< set once results are final; later engine callbacks are ignored
  std::uint64_t events_ = 0;
  // Summary accumulators.
  std::uint64_t submitted_ = 0, finished_ = 0, rejected_ = 0, invalid_ = 0, transfers_ = 0;
  std::uint64_t failed_ = 0, outage_events_ = 0, transfers_rerouted_ = 0, transfers_failed_ = 0;
  std::uint64_t jobs_interrupted_ = 0, jobs_resubmitted_ = 0;
  double work_lost_gpu_s_ = 0.0;
  double bytes_moved_ = 0.0, bytes_east_to_west_ = 0.0;
  std::vector<double> waits_, completions_;
  std::map<std::string, std::uint64_t> rejection_reasons_;
};

void Simulation::configure_engine() {
  for (const auto& [key, value] : scenario_.simgrid_config) sg4::Engine::set_config(key + ":" + value);
}

void Simulation::build_view() {
  const auto& layout = scenario_.layout;
  view_.sites.clear();
  pools_.clear();
  for (const auto& site : layout.sites) {
    policy::SiteView site_view;
    site_view.name = site.name;
    site_view.hub = site.hub;
    site_view.side = layout.hubs[static_cast<std::size_t>(site.hub)].side;
    site_view.pue = site.pue;
    std::vector<PoolRuntime> runtimes;
    for (const auto& pool : site.pools) {
      site_view.pools.push_back(policy::PoolView{pool.gpu_model, pool.gpus, pool.gpus, pool.gpus_per_server, 0, 0, 0});
      fill_pool_economics(site_view.pools.back(), pool, scenario_.economics);
      runtimes.push_back(PoolRuntime{GpuAllocator(pool.servers(), pool.gpus_per_server), {}, 0, 0, 0.0, 0.0, 0});
    }
    view_.sites.push_back(std::move(site_view));
    pools_.push_back(std::move(runtimes));
  }
  for (std::size_t s = 0; s < view_.sites.size(); ++s)
    for (std::size_t p = 0; p < view_.sites[s].pools.size(); ++p) refresh_pool_view(static_cast<int>(s), static_cast<int>(p));
  view_.hub_home_site.clear();
  for (std::size_t hub = 0; hub < layout.hubs.size(); ++hub) view_.hub_home_site.push_back(layout.home_site(static_cast<int>(hub)));
  view_.dispatch_tick_s = scenario_.dispatch_tick_s;
  refresh_route_view();
}

void Simulation::refresh_route_view() {
  const std::size_t n = scenario_.layout.sites.size();
  view_.route_latency_s.assign(n * n, std::numeric_limits<double>::infinity());
  view_.route_bandwidth_bps.assign(n * n, 0.0);
  view_.route_transfers.assign(n * n, 0);
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = 0; b < n; ++b) {
      const auto& route = routing_graph().route(static_cast<int>(a), static_cast<int>(b));
      if (!route.reachable) continue;
      view_.route_latency_s[a * n + b] = route.latency_s;
      view_.route_bandwidth_bps[a * n + b] = route.bottleneck_bps;
    }
  }
}

void Simulation::refresh_pool_view(int site, int pool) {
  const PoolRuntime& runtime = pools_[static_cast<std::size_t>(site)][static_cast<std::size_t>(pool)];
  policy::PoolView& view = view_.sites[static_cast<std::size_t>(site)].pools[static_cast<std::size_t>(pool)];
  view.free_gpus = runtime.allocator.free_gpus();
  view.largest_free_block = runtime.allocator.largest_allocatable();
  // A site that is down offers nothing: policies see no GPUs, and placements there are refused.
  const bool down = !site_down_.empty() && site_down_[static_cast<std::size_t>(site)];
  view.total_gpus = down ? 0 : runtime.allocator.total_gpus();
  view.installed_gpus = runtime.allocator.total_gpus();
  view_.sites[static_cast<std::size_t>(site)].down = down;
  if (down) view.free_gpus = view.largest_free_block = 0;
  view.queued_jobs = static_cast<int>(runtime.queue.size());
  view.queued_gpus = runtime.queued_gpus;
}

void Simulation::count_event() {
  ++events_;
  retired_.clear();
  last_event_s_ = sg4::Engine::get_clock();
  if (progress_ && (events_ & 1023) == 0) progress_->update(last_event_s_, finished_ + rejected_, submitted_, events_);
}

void Simulation::schedule_next_arrival() {
  std::optional<workloads::Job> job = source_->next();
  if (!job) {
    source_exhausted_ = true;
    return;
  }
  const double when = std::max(job->submit_s, sg4::Engine::get_clock());
  Timer::set(when, [this, arrived = *job] {
    if (!stopped_) on_arrival(arrived);
  });
}

void Simulation::on_arrival(const workloads::Job& job) {
  count_event();
  ++submitted_;
  auto record = std::make_unique<ActiveJob>();
  record->job = job;
  ActiveJob* raw = record.get();
  if (!active_.emplace(job.id, std::move(record)).second)
    throw std::runtime_error("the workload has two jobs with id " + std::to_string(job.id));
  schedule_next_arrival();
  if (!job.is_compute()) {
    start_data_transfer(*raw);  // a bulk move between hubs: no GPUs, no dispatch decision
    return;
  }
  pending_.push_back(raw);
  dispatch(policy::DispatchTrigger::ARRIVAL);
}

void Simulation::dispatch(policy::DispatchTrigger trigger) {
  if (pending_.empty()) return;
  view_.now_s = sg4::Engine::get_clock();
  view_.trigger = trigger;
  if (view_.now_s >= energy_view_until_s_) {  // prices and PUE are piecewise constant in time
    energy_view_until_s_ = topology::kNever;
    for (std::size_t s = 0; s < view_.sites.size(); ++s)
      energy_view_until_s_ = std::min(energy_view_until_s_,
                                      fill_site_energy(view_.sites[s], scenario_.layout.sites[s], view_.now_s));
  }
  std::vector<const workloads::Job*> offered;
  offered.reserve(pending_.size());
  for (const ActiveJob* job : pending_) offered.push_back(&job->job);
  const std::vector<policy::Decision> decisions = policy_->decide(view_, offered);
  for (const auto& decision : decisions) apply(decision);
}

bool Simulation::validate(const policy::Decision& decision, const ActiveJob& job, std::string& why) const {
  const auto& sites = view_.sites;
  if (decision.site < 0 || decision.site >= static_cast<int>(sites.size())) {
    why = "site index " + std::to_string(decision.site) + " does not exist";
    return false;
  }
  const auto& site = sites[static_cast<std::size_t>(decision.site)];
  if (decision.pool < 0 || decision.pool >= static_cast<int>(site.pools.size())) {
    why = "site " + site.name + " has no pool " + std::to_string(decision.pool);
    return false;
  }
  const auto& pool = site.pools[static_cast<std::size_t>(decision.pool)];
  if (!job.job.accepts(pool.gpu_model)) {
    why = "job needs " + topology::gpu_model(job.job.gpu_model).name +
          " (or a listed alternative with enough memory) but the pool at " + site.name + " holds " +
          topology::gpu_model(pool.gpu_model).name;
    return false;
  }
  if (pool.total_gpus < job.job.gpus) {
    why = "job needs " + std::to_string(job.job.gpus) + " GPUs but the pool at " + site.name + " has only " +
          std::to_string(pool.total_gpus);
    return false;
  }
  const int origin_site = view_.hub_home_site[static_cast<std::size_t>(job.job.origin_hub)];
  if (!routing_graph().route(origin_site, decision.site).reachable) {
    why = "no network route from the job's data at " + sites[static_cast<std::size_t>(origin_site)].name + " to " + site.name;
    return false;
  }
  return true;
}

void Simulation::apply(const policy::Decision& decision) {
  auto found = active_.find(decision.job_id);
  if (found == active_.end() || std::find(pending_.begin(), pending_.end(), found->second.get()) == pending_.end()) {
    ++invalid_;
    logger()->warn("invalid decision by policy {}: job {} is not pending (decided twice, or unknown); ignored",
                   scenario_.policy, decision.job_id);
    return;
  }
  ActiveJob& job = *found->second;
  if (decision.action == policy::Decision::Action::HOLD) return;
  pending_.erase(std::find(pending_.begin(), pending_.end(), &job));
  if (decision.action == policy::Decision::Action::REJECT) {
    reject(job, decision.reason.empty() ? "rejected by policy without a reason" : decision.reason);
    return;
  }
  std::string why;
  if (!validate(decision, job, why)) {
    ++invalid_;
    logger()->warn("invalid decision by policy {} for job {}: {}; the job is rejected", scenario_.policy, job.job.id, why);
    reject(job, "invalid decision: " + why);
    return;
  }
  place(job, decision.site, decision.pool);
}

void Simulation::place(ActiveJob& job, int site, int pool) {
  job.site = site;
  job.pool = pool;
  const int origin_site = view_.hub_home_site[static_cast<std::size_t>(job.job.origin_hub)];
  if (origin_site == site || job.job.dataset_bytes <= 0.0) {
    enqueue(job);
    return;
  }
  // The dataset moves from the origin hub's home site to the chosen site before the job
  // may queue there; the transfer is a SimGrid communication sharing the links' bandwidth.
  job.transferring = true;
  job.transfer_start_s = sg4::Engine::get_clock();
  view_.sites[static_cast<std::size_t>(site)].pools[static_cast<std::size_t>(pool)].inbound.push_back(
      {job.job.id, job.job.gpus, job.job.run_time_s(), job.job.priority});
  ++transfers_in_flight(origin_site, site);
  send_bytes(job, origin_site, site, job.job.dataset_bytes);
}

// Data-transfer jobs: the bytes go from the origin hub's home site to the destination hub's
// home site as one SimGrid communication; the job ends when they have arrived.
void Simulation::start_data_transfer(ActiveJob& job) {
  const int from = view_.hub_home_site[static_cast<std::size_t>(job.job.origin_hub)];
  const int to = view_.hub_home_site[static_cast<std::size_t>(job.job.destination_hub)];
  if (site_down_[static_cast<std::size_t>(to)]) {
    reject(job, "the receiving site of data transfer " + std::to_string(job.job.id) + " is down");
    return;
  }
  if (from == to || job.job.dataset_bytes <= 0.0 || !routing_graph().route(from, to).reachable) {
    if (from != to && job.job.dataset_bytes > 0.0) {
      reject(job, "no network route between the hubs of data transfer " + std::to_string(job.job.id));
      return;
    }
    job.site = to;
    job.start_s = sg4::Engine::get_clock();
    finish_job(job, JobStatus::FINISHED);
    return;
  }
  job.site = to;
  job.transferring = true;
  job.transfer_start_s = job.start_s = sg4::Engine::get_clock();
  send_bytes(job, from, to, job.job.dataset_bytes);
}

void Simulation::enqueue(ActiveJob& job) {
  PoolRuntime& pool = pools_[static_cast<std::size_t>(job.site)][static_cast<std::size_t>(job.pool)];
  pool.queue.push_back(&job);
  pool.queued_gpus += job.job.gpus;
  view_.sites[static_cast<std::size_t>(job.site)].pools[static_cast<std::size_t>(job.pool)].queue.push_back(
      {job.job.id, job.job.gpus, job.job.run_time_s(), job.job.priority});
  try_start(job.site, job.pool);
  refresh_pool_view(job.site, job.pool);
}

void Simulation::try_start(int site, int pool_index) {
  PoolRuntime& pool = pools_[static_cast<std::size_t>(site)][static_cast<std::size_t>(pool_index)];
  // The queue discipline (scenario key `queue`) picks which queued job starts, one at a time.
  policy::PoolView& view = view_.sites[static_cast<std::size_t>(site)].pools[static_cast<std::size_t>(pool_index)];
  policy::QueueState state;
  // Whole GPUs (gang allocation) or a share of one GPU (openb gpu_milli): the allocator decides.
  state.fits_now = [&pool](std::size_t index) { return can_start(pool.allocator, pool.queue[index]->job); };
  while (!pool.queue.empty()) {
    state.now_s = sg4::Engine::get_clock();
    state.free_gpus = pool.allocator.free_gpus();
    state.running = view.running;
    state.queue = view.queue;
    const std::optional<std::size_t> next = discipline_->next_to_start(state);
    if (!next) break;
    const auto index = static_cast<std::ptrdiff_t>(*next);
    ActiveJob& job = *pool.queue[*next];
    pool.queue.erase(pool.queue.begin() + index);
    view.queue.erase(view.queue.begin() + index);
    pool.queued_gpus -= job.job.gpus;
    account_busy(pool, 0);  // close the busy interval before the allocation changes it
    job.allocation = allocate_for(pool.allocator, job.job);
    if (pool.allocator.free_gpus() < 0 || job.allocation.empty())
      throw std::logic_error("pool over-allocated while starting job " + std::to_string(job.job.id));
    ++pool.running_jobs;
    ++pool.jobs_started;
    start_compute(job);
  }
  // Also reached right after a release (on_compute_done), so every change of busy GPUs is seen.
  energy_->set_busy(site, pool_index, sg4::Engine::get_clock(), pool.allocator.total_gpus() - pool.allocator.free_gpus());
}

void Simulation::account_busy(PoolRuntime& pool, int delta_gpus) {
  const double now = sg4::Engine::get_clock();
  const int busy_before = pool.allocator.total_gpus() - pool.allocator.free_gpus() - delta_gpus;
  pool.busy_gpu_s += static_cast<double>(busy_before) * (now - pool.busy_since_s);
  pool.busy_since_s = now;
}

void Simulation::start_compute(ActiveJob& job) {
  job.start_s = sg4::Engine::get_clock();
  const topology::GpuModelId model =
      scenario_.layout.sites[static_cast<std::size_t>(job.site)].pools[static_cast<std::size_t>(job.pool)].gpu_model;
  add_running(view_.sites[static_cast<std::size_t>(job.site)].pools[static_cast<std::size_t>(job.pool)], job.job.id,
              job.start_s + job.job.run_time_s(model), job.job.gpus);
  // Fixed-length jobs (services, replayed traces) and GPU shares run on a timer in both
  // compute models: their length is not a FLOP count SimGrid could execute.
  if (scenario_.compute_model == ComputeModel::TIMER || job.job.duration_s > 0.0 || is_gpu_share(job.job)) {
    job.compute_timer = Timer::set(job.start_s + job.job.run_time_s(model), [this, &job] {
      job.compute_timer = nullptr;  // the engine frees a timer once it has fired
      if (stopped_) return;
      count_event();
      on_compute_done(job);
    });
    return;
  }
  // One exec per server held, with one thread per GPU the job holds there. Core speed is the
  // GPU's peak and SimGrid gives each thread the exec's whole amount, so the amount is one
  // GPU's share of the work at the job's utilisation: flops / utilisation / gpus.
  const auto& servers = platform_.sites[static_cast<std::size_t>(job.site)].servers[static_cast<std::size_t>(job.pool)];
  job.activities_left = static_cast<int>(job.allocation.size());
  for (const auto& share : job.allocation) {
    const double amount = job.job.flops / job.job.utilisation / job.job.gpus;
    sg4::ExecPtr exec = sg4::Exec::init();
    exec->set_host(servers[static_cast<std::size_t>(share.server)]);
    exec->set_flops_amount(amount);
    exec->set_thread_count(share.gpus);
    exec->set_data(&job);
    job.activities.push_back(exec);
    exec->start();
  }
}

void Simulation::on_activity_done(const sg4::Activity& activity) {
  auto* job = activity.get_data<ActiveJob>();
  if (job == nullptr || stopped_) return;
  count_event();
  if (activity.get_state() == sg4::Activity::State::FAILED && job->transferring) {
    on_transfer_cut(*job, activity.get_remaining());
    return;
  }
  if (activity.get_state() != sg4::Activity::State::FINISHED)
    throw std::runtime_error("a SimGrid activity of job " + std::to_string(job->job.id) + " ended in state " +
                             activity.get_state_str());
  if (--job->activities_left > 0) return;
  for (auto& kept : job->activities) retired_.push_back(std::move(kept));
  job->activities.clear();
  if (job->transferring)
    on_transfer_done(*job);
  else
    on_compute_done(*job);
}

void Simulation::on_transfer_done(ActiveJob& job) {
  job.transferring = false;
  job.transfer_end_s = sg4::Engine::get_clock();
  job.bytes_moved = job.job.dataset_bytes;
  ++transfers_;
  bytes_moved_ += job.bytes_moved;
  const auto& layout = scenario_.layout;
  const bool from_east = layout.hubs[static_cast<std::size_t>(job.job.origin_hub)].side == topology::Side::EAST;
  const bool to_west = view_.sites[static_cast<std::size_t>(job.site)].side == topology::Side::WEST;
  if (from_east && to_west) bytes_east_to_west_ += job.bytes_moved;
  const int origin_site = view_.hub_home_site[static_cast<std::size_t>(job.job.origin_hub)];
  energy_->add_transfer(origin_site, job.bytes_moved, EnergyAccountant::route_km(layout, graph_, origin_site, job.site),
                        job.transfer_end_s);
  if (!job.job.is_compute()) {  // a bulk data transfer ends when its bytes arrive
    finish_job(job, JobStatus::FINISHED);
    return;
  }
  erase_job(view_.sites[static_cast<std::size_t>(job.site)].pools[static_cast<std::size_t>(job.pool)].inbound, job.job.id);
  --transfers_in_flight(origin_site, job.site);
  enqueue(job);
  dispatch(policy::DispatchTrigger::TRANSFER_DONE);
}

void Simulation::record_event(const char* kind, const std::string& subject, std::int64_t job, const std::string& detail) {
  EventRow row{};
  row.time_s = sg4::Engine::get_clock();
  copy_name(row.kind, kind);
  copy_name(row.subject, subject);
  row.job = job;
  copy_name(row.detail, detail);
  trace_->append(row);
}

void Simulation::on_network_change(int state) {
  count_event();
  // Mark sites first: a transfer cut on its way to a site that went down is resubmitted.
  const auto& site_up = outages_->states()[static_cast<std::size_t>(state)].site_up;
  std::vector<int> going_down, coming_up;
  for (std::size_t s = 0; s < site_up.size(); ++s) {
    if (site_up[s] == !site_down_[s]) continue;
    (site_up[s] ? coming_up : going_down).push_back(static_cast<int>(s));
    site_down_[s] = !site_up[s];
  }
  const auto changes = outages_->enter_state(state, platform_);  // SimGrid fails cut transfers
  last_cut_.clear();
  for (int site : going_down) {
    ++outage_events_;
    record_event("site_down", scenario_.layout.sites[static_cast<std::size_t>(site)].name, -1, "scheduled outage");
    last_cut_ = scenario_.layout.sites[static_cast<std::size_t>(site)].name;
  }
  for (int site : coming_up) {
    ++outage_events_;
    record_event("site_up", scenario_.layout.sites[static_cast<std::size_t>(site)].name, -1, "repaired");
  }
  const auto& link_up = outages_->states()[static_cast<std::size_t>(state)].link_up;
  const auto& link_was_up = outages_->states()[static_cast<std::size_t>(state - 1)].link_up;
  for (const auto& [link, up] : changes) {
    const std::string name = scenario_.layout.link_name(link);
    if (!up) last_cut_ += (last_cut_.empty() ? "" : ", ") + name;
  }
  // Link events are the links' own outages, not links that follow a site going down or up.
  for (std::size_t l = 0; l < link_up.size(); ++l) {
    if (link_up[l] == link_was_up[l]) continue;
    ++outage_events_;
    record_event(link_up[l] ? "link_up" : "link_down", scenario_.layout.link_name(static_cast<int>(l)), -1,
                 link_up[l] ? "repaired" : "scheduled outage");
  }
  for (int site : going_down) take_site_down(site);
  for (std::size_t s = 0; s < pools_.size(); ++s)
    for (std::size_t p = 0; p < pools_[s].size(); ++p) refresh_pool_view(static_cast<int>(s), static_cast<int>(p));
  refresh_route_view();
  dispatch(policy::DispatchTrigger::OUTAGE);
}

void Simulation::take_site_down(int site) {
  // Jobs running or queued there go back to the dispatcher, in id order (determinism).
  std::vector<ActiveJob*> affected;
  for (auto& [id, job] : active_)
    if (job->site == site && !job->transferring) affected.push_back(job.get());
  std::sort(affected.begin(), affected.end(), [](auto* a, auto* b) { return a->job.id < b->job.id; });
  for (auto& pool : pools_[static_cast<std::size_t>(site)]) {
    pool.queue.clear();
    pool.queued_gpus = 0;
  }
  for (ActiveJob* job : affected) {
    if (!std::isnan(job->start_s)) interrupt(*job);
    resubmit(*job, "site " + scenario_.layout.sites[static_cast<std::size_t>(site)].name + " went down");
  }
}

void Simulation::interrupt(ActiveJob& job) {
  // The job keeps the work up to its last checkpoint and loses the rest.
  const double now = sg4::Engine::get_clock();
  const topology::GpuModelId model =
      scenario_.layout.sites[static_cast<std::size_t>(job.site)].pools[static_cast<std::size_t>(job.pool)].gpu_model;
  const double run_time = job.job.run_time_s(model);
  const double elapsed = std::min(now - job.start_s, run_time);
  // A job that states its own checkpoint interval (training, fine-tuning) uses it; others the scenario's.
  const double interval = job.job.checkpoint_interval_s > 0.0 ? job.job.checkpoint_interval_s : scenario_.checkpoint_interval_s;
  const double saved = std::min(std::floor(elapsed / interval) * interval, run_time);
  const double lost = elapsed - saved;
  ++jobs_interrupted_;
  work_lost_gpu_s_ += lost * job.job.gpus;
  char detail[128];
  std::snprintf(detail, sizeof detail, "ran %.0f s, kept %.0f s (checkpoint every %.0f s), lost %.0f s", elapsed, saved,
                interval, lost);
  record_event("job_interrupted", scenario_.layout.sites[static_cast<std::size_t>(job.site)].name,
               static_cast<std::int64_t>(job.job.id), detail);
  job.job.flops *= (run_time - saved) / run_time;  // run time is proportional to flops
  if (job.job.duration_s > 0.0) job.job.duration_s -= saved;  // fixed-length jobs: the rest of their time

  if (job.compute_timer != nullptr) {
    job.compute_timer->remove();
    job.compute_timer = nullptr;
  }
  for (auto& activity : job.activities) {
    activity->set_data(nullptr);  // the completion handler ignores the cancelled execs
    activity->cancel();
  }
  PoolRuntime& pool = pools_[static_cast<std::size_t>(job.site)][static_cast<std::size_t>(job.pool)];
  account_busy(pool, 0);
  pool.allocator.release(job.allocation);
  --pool.running_jobs;
  // The released GPUs fall back to idle power (a down site is not switched off: see README).
  energy_->set_busy(job.site, job.pool, sg4::Engine::get_clock(),
                    pool.allocator.total_gpus() - pool.allocator.free_gpus());
}

void Simulation::forget_in_view(const ActiveJob& job) {
  // The job leaves its pool (site outage, failed transfer): drop it from the policies' lists.
  if (job.site < 0 || job.pool < 0) return;
  policy::PoolView& view = view_.sites[static_cast<std::size_t>(job.site)].pools[static_cast<std::size_t>(job.pool)];
  erase_job(view.running, job.job.id);
  erase_job(view.queue, job.job.id);
  erase_job(view.inbound, job.job.id);
  if (job.transferring) --transfers_in_flight(view_.hub_home_site[static_cast<std::size_t>(job.job.origin_hub)], job.site);
}

void Simulation::abandon_activities() {
  // Error path only: the engine is destroyed as run() unwinds, and releasing a SimGrid
  // activity after that crashes. The process is about to report the error and exit, so our
  // references are deliberately leaked instead of released.
  auto* leaked = new std::vector<sg4::ActivityPtr>(std::move(retired_));
  for (auto& [id, job] : active_)
    for (auto& activity : job->activities) leaked->push_back(std::move(activity));
  retired_.clear();
}

void Simulation::resubmit(ActiveJob& job, const std::string& why) {
  forget_in_view(job);
  ++jobs_resubmitted_;
  record_event("job_resubmitted", scenario_.layout.sites[static_cast<std::size_t>(job.site)].name,
               static_cast<std::int64_t>(job.job.id), why);
  for (auto& kept : job.activities) retired_.push_back(std::move(kept));
  job.activities.clear();
  job.activities_left = 0;
  job.transferring = false;
  job.site = job.pool = -1;
  job.transfer_start_s = job.transfer_end_s = job.start_s = kNaN;
  job.allocation = {};
  pending_.push_back(&job);
}

void Simulation::on_transfer_cut(ActiveJob& job, double remaining_bytes) {
  for (auto& kept : job.activities) retired_.push_back(std::move(kept));
  job.activities.clear();
  const int origin_site = view_.hub_home_site[static_cast<std::size_t>(job.job.origin_hub)];
  const auto& sites = scenario_.layout.sites;
  const std::string route_text = sites[static_cast<std::size_t>(origin_site)].name + " -> " +
                                 sites[static_cast<std::size_t>(job.site)].name;
  if (site_down_[static_cast<std::size_t>(job.site)] && !job.job.is_compute()) {
    // A bulk data transfer has no dispatcher to go back to: it fails.
    ++transfers_failed_;
    record_event("transfer_failed", sites[static_cast<std::size_t>(job.site)].name, static_cast<std::int64_t>(job.job.id),
                 "receiving site went down during the data transfer");
    job.transferring = false;
    finish_job(job, JobStatus::FAILED);  // deletes the job
    return;
  }
  if (site_down_[static_cast<std::size_t>(job.site)]) {
    resubmit(job, "destination site went down during the transfer");
    dispatch(policy::DispatchTrigger::OUTAGE);
    return;
  }
  const auto& route = routing_graph().route(origin_site, job.site);
  if (!route.reachable) {
    ++transfers_failed_;
    record_event("transfer_failed", last_cut_, static_cast<std::int64_t>(job.job.id),
                 "no route left " + route_text + " after the cut");
    forget_in_view(job);
    job.transferring = false;
    finish_job(job, JobStatus::FAILED);  // deletes the job
    dispatch(policy::DispatchTrigger::OUTAGE);
    return;
  }
  // The bytes already delivered stay delivered; the rest resumes on the new route.
  ++transfers_rerouted_;
  char detail[128];
  std::snprintf(detail, sizeof detail, "%.0f bytes left resume %s over %zu hops, %.2f ms", remaining_bytes,
                route_text.c_str(), route.hops.size(), route.latency_s * 1e3);
  record_event("transfer_rerouted", last_cut_, static_cast<std::int64_t>(job.job.id), detail);
  send_bytes(job, origin_site, job.site, remaining_bytes);
}

void Simulation::send_bytes(ActiveJob& job, int from_site, int to_site, double bytes) {
  // One SimGrid communication between the sites' gateways of the current network state; its
  // completion (on_activity_done) ends the job's transfer.
  sg4::CommPtr comm = sg4::Comm::sendto_init(gateway(from_site), gateway(to_site));
  comm->set_payload_size(static_cast<std::uint64_t>(std::llround(bytes)));
  comm->set_data(&job);
  job.activities.push_back(comm);
  job.activities_left = 1;
  comm->start();
}

void Simulation::on_compute_done(ActiveJob& job) {
  PoolRuntime& pool = pools_[static_cast<std::size_t>(job.site)][static_cast<std::size_t>(job.pool)];
  account_busy(pool, 0);
  pool.allocator.release(job.allocation);
  --pool.running_jobs;
  const int site = job.site;
  const int pool_index = job.pool;
  erase_job(view_.sites[static_cast<std::size_t>(site)].pools[static_cast<std::size_t>(pool_index)].running, job.job.id);
  finish_job(job, JobStatus::FINISHED);  // deletes the job
  try_start(site, pool_index);
  refresh_pool_view(site, pool_index);
  dispatch(policy::DispatchTrigger::COMPLETION);
}

void Simulation::reject(ActiveJob& job, const std::string& reason) {
  logger()->debug("job {} rejected: {}", job.job.id, reason);
  ++rejection_reasons_[reason];
  finish_job(job, JobStatus::REJECTED);
}

void Simulation::finish_job(ActiveJob& job, JobStatus status) {
  const double now = sg4::Engine::get_clock();
  JobRow row{};
  row.id = job.job.id;
  copy_name(row.kind, std::string(workloads::job_kind_name(job.job.kind)));
  copy_name(row.origin, scenario_.layout.hubs[static_cast<std::size_t>(job.job.origin_hub)].name);
  copy_name(row.site, job.site >= 0 ? scenario_.layout.sites[static_cast<std::size_t>(job.site)].name : std::string());
  // The model it ran on (a placed job may use an alternative), else its first choice.
  const topology::GpuModelId model =
      job.pool >= 0 ? scenario_.layout.sites[static_cast<std::size_t>(job.site)].pools[static_cast<std::size_t>(job.pool)].gpu_model
                    : job.job.gpu_model;
  copy_name(row.gpu_model, model >= 0 ? topology::gpu_model(model).name : std::string());
  row.gpus = job.job.gpus;
  row.submit_s = job.job.submit_s;
  row.transfer_start_s = job.transfer_start_s;
  row.transfer_end_s = job.transfer_end_s;
  row.start_s = job.start_s;
  row.end_s = status == JobStatus::FINISHED ? now : kNaN;
  row.bytes_moved = job.bytes_moved;
  row.status = static_cast<std::uint8_t>(status);
  trace_->append(row);
  if (status == JobStatus::FINISHED) {
    ++finished_;
    if (job.job.is_compute()) waits_.push_back(job.start_s - job.job.submit_s);
    if (job.job.is_compute()) completions_.push_back(now - job.job.submit_s);
  } else if (status == JobStatus::REJECTED) {
    ++rejected_;
  } else if (status == JobStatus::FAILED) {
    ++failed_;
  }
  active_.erase(job.job.id);
}

void Simulation::write_site_samples(double now) {
  for (std::size_t s = 0; s < pools_.size(); ++s) {
    SiteSampleRow row{now, static_cast<std::int32_t>(s), 0, 0, 0, 0, 0};
    for (const auto& pool : pools_[s]) {
      row.busy_gpus += pool.allocator.total_gpus() - pool.allocator.free_gpus();
      row.total_gpus += pool.allocator.total_gpus();
      row.running_jobs += pool.running_jobs;
      row.queued_jobs += static_cast<std::int32_t>(pool.queue.size());
      row.queued_gpus += pool.queued_gpus;
    }
    trace_->append(row);
  }
  for (const auto& row : energy_->sample_rows(now)) trace_->append(row);
}

void Simulation::write_link_samples(double now) {
  const double interval = now - last_sample_s_;
  if (interval <= 0.0) return;
  for (std::size_t l = 0; l < platform_.links.size(); ++l) {
    const sg4::Link* directions[2] = {platform_.links[l].up, platform_.links[l].down};
    for (int d = 0; d < 2; ++d) {
      const double cumulative = sg_link_get_cum_load(directions[d]);
      double& previous = link_cumulative_bytes_[2 * l + static_cast<std::size_t>(d)];
      const double bytes = cumulative - previous;
      previous = cumulative;
      const double capacity = directions[d]->get_bandwidth() * interval;
      trace_->append(LinkSampleRow{now, static_cast<std::int32_t>(l), d, bytes, bytes / capacity});
    }
  }
}

void Simulation::sample() {
  if (stopped_) return;
  const double now = sg4::Engine::get_clock();
  write_site_samples(now);
  write_link_samples(now);
  last_sample_s_ = now;
  const double next = now + scenario_.sample_interval_s;
  if (can_progress() && (scenario_.drain || next <= scenario_.horizon_s)) Timer::set(next, [this] { sample(); });
}

void Simulation::tick() {
  // The optional periodic call (scenario key dispatch_tick), for policies that wait for
  // better conditions rather than for the next event.
  if (stopped_) return;
  if (!pending_.empty()) {
    count_event();
    dispatch(policy::DispatchTrigger::TICK);
  }
  const double next = sg4::Engine::get_clock() + scenario_.dispatch_tick_s;
  if (can_progress() && (scenario_.drain || next <= scenario_.horizon_s)) Timer::set(next, [this] { tick(); });
}

Summary Simulation::finalise(double end_s) {
  stopped_ = true;
  // Read SimGrid's host energy before the horizon cancels the running execs.
  const std::vector<double> simgrid_it_j = scenario_.compute_model == ComputeModel::EXEC
                                               ? simgrid_site_it_energy_j(platform_, end_s)
                                               : std::vector<double>{};
  // Close the busy-time integrals at the end of the measured window.
  for (auto& site : pools_)
    for (auto& pool : site) {
      const int busy = pool.allocator.total_gpus() - pool.allocator.free_gpus();
      pool.busy_gpu_s += busy * std::max(0.0, end_s - pool.busy_since_s);
      pool.busy_since_s = end_s;
    }
  if (end_s > last_sample_s_) {
    write_site_samples(end_s);
    write_link_samples(end_s);
  }
  // Jobs still queued, moving data or running are written as unfinished, in id order. Their
  // SimGrid activities are cancelled first (detached from the job so the completion handler
  // ignores them): an activity dropped while still running would outlive the engine.
  std::vector<ActiveJob*> unfinished;
  for (auto& [id, job] : active_) unfinished.push_back(job.get());
  std::sort(unfinished.begin(), unfinished.end(), [](auto* a, auto* b) { return a->job.id < b->job.id; });
  for (ActiveJob* job : unfinished) {
    for (auto& activity : job->activities) {
      activity->set_data(nullptr);
      activity->cancel();
    }
    for (auto& activity : job->activities) retired_.push_back(std::move(activity));
    job->activities.clear();
  }
  const std::uint64_t unfinished_count = unfinished.size();
  for (ActiveJob* job : unfinished) finish_job(*job, JobStatus::UNFINISHED);

  Summary summary;
  const auto& layout = scenario_.layout;
  summary.scenario = scenario_.name;
  summary.layout = layout.name;
  summary.policy = scenario_.policy;
  summary.seed = scenario_.seed;
  summary.compute_model = compute_model_name(scenario_.compute_model);
  summary.horizon_s = scenario_.horizon_s;
  summary.end_s = end_s;
  summary.jobs_submitted = submitted_;
  summary.jobs_finished = finished_;
  summary.jobs_rejected = rejected_;
  summary.jobs_unfinished = unfinished_count;
  summary.invalid_decisions = invalid_;
  summary.rejection_reasons = rejection_reasons_;
  summary.wait_s = Distribution::of(waits_);
  summary.completion_s = Distribution::of(completions_);
  double busy_total = 0.0;
  double capacity_total = 0.0;
  for (std::size_t s = 0; s < layout.sites.size(); ++s) {
    SiteSummary site;
    site.name = layout.sites[s].name;
    const auto& hub = layout.hubs[static_cast<std::size_t>(layout.sites[s].hub)];
    site.hub = hub.name;
    site.side = hub.side == topology::Side::EAST ? "east" : "west";
    site.gpus = layout.sites[s].total_gpus();
    for (const auto& pool : pools_[s]) {
      site.busy_gpu_s += pool.busy_gpu_s;
      site.jobs_started += pool.jobs_started;
    }
    const double capacity = site.gpus * end_s;
    site.utilisation = capacity > 0 ? site.busy_gpu_s / capacity : 0.0;
    busy_total += site.busy_gpu_s;
    capacity_total += capacity;
    summary.sites.push_back(site);
  }
  summary.utilisation = capacity_total > 0 ? busy_total / capacity_total : 0.0;
  summary.transfers = transfers_;
  summary.bytes_moved = bytes_moved_;
  summary.bytes_east_to_west = bytes_east_to_west_;
  summary.energy = energy_->finish(end_s, simgrid_it_j);
  summary.jobs_failed = failed_;
  summary.outage_events = outage_events_;
  summary.transfers_rerouted = transfers_rerouted_;
  summary.transfers_failed = transfers_failed_;
  summary.jobs_interrupted = jobs_interrupted_;
  summary.jobs_resubmitted = jobs_resubmitted_;
  summary.work_lost_gpu_s = work_lost_gpu_s_;
  return summary;
}

RunResult Simulation::run() {
  const auto wall_start = std::chrono::steady_clock::now();
  std::filesystem::create_directories(options_.out_dir);
  RunResult result;
  result.trace_path = (std::filesystem::path(options_.out_dir) / "trace.h5").string();
  result.summary_path = (std::filesystem::path(options_.out_dir) / "summary.json").string();
  result.scenario_path = (std::filesystem::path(options_.out_dir) / "scenario.resolved.yaml").string();
  const std::string resolved = resolved_scenario_yaml(scenario_);
  write_file_atomically(result.scenario_path, resolved);

  if (!graph_.connected()) logger()->warn("layout {} is not connected: some sites cannot exchange data", scenario_.layout.name);

  int argc = 3;
  char program[] = "aicn";
  char quiet_config[] = "--log=xbt_cfg.thresh:warning";
  char quiet_energy[] = "--log=host_energy.thresh:warning";  // no per-host energy lines at exit
  char* argv[] = {program, quiet_config, quiet_energy, nullptr};
  sg4::Engine engine(&argc, argv);
  configure_engine();
  sg_link_load_plugin_init();
  const bool exec_energy = scenario_.compute_model == ComputeModel::EXEC;
  if (exec_energy) enable_simgrid_host_energy();
  const topology::Economics* wattage = exec_energy ? &scenario_.economics : nullptr;
  if (!scenario_.outages.empty() || scenario_.random_failures.any()) {
    auto stream = workloads::make_stream(scenario_.seed, "outages");
    outages_ = std::make_unique<NetworkOutages>(
        scenario_.layout, topology::with_random_outages(scenario_.layout, scenario_.outages, scenario_.random_failures,
                                                        scenario_.horizon_s, stream));
  }
  // With outages at time 0 the first state already lacks some links: its routes avoid them.
  platform_ = outages_ ? build_platform(scenario_.layout, outages_->graph(0), wattage, outages_->later_graphs())
                       : build_platform(scenario_.layout, graph_, wattage);
  link_cumulative_bytes_.assign(2 * platform_.links.size(), 0.0);
  for (const auto& link : platform_.links) {
    sg_link_load_track(link.up);
    sg_link_load_track(link.down);
  }

  trace_ = std::make_unique<TraceWriter>(result.trace_path);
  try {
    std::vector<SiteCatalogRow> site_rows;
    for (std::size_t s = 0; s < scenario_.layout.sites.size(); ++s) {
      const auto& site = scenario_.layout.sites[s];
      const auto& hub = scenario_.layout.hubs[static_cast<std::size_t>(site.hub)];
      SiteCatalogRow row{};
      row.index = static_cast<std::int32_t>(s);
      copy_name(row.name, site.name);
      copy_name(row.hub, hub.name);
      copy_name(row.side, hub.side == topology::Side::EAST ? "east" : "west");
      row.gpus = site.total_gpus();
      row.lat_deg = site.lat_deg;
      row.lon_deg = site.lon_deg;
      row.pue = site.pue;
      site_rows.push_back(row);
    }
    trace_->write_site_catalog(site_rows);
    std::vector<LinkCatalogRow> link_rows;
    for (std::size_t l = 0; l < scenario_.layout.links.size(); ++l) {
      const auto& link = scenario_.layout.links[l];
      LinkCatalogRow row{};
      row.index = static_cast<std::int32_t>(l);
      copy_name(row.from, scenario_.layout.sites[static_cast<std::size_t>(link.a)].name);
      copy_name(row.to, scenario_.layout.sites[static_cast<std::size_t>(link.b)].name);
      row.bandwidth_bps = link.bandwidth_bps;
      row.latency_s = link.latency_s;
      row.distance_km = link.distance_km;
      link_rows.push_back(row);
    }
    trace_->write_link_catalog(link_rows);

    build_view();
    energy_ = std::make_unique<EnergyAccountant>(scenario_.layout, scenario_.economics, graph_);
    for (const auto& site : scenario_.layout.sites) {
      if (site.energy.price_source.empty())
        logger()->warn("site {} has no electricity price and its province '{}' is not in the tariff table: its power "
                       "is counted at 0 yuan/kWh", site.name, site.province);
      if (site.energy.carbon_region.empty())
        logger()->warn("site {} has no carbon region (province '{}' is not in the CO2 table): its carbon is not counted",
                       site.name, site.province);
    }
    policy::PolicyContext policy_context;
    policy_context.seed = scenario_.seed;
    policy_context.params = scenario_.policy_params;
    policy_ = policy::PolicyRegistry::instance().create(scenario_.policy, policy_context);
    discipline_ = policy::make_queue_discipline(scenario_.queue_discipline);
    workloads::SourceContext source_context{&scenario_.layout, scenario_.seed, scenario_.horizon_s, scenario_.max_jobs,
                                            scenario_.base_dir};
    source_ = workloads::SourceRegistry::instance().create(scenario_.workload, source_context);

    sg4::Activity::on_completion_cb([this](const sg4::Activity& activity) { on_activity_done(activity); });
    if (options_.show_progress) progress_ = std::make_unique<ProgressLine>(scenario_.drain ? 0.0 : scenario_.horizon_s);
    site_down_.assign(scenario_.layout.sites.size(), false);
    if (outages_) {
      // Outages at time 0 are part of the first state: apply them before anything moves.
      const auto& first = outages_->states().front();
      for (std::size_t s = 0; s < first.site_up.size(); ++s) {
        if (first.site_up[s]) continue;
        site_down_[s] = true;
        ++outage_events_;
        record_event("site_down", scenario_.layout.sites[s].name, -1, "scheduled outage");
      }
      for (const auto& [link, up] : outages_->enter_state(0, platform_)) {
        if (first.link_up[static_cast<std::size_t>(link)]) continue;  // follows a site that is down
        ++outage_events_;
        record_event("link_down", scenario_.layout.link_name(link), -1, "scheduled outage");
      }
      for (std::size_t s = 0; s < pools_.size(); ++s)
        for (std::size_t p = 0; p < pools_[s].size(); ++p) refresh_pool_view(static_cast<int>(s), static_cast<int>(p));
      refresh_route_view();
      for (std::size_t s = 1; s < outages_->states().size(); ++s)
        Timer::set(outages_->states()[s].from_s, [this, s] {
          if (!stopped_) on_network_change(static_cast<int>(s));
        });
    }
    schedule_next_arrival();
    Timer::set(0.0, [this] { sample(); });
    if (scenario_.dispatch_tick_s > 0) Timer::set(scenario_.dispatch_tick_s, [this] { tick(); });
    logger()->info("running {}: {} sites, {} GPUs, policy {}", scenario_.name, scenario_.layout.sites.size(),
                   scenario_.layout.total_gpus(), scenario_.policy);
    if (scenario_.drain)
      engine.run();
    else
      engine.run_until(scenario_.horizon_s);
    if (progress_) progress_->finish();

    const bool all_done = !work_remaining();
    const double end_s = all_done ? last_event_s_ : (scenario_.drain ? last_event_s_ : scenario_.horizon_s);
    result.summary = finalise(end_s);
    if (!retired_.empty()) {
      // Let the engine settle the activities cancelled at the horizon (SimGrid frees their
      // kernel actions on its next step), so nothing is left running when it shuts down.
      engine.run_until(sg4::Engine::get_clock() + 1.0);
    }
    retired_.clear();

    trace_->set_meta("schema_version", static_cast<std::int64_t>(kTraceSchemaVersion));
    trace_->set_meta("scenario", resolved);
    trace_->set_meta("scenario_name", scenario_.name);
    trace_->set_meta("seed", static_cast<std::int64_t>(scenario_.seed));
    trace_->set_meta("policy", scenario_.policy);
    trace_->set_meta("aicn_version", aicn_version());
    trace_->set_meta("git_commit", git_commit());
    trace_->set_meta("simgrid_version", simgrid_version());
    trace_->set_meta("hdf5_version", hdf5_version());
    trace_->set_meta("command_line", options_.command_line);
    trace_->set_meta("end_s", std::to_string(end_s));
    // So `aicn check trace.h5` needs no other file; HDF5 attributes of this format stop at 64 KiB.
    const std::string summary_json = result.summary.to_json().dump();
    if (summary_json.size() < 60000) trace_->set_meta("summary", summary_json);
    trace_->close();
  } catch (...) {
    trace_->abandon();
    abandon_activities();
    throw;
  }
  write_file_atomically(result.summary_path, result.summary.to_json().dump(2) + "\n");
  write_provenance_files(options_.out_dir, Provenance::current(options_.command_line, simgrid_version()));
  result.events = events_;
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return result;
}

}  // namespace

RunResult run_simulation(const Scenario& scenario, const RunOptions& options) {
  Simulation simulation(scenario, options);
  return simulation.run();
}

}  // namespace aicn::sim
