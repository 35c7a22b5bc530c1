#include "site_runtime.hpp"

#include <simgrid/s4u.hpp>

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
  for (const auto& pool : site_.pools) pools_.push_back(Pool{GpuAllocator(pool.servers(), pool.gpus_per_server), 0, 0});
  publish_view();
}

void SiteRuntime::enqueue(JobRecord& job) {
  Pool& pool = pools_[static_cast<std::size_t>(job.pool)];
  pool_view(job.pool).queue.push_back({job.job.id, job.job.gpus, job.job.run_time_s(), job.job.priority});
  pool.queued_gpus += job.job.gpus;
  view_stale_ = true;
  start_queued(job.pool);
}

void SiteRuntime::add_inbound(const JobRecord& job) {
  pool_view(job.pool).inbound.push_back({job.job.id, job.job.gpus, job.job.run_time_s(), job.job.priority});
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
  state.fits_now = [&](std::size_t at) { return can_start(pool.allocator, jobs_.find(view.queue[at].id)->job); };
  bool started = false;
  while (!view.queue.empty()) {
    state.now_s = sg4::Engine::get_clock();
    state.free_gpus = pool.allocator.free_gpus();
    state.running = view.running;
    state.queue = view.queue;
    const std::optional<std::size_t> next = discipline_.next_to_start(state);
    if (!next) break;
    JobRecord& job = *jobs_.find(view.queue[*next].id);
    view.queue.erase_at(*next);
    pool.queued_gpus -= job.job.gpus;
    job.allocation = allocate_for(pool.allocator, job.job);
    if (pool.allocator.free_gpus() < 0 || job.allocation.empty())
      throw std::logic_error("pool over-allocated while starting job " + std::to_string(job.job.id));
    start(job);
    started = true;
  }
  view_stale_ = true;
  if (started) busy_changed(pool_index);
}

bool SiteRuntime::part_fits(int pool, int gpus) const {
  return !down_ && pools_[static_cast<std::size_t>(pool)].allocator.can_allocate(gpus);
}

Allocation SiteRuntime::hold_part(const JobRecord& job, int pool, int gpus, double end_s) {
  Allocation allocation = pools_[static_cast<std::size_t>(pool)].allocator.allocate(gpus);
  if (allocation.empty() || pools_[static_cast<std::size_t>(pool)].allocator.free_gpus() < 0)
    throw std::logic_error("pool over-allocated by a part of split job " + std::to_string(job.job.id));
  add_running(pool_view(pool), job.job.id, end_s, gpus);
  view_stale_ = true;
  busy_changed(pool);
  return allocation;
}

void SiteRuntime::release_part(const JobRecord& job, int pool, const Allocation& allocation) {
  pools_[static_cast<std::size_t>(pool)].allocator.release(allocation);
  erase_job(pool_view(pool).running, job.job.id);
  view_stale_ = true;
  busy_changed(pool);
}

void SiteRuntime::start(JobRecord& job) {
  job.start_s = sg4::Engine::get_clock();
  const topology::GpuModelId model = site_.pools[static_cast<std::size_t>(job.pool)].gpu_model;
  const double end_s = job.start_s + job.job.run_time_s(model);
  add_running(pool_view(job.pool), job.job.id, end_s, job.job.gpus);
  observer_.job_started(job.start_s, jobs_.snapshot(job));
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
  pools_[static_cast<std::size_t>(job.pool)].allocator.release(job.allocation);
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
  const double saved = std::min(std::floor(elapsed / interval) * interval, run_time);
  const double lost = elapsed - saved;
  char detail[128];
  std::snprintf(detail, sizeof detail, "ran %.0f s, kept %.0f s (checkpoint every %.0f s), lost %.0f s", elapsed, saved,
                interval, lost);
  observer_.job_interrupted(now, jobs_.snapshot(job), lost * job.job.gpus, detail);
  job.job.flops *= (run_time - saved) / run_time;  // run time is proportional to flops
  if (job.job.duration_s > 0.0) job.job.duration_s -= saved;  // fixed-length jobs: the rest of their time
  jobs_.detach_engine_handles(job);
  pools_[static_cast<std::size_t>(job.pool)].allocator.release(job.allocation);
  job.allocation = {};
  // The released GPUs fall back to idle power (a down site is not switched off: see README).
  busy_changed(job.pool);
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
  observer_.pool_busy_changed(sg4::Engine::get_clock(), index_, pool, busy_gpus(pool));
}

int SiteRuntime::busy_gpus(int pool) const {
  const GpuAllocator& allocator = pools_[static_cast<std::size_t>(pool)].allocator;
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
    view.installed_gpus = pool.allocator.total_gpus();
    view.total_gpus = down_ ? 0 : view.installed_gpus;
    view.free_gpus = down_ ? 0 : pool.allocator.free_gpus();
    view.largest_free_block = down_ ? 0 : pool.allocator.largest_allocatable();
    view.queued_jobs = static_cast<int>(view.queue.size());
    view.queued_gpus = pool.queued_gpus;
    view.inbound_gpus = pool.inbound_gpus;
  }
}

results::SiteSample SiteRuntime::sample() const {
  results::SiteSample row{index_, 0, 0, 0, 0, 0};
  for (std::size_t p = 0; p < pools_.size(); ++p) {
    row.busy_gpus += busy_gpus(static_cast<int>(p));
    row.total_gpus += pools_[p].allocator.total_gpus();
    row.running_jobs += static_cast<int>(view_.pools[p].running.size());
    row.queued_jobs += static_cast<int>(view_.pools[p].queue.size());
    row.queued_gpus += pools_[p].queued_gpus;
  }
  return row;
}

}  // namespace aicn::sim
