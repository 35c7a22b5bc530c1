#include "site_runtime.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "job_allocation.hpp"
#include "view_updates.hpp"

namespace aicn::sim {

namespace sg4 = simgrid::s4u;
using simgrid::kernel::timer::Timer;

SiteRuntime::SiteRuntime(int index, const Scenario& scenario, const SitePlatform& platform, policy::SiteView& view,
                         const policy::QueueDiscipline& discipline, JobTable& jobs, results::RunObserver& observer,
                         ComputeDone compute_done)
    : index_(index), scenario_(scenario), site_(scenario.layout.sites[static_cast<std::size_t>(index)]),
      platform_(platform), view_(view), discipline_(discipline), jobs_(jobs), observer_(observer),
      compute_done_(std::move(compute_done)) {
  for (std::size_t p = 0; p < site_.pools.size(); ++p) pools_.push_back(Pool{make_allocator(p), 0, 0});
  publish_view();
}

std::unique_ptr<PoolAllocator> SiteRuntime::make_allocator(std::size_t p) const {
  const topology::GpuPool& pool = site_.pools[p];
  // A pool that states node shapes is always a node pool (best-fit placement unless the
  // scenario names one); a uniform pool keeps the built-in allocator unless `placement` is set.
  if (scenario_.placement.empty() && pool.nodes.empty()) return make_best_fit_pool(pool.servers(), pool.gpus_per_server);
  const std::string placement = scenario_.placement.empty() ? "best-fit" : scenario_.placement;
  policy::NodeCluster cluster;
  // A pool without node shapes states no CPU or memory per server: 0 = not modelled (never short of it).
  if (pool.nodes.empty()) cluster.add_nodes(policy::NodeShape{0, 0, pool.gpus_per_server, pool.gpu_model}, pool.servers());
  for (const auto& group : pool.nodes)
    cluster.add_nodes(policy::NodeShape{group.cpu_milli, group.memory_mib, group.gpus, pool.gpu_model}, group.count);
  policy::PlacementContext context;
  context.seed = scenario_.seed;
  // One stream per pool, so that a random placement in one pool never shifts another's draws.
  context.stream = "placement/" + site_.name + "/" + std::to_string(p);
  const auto& registry = policy::PlacementRegistry::instance();
  context.params = scenario_.placement.empty() ? registry.validate(placement, config::ConfigNode(YAML::Node(), "", "placement.params"))
                                               : scenario_.placement_params;
  return std::make_unique<NodePoolAllocator>(std::move(cluster), registry.create(placement, context));
}

namespace {

/// The job's run time on its pool's model (an alternative model runs at its own peak).
double run_time_on_pool(const topology::Site& site, const JobRecord& job) {
  return job.job.run_time_s(site.pools[static_cast<std::size_t>(job.pool)].gpu_model);
}

}  // namespace

void SiteRuntime::enqueue(JobRecord& job) {
  Pool& pool = pools_[static_cast<std::size_t>(job.pool)];
  pool_view(job.pool).queue.push_back(
      {job.job.id, job.job.gpus, run_time_on_pool(site_, job), job.job.priority, job.job.gpu_milli});
  pool.queued_gpus += job.job.gpus;
  pool.allocator->job_arrived(job.job);
  view_stale_ = true;
  start_queued(job.pool);
  // `admission: now`: a job that could not start on arrival is rejected, and the next tried.
  if (scenario_.admit_now && pool_view(job.pool).queue.erase_id(job.job.id)) {
    pool.queued_gpus -= job.job.gpus;
    jobs_.end(job, results::JobStatus::REJECTED, sg4::Engine::get_clock(), "could not start on arrival (admission: now)");
  }
}

void SiteRuntime::add_inbound(const JobRecord& job) {
  pool_view(job.pool).inbound.push_back(
      {job.job.id, job.job.gpus, run_time_on_pool(site_, job), job.job.priority, job.job.gpu_milli});
  pools_[static_cast<std::size_t>(job.pool)].inbound_gpus += job.job.gpus;
  view_stale_ = true;
}

void SiteRuntime::remove_inbound(const JobRecord& job) {
  if (pool_view(job.pool).inbound.erase_id(job.job.id)) pools_[static_cast<std::size_t>(job.pool)].inbound_gpus -= job.job.gpus;
  view_stale_ = true;
}

void SiteRuntime::start_queued(int pool_index) {
  Pool& pool = pools_[static_cast<std::size_t>(pool_index)];
  policy::PoolView& view = pool_view(pool_index);
  // The queue discipline (scenario key `queue`) picks which queued job starts, one at a time.
  policy::QueueState state;
  // Whole GPUs (gang allocation) or a share of one GPU (openb gpu_milli): the allocator decides.
  // The test captures two pointers only, so std::function keeps it in place: no allocation
  // per call (start_queued runs at every arrival and completion).
  struct FitContext {
    const policy::QueueState* state;
    Pool* pool;
    int pool_index;
  } fit{&state, &pool, pool_index};
  state.fits_now = [this, &fit](std::size_t at) {
    // First a test read from the queue entry alone, exact and cheap: a whole-GPU job needs
    // that many idle GPUs (only a share job may go onto a busy GPU). A discipline that scans
    // a long queue (easy-backfill) then skips most jobs without looking up their records:
    // that lookup was half the CPU of a backlogged year (bench/national_year.sh).
    const policy::WaitingJobView& waiting = fit.state->queue[at];
    if (!policy::may_fit_now(*fit.state, waiting)) return false;
    const workloads::Job& job = jobs_.find(waiting.id)->job;
    return fit.pool->allocator->can_start(job) && (!leases_ || lease_allows(*fit.pool, fit.pool_index, job));
  };
  bool started = leases_ && start_lessee_jobs(pool_index);
  while (!view.queue.empty()) {
    state.now_s = sg4::Engine::get_clock();
    state.idle_gpus = pool.allocator->free_gpus();
    state.free_gpus = state.idle_gpus;
    if (leases_) state.free_gpus = std::max(0, state.free_gpus - leases_->unused_reserved(index_, pool_index));
    state.running = view.running;
    state.queue = view.queue;
    const std::optional<std::size_t> next = discipline_.next_to_start(state);
    if (!next) break;
    JobRecord& job = *jobs_.find(view.queue[*next].id);
    view.queue.erase_at(*next);
    pool.queued_gpus -= job.job.gpus;
    job.allocation = pool.allocator->allocate(job.job);
    if (pool.allocator->free_gpus() < 0 || job.allocation.empty())
      throw std::logic_error("pool over-allocated while starting job " + std::to_string(job.job.id));
    start(job);
    started = true;
  }
  view_stale_ = true;
  if (started) busy_changed(pool_index);
}

bool SiteRuntime::lease_allows(const Pool& pool, int pool_index, const workloads::Job& job) const {
  const int lease = leases_->committed_lease(job.id);
  if (lease >= 0 && leases_->running(lease)) return true;  // its lease keeps room for it
  return pool.allocator->free_gpus() - leases_->unused_reserved(index_, pool_index) >= job.gpus;
}

bool SiteRuntime::start_lessee_jobs(int pool_index) {
  Pool& pool = pools_[static_cast<std::size_t>(pool_index)];
  policy::PoolView& view = pool_view(pool_index);
  bool started = false;
  for (std::size_t at = 0; at < view.queue.size();) {
    JobRecord& job = *jobs_.find(view.queue[at].id);
    const int lease = leases_->committed_lease(job.job.id);
    if (lease < 0 || !leases_->running(lease) || !pool.allocator->can_start(job.job)) {
      ++at;
      continue;
    }
    view.queue.erase_at(at);
    pool.queued_gpus -= job.job.gpus;
    job.allocation = pool.allocator->allocate(job.job);
    if (pool.allocator->free_gpus() < 0 || job.allocation.empty())
      throw std::logic_error("pool over-allocated while starting job " + std::to_string(job.job.id));
    start(job);
    started = true;
  }
  return started;
}

namespace {
/// What one part of a split job asks of its pool: whole GPUs, no CPU or memory stated.
workloads::Job part_demand(int gpus) {
  workloads::Job part;
  part.gpus = gpus;
  return part;
}
}  // namespace

bool SiteRuntime::part_fits(int pool, int gpus) const {
  return !down_ && pools_[static_cast<std::size_t>(pool)].allocator->can_start(part_demand(gpus));
}

Allocation SiteRuntime::hold_part(const JobRecord& job, int pool, int gpus, double end_s) {
  Allocation allocation = pools_[static_cast<std::size_t>(pool)].allocator->allocate(part_demand(gpus));
  if (allocation.empty() || pools_[static_cast<std::size_t>(pool)].allocator->free_gpus() < 0)
    throw std::logic_error("pool over-allocated by a part of split job " + std::to_string(job.job.id));
  add_running(pool_view(pool), job.job.id, end_s, gpus);
  view_stale_ = true;
  busy_changed(pool);
  return allocation;
}

void SiteRuntime::release_part(const JobRecord& job, int pool, const Allocation& allocation) {
  pools_[static_cast<std::size_t>(pool)].allocator->release(allocation);
  erase_job(pool_view(pool).running, job.job.id);
  view_stale_ = true;
  busy_changed(pool);
}

void SiteRuntime::start(JobRecord& job) {
  job.start_s = sg4::Engine::get_clock();
  if (leases_) leases_->start_on_lease(job.job.id, job.start_s);
  const topology::GpuModelId model = site_.pools[static_cast<std::size_t>(job.pool)].gpu_model;
  const double end_s = job.start_s + job.job.run_time_s(model);
  add_running(pool_view(job.pool), job.job.id, end_s, job.job.gpus);
  observer_.job_started(job.start_s, jobs_.snapshot(job));
  if (started_hook_) started_hook_(job);
  // Fixed-length jobs (services, replayed traces) and GPU shares run on a timer in both
  // compute models: their length is not a FLOP count SimGrid could execute.
  if (scenario_.compute_model == ComputeModel::TIMER || job.job.duration_s > 0.0 || is_gpu_share(job.job)) {
    job.compute_timer = Timer::set(end_s, [this, &job] {
      job.compute_timer = nullptr;  // the engine frees a timer once it has fired
      release_finished(job);
      compute_done_(job);
    });
    return;
  }
  // One exec per job, on its first server's host (which has a core per GPU of the pool: see
  // platform_builder.cpp), with one thread per GPU. Core speed is the GPU's peak and SimGrid
  // gives each thread the exec's whole amount, so the amount is one GPU's share of the work at
  // the job's utilisation: flops / utilisation / gpus.
  const auto& servers = platform_.servers[static_cast<std::size_t>(job.pool)];
  sg4::ExecPtr exec = sg4::Exec::init();
  exec->set_host(servers[static_cast<std::size_t>(job.allocation.front().server)]);
  exec->set_flops_amount(job.job.flops / job.job.utilisation / job.job.gpus);
  exec->set_thread_count(job.job.gpus);
  exec->set_data(&job);
  job.activities.push_back(exec);
  job.activities_left = 1;
  exec->start();
}

bool SiteRuntime::exec_done(JobRecord& job) {
  if (--job.activities_left > 0) return false;
  jobs_.retire_activities(job);
  release_finished(job);
  return true;
}

void SiteRuntime::release_finished(JobRecord& job) {
  if (leases_) leases_->release(job.job.id, sg4::Engine::get_clock());
  pools_[static_cast<std::size_t>(job.pool)].allocator->release(job.allocation);
  job.allocation = {};
  erase_job(pool_view(job.pool).running, job.job.id);
  view_stale_ = true;
  busy_changed(job.pool);
}

void SiteRuntime::interrupt(JobRecord& job) {
  // The job keeps the work up to its last checkpoint and loses the rest.
  const double now = sg4::Engine::get_clock();
  const double run_time = job.job.run_time_s(site_.pools[static_cast<std::size_t>(job.pool)].gpu_model);
  const double elapsed = std::min(now - job.start_s, run_time);
  // A job that states its own checkpoint interval (training, fine-tuning) uses it; others the scenario's.
  const double interval = job.job.checkpoint_interval_s > 0.0 ? job.job.checkpoint_interval_s : scenario_.checkpoint_interval_s;
  // Checkpoints written home: what the last one to arrive holds (CheckpointWriter).
  const double saved = job.checkpoint_saved_s >= 0.0 ? std::min(job.checkpoint_saved_s, elapsed)
                                                     : std::min(std::floor(elapsed / interval) * interval, run_time);
  const double lost = elapsed - saved;
  char detail[128];
  std::snprintf(detail, sizeof detail, "ran %.0f s, kept %.0f s (checkpoint every %.0f s), lost %.0f s", elapsed, saved,
                interval, lost);
  observer_.job_interrupted(now, jobs_.snapshot(job), lost * job.job.gpus, detail);
  stop_run(job, saved, run_time);
}

void SiteRuntime::stop_run(JobRecord& job, double saved_s, double run_s) {
  job.job.flops *= (run_s - saved_s) / run_s;  // run time is proportional to flops
  if (job.job.duration_s > 0.0) job.job.duration_s -= saved_s;  // fixed-length jobs: the rest of their time
  jobs_.detach_engine_handles(job);
  if (leases_) leases_->release(job.job.id, sg4::Engine::get_clock());
  pools_[static_cast<std::size_t>(job.pool)].allocator->release(job.allocation);
  job.allocation = {};
  // The released GPUs fall back to idle power (a site that went down then draws none).
  busy_changed(job.pool);
}

void SiteRuntime::suspend(JobRecord& job) {
  const double now = sg4::Engine::get_clock();
  const double run_time = job.job.run_time_s(site_.pools[static_cast<std::size_t>(job.pool)].gpu_model);
  const double elapsed = std::min(now - job.start_s, run_time);
  // The documented rule (Job::interruptible): a job with its own checkpoint interval falls
  // back to its last checkpoint (the one to arrive home, with CheckpointWriter); one without
  // is suspended in place, its state kept, and loses nothing.
  const double interval = job.job.checkpoint_interval_s;
  double saved = elapsed;
  if (interval > 0.0)
    saved = job.checkpoint_saved_s >= 0.0 ? std::min(job.checkpoint_saved_s, elapsed)
                                          : std::min(std::floor(elapsed / interval) * interval, run_time);
  char detail[128];
  std::snprintf(detail, sizeof detail, "ran %.0f s, kept %.0f s, lost %.0f s", elapsed, saved, elapsed - saved);
  observer_.job_suspended(now, jobs_.snapshot(job), (elapsed - saved) * job.job.gpu_fraction(), detail);
  const int pool = job.pool;
  stop_run(job, saved, run_time);
  erase_job(pool_view(pool).running, job.job.id);
  view_stale_ = true;
  start_queued(pool);
}

void SiteRuntime::mark_down() {
  down_ = true;
  view_stale_ = true;
}

std::vector<JobRecord*> SiteRuntime::evict_jobs() {
  view_stale_ = true;
  // Jobs running or queued here go back to the dispatcher, in id order (determinism); jobs
  // still moving data here learn of it from their transfer, which the outage cuts.
  std::vector<JobRecord*> affected;
  for (JobRecord* job : jobs_.in_id_order(index_))
    if (!job->transferring) affected.push_back(job);
  for (JobRecord* job : affected)
    if (!std::isnan(job->start_s)) interrupt(*job);
  for (std::size_t p = 0; p < pools_.size(); ++p) {
    policy::PoolView& view = view_.pools[p];
    view.queue.clear();
    view.running.clear();
    pools_[p].queued_gpus = 0;
  }
  return affected;
}

void SiteRuntime::come_up() {
  down_ = false;
  view_stale_ = true;
}

void SiteRuntime::busy_changed(int pool) {
  const double now = sg4::Engine::get_clock();
  observer_.pool_busy_changed(now, index_, pool, busy_gpus(pool));
  observer_.pool_allocated_changed(now, index_, pool, pools_[static_cast<std::size_t>(pool)].allocator->allocated_gpus());
}

int SiteRuntime::busy_gpus(int pool) const {
  const PoolAllocator& allocator = *pools_[static_cast<std::size_t>(pool)].allocator;
  return allocator.total_gpus() - allocator.free_gpus();
}

void SiteRuntime::publish_view() {
  if (!view_stale_) return;
  view_stale_ = false;
  view_.down = down_;
  for (std::size_t p = 0; p < pools_.size(); ++p) {
    const Pool& pool = pools_[p];
    policy::PoolView& view = view_.pools[p];
    // A site that is down offers nothing: policies see no GPUs, and placements there are held.
    view.installed_gpus = pool.allocator->total_gpus();
    view.total_gpus = down_ ? 0 : view.installed_gpus;
    view.free_gpus = down_ ? 0 : pool.allocator->free_gpus();
    view.largest_free_block = down_ ? 0 : pool.allocator->largest_allocatable();
    if (leases_ && !down_) {  // what running leases keep for their lessees is not on offer
      view.free_gpus = std::max(0, view.free_gpus - leases_->unused_reserved(index_, static_cast<int>(p)));
      view.largest_free_block = std::min(view.largest_free_block, view.free_gpus);
    }
    view.queued_jobs = static_cast<int>(view.queue.size());
    view.queued_gpus = pool.queued_gpus;
    view.inbound_gpus = pool.inbound_gpus;
  }
}

results::SiteSample SiteRuntime::sample() const {
  // Node pools also publish their allocation and fragmentation at each tick (the observer is
  // not part of this runtime's state, so the tick stays a read of it).
  results::PlacementSample placement{index_, 0.0, 0.0, 0.0, 0.0};
  bool node_pools = false;
  for (const Pool& pool : pools_) {
    if (const auto figures = pool.allocator->placement_figures()) {
      node_pools = true;
      placement.requested_gpus += figures->requested_gpus;
      placement.allocated_gpus += figures->allocated_gpus;
      placement.fragmented_gpus += figures->fragmented_gpus;
      placement.total_gpus += figures->total_gpus;
    }
  }
  if (node_pools) observer_.placement_sample(sg4::Engine::get_clock(), placement);
  results::SiteSample row{index_, 0, 0, 0, 0, 0};
  for (std::size_t p = 0; p < pools_.size(); ++p) {
    row.busy_gpus += busy_gpus(static_cast<int>(p));
    row.total_gpus += pools_[p].allocator->total_gpus();
    row.running_jobs += static_cast<int>(view_.pools[p].running.size());
    row.queued_jobs += static_cast<int>(view_.pools[p].queue.size());
    row.queued_gpus += pools_[p].queued_gpus;
  }
  return row;
}

}  // namespace aicn::sim
