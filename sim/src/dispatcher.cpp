#include "dispatcher.hpp"

#include <simgrid/s4u/Engine.hpp>

#include <algorithm>
#include <cmath>

#include "aicn/sim/logging.hpp"
#include "view_energy.hpp"

namespace aicn::sim {

Dispatcher::Dispatcher(const Scenario& scenario, policy::DispatchPolicy& policy, policy::ClusterView& view,
                       std::vector<SiteRuntime>& sites, Transfers& transfers, const NetworkOutages* outages,
                       JobTable& jobs, results::RunObserver& observer)
    : scenario_(scenario), policy_(policy), view_(view), sites_(sites), transfers_(transfers), outages_(outages),
      jobs_(jobs), observer_(observer) {}

void Dispatcher::refresh_view() {
  view_.now_s = simgrid::s4u::Engine::get_clock();
  for (SiteRuntime& site : sites_) site.publish_view();
  transfers_.fill_view(view_);
  if (view_.now_s >= energy_view_until_s_) {  // prices and PUE are piecewise constant in time
    energy_view_until_s_ = topology::kNever;
    for (std::size_t s = 0; s < view_.sites.size(); ++s)
      energy_view_until_s_ = std::min(energy_view_until_s_,
                                      fill_site_energy(view_.sites[s], scenario_.layout.sites[s], view_.now_s,
                                                       signals_, static_cast<int>(s),
                                                       results::ForecastError{scenario_.seed, scenario_.forecast_relative_error}));
  }
}

std::optional<std::size_t> Dispatcher::pending_index(std::uint64_t job_id) {
  // Answers in offer order (held jobs left out): one forward pass over the ids in all. The
  // first answer out of order switches this call to the sorted ids.
  if (in_order_) {
    for (std::size_t i = next_answer_; i < pending_.size(); ++i)
      if (pending_[i].id == job_id) {
        next_answer_ = i + 1;
        return i;
      }
    in_order_ = false;
  }
  if (ids_in_order_.empty()) {
    for (std::size_t i = 0; i < pending_.size(); ++i) ids_in_order_.emplace_back(pending_[i].id, i);
    std::sort(ids_in_order_.begin(), ids_in_order_.end());
  }
  auto found = std::lower_bound(ids_in_order_.begin(), ids_in_order_.end(), std::make_pair(job_id, std::size_t{0}));
  if (found == ids_in_order_.end() || found->first != job_id) return std::nullopt;
  return found->second;
}

void Dispatcher::place_on_leases() {
  std::size_t kept = 0;
  for (const PendingJob& entry : pending_) {
    JobRecord* job = entry.record;
    const int lease = leases_->lease_with_room(job->job);
    std::string why;
    if (lease >= 0) {
      const topology::Lease& l = leases_->lease(lease);
      if (check(policy::Decision::place(job->job.id, l.site, l.pool), *job, why) == Check::OK) {
        leases_->commit(job->job.id, lease, job->job.gpus);
        observer_.job_placed_on_lease(simgrid::s4u::Engine::get_clock(), jobs_.snapshot(*job), lease);
        place(*job, l.site, l.pool);
        continue;
      }
    }
    pending_[kept++] = entry;
  }
  pending_.resize(kept);
}

bool Dispatcher::interruptible_running() const {
  for (const policy::SiteView& site : view_.sites)
    for (const policy::PoolView& pool : site.pools)
      for (const policy::RunningJobView& running : pool.running)
        if (const JobRecord* job = jobs_.find(running.id); job != nullptr && job->job.interruptible) return true;
  return false;
}

void Dispatcher::suspend(const policy::Decision& decision, std::vector<JobRecord*>& suspended) {
  JobRecord* job = jobs_.find(decision.job_id);
  std::string why;
  if (job == nullptr)
    why = "unknown job " + std::to_string(decision.job_id);
  else if (!job->job.interruptible)
    why = "job " + std::to_string(decision.job_id) + " is not interruptible";
  else if (std::isnan(job->start_s) || job->transferring || job->split || job->returning || job->allocation.empty())
    why = "job " + std::to_string(decision.job_id) + " is not running on one site";
  if (!why.empty()) {  // the job, if any, carries on as it was
    logger()->warn("invalid decision by policy {}: cannot suspend: {}; ignored", scenario_.policy, why);
    observer_.decision_invalid(view_.now_s, job != nullptr ? jobs_.snapshot(*job) : results::JobSnapshot{},
                               "cannot suspend: " + why);
    return;
  }
  sites_[static_cast<std::size_t>(job->site)].suspend(*job);
  job->site = job->pool = -1;
  job->start_s = std::numeric_limits<double>::quiet_NaN();
  suspended.push_back(job);
}

void Dispatcher::dispatch(policy::DispatchTrigger trigger) {
  if (pending_.empty() && !(trigger == policy::DispatchTrigger::TICK && interruptible_running())) return;
  refresh_view();
  if (leases_) {
    place_on_leases();
    if (pending_.empty()) return;
    refresh_view();  // the placements changed the sites' inbound and queued counts
  }
  view_.trigger = trigger;
  // Per-call scratch lives in members, so a dispatch allocates nothing once they have grown.
  offered_.clear();
  for (const PendingJob& entry : pending_) offered_.push_back(&entry.record->job);
  ids_in_order_.clear();
  next_answer_ = 0;
  in_order_ = true;
  outcome_.assign(pending_.size(), Outcome::UNDECIDED);
  const std::vector<policy::Decision> decisions = policy_.decide(view_, offered_);
  const double now = view_.now_s;
  std::vector<JobRecord*> suspended;
  for (std::size_t d = 0; d < decisions.size(); ++d) {
    const policy::Decision& decision = decisions[d];
    if (decision.action == policy::Decision::Action::SUSPEND) {  // names a running job, not a pending one
      suspend(decision, suspended);
      continue;
    }
    const std::optional<std::size_t> at = pending_index(decision.job_id);
    if (!at || outcome_[*at] != Outcome::UNDECIDED) {
      logger()->warn("invalid decision by policy {}: job {} is not pending (decided twice, or unknown); ignored",
                     scenario_.policy, decision.job_id);
      if (JobRecord* job = jobs_.find(decision.job_id))
        observer_.decision_invalid(now, jobs_.snapshot(*job), "job is not pending (decided twice, or unknown)");
      else
        observer_.decision_invalid(now, results::JobSnapshot{}, "unknown job " + std::to_string(decision.job_id));
      continue;
    }
    JobRecord& job = *pending_[*at].record;
    outcome_[*at] = Outcome::STAYS;
    if (decision.action == policy::Decision::Action::HOLD) continue;
    if (decision.action == policy::Decision::Action::REJECT) {
      outcome_[*at] = Outcome::LEAVES;
      jobs_.end(job, results::JobStatus::REJECTED, now,
                decision.reason.empty() ? "rejected by policy without a reason" : decision.reason);
      continue;
    }
    std::string why;
    const bool split = decision.action == policy::Decision::Action::SPLIT;
    switch (split ? check_split(decision, job, why) : check(decision, job, why)) {
      case Check::OK:
        outcome_[*at] = Outcome::LEAVES;
        if (split) {
          job.site = decision.parts.front().site;  // the first part names the job in outputs
          job.pool = decision.parts.front().pool;
          observer_.job_placed(now, jobs_.snapshot(job));
          split_->start(job, decision.parts);
        } else {
          place(job, decision.site, decision.pool);
        }
        break;
      case Check::HOLD:
        observer_.job_held(now, jobs_.snapshot(job), why);
        break;
      case Check::INVALID:
        logger()->warn("invalid decision by policy {} for job {}: {}; the job is rejected", scenario_.policy,
                       job.job.id, why);
        observer_.decision_invalid(now, jobs_.snapshot(job), why);
        outcome_[*at] = Outcome::LEAVES;
        jobs_.end(job, results::JobStatus::REJECTED, now, "invalid decision: " + why);
        break;
    }
  }
  // Held jobs keep their arrival order.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < pending_.size(); ++i)
    if (outcome_[i] != Outcome::LEAVES) pending_[kept++] = pending_[i];
  pending_.resize(kept);
  // Suspended jobs wait for a new decision from the next call on, after the held ones.
  for (JobRecord* job : suspended) pending_.push_back({job, job->job.id});
}

Dispatcher::Check Dispatcher::check(const policy::Decision& decision, const JobRecord& record, std::string& why) const {
  const auto& sites = view_.sites;
  const workloads::Job& job = record.job;
  if (decision.site < 0 || decision.site >= static_cast<int>(sites.size())) {
    why = "site index " + std::to_string(decision.site) + " does not exist";
    return Check::INVALID;
  }
  const auto& site = sites[static_cast<std::size_t>(decision.site)];
  if (decision.pool < 0 || decision.pool >= static_cast<int>(site.pools.size())) {
    why = "site " + site.name + " has no pool " + std::to_string(decision.pool);
    return Check::INVALID;
  }
  const auto& pool = site.pools[static_cast<std::size_t>(decision.pool)];
  if (!job.accepts(pool.gpu_model)) {
    why = "job needs " + topology::gpu_model(job.gpu_model).name +
          " (or a listed alternative with enough memory) but the pool at " + site.name + " holds " +
          topology::gpu_model(pool.gpu_model).name;
    return Check::INVALID;
  }
  if (pool.installed_gpus < job.gpus) {
    why = "job needs " + std::to_string(job.gpus) + " GPUs but the pool at " + site.name + " has only " +
          std::to_string(pool.installed_gpus);
    return Check::INVALID;
  }
  // Not yet: the runtime honours the job's earliest start (a timer wakes the dispatcher then).
  if (view_.now_s < job.earliest_start_s) {
    why = "the job's earliest start is " + std::to_string(job.earliest_start_s) + " s";
    return Check::HOLD;
  }
  // Temporarily out of reach: held while a scheduled repair may bring it back, else invalid.
  if (sites_[static_cast<std::size_t>(decision.site)].down()) {
    const bool returns = outages_ != nullptr && outages_->site_returns(decision.site);
    why = "site " + site.name + (returns ? " is down until a scheduled repair" : " is down for the rest of the run");
    return returns ? Check::HOLD : Check::INVALID;
  }
  const int origin = view_.data_site(job);
  if (!view_.data_reachable(job, decision.site)) {
    const bool returns = transfers_.reachable_later(origin, decision.site);
    why = "no network route now from the job's data at " + sites[static_cast<std::size_t>(origin)].name + " to " +
          site.name + (returns ? "; held until a scheduled repair" : ", and none is scheduled to return");
    return returns ? Check::HOLD : Check::INVALID;
  }
  return Check::OK;
}

void Dispatcher::place(JobRecord& job, int site, int pool) {
  job.site = site;
  job.pool = pool;
  observer_.job_placed(view_.now_s, jobs_.snapshot(job));
  SiteRuntime& runtime = sites_[static_cast<std::size_t>(site)];
  const int origin = view_.data_site(job.job);
  const double bytes = data_ != nullptr ? data_->bytes_to_move(job.job, origin, site) : job.job.dataset_bytes;
  if (origin == site || bytes <= 0.0) {
    if (data_ != nullptr) data_->used(job.job, origin, site, view_.now_s);  // its copies here are used now
    runtime.enqueue(job);
    return;
  }
  // The dataset moves from the origin hub's home site to the chosen site before the job may
  // queue there; the transfer is a SimGrid communication sharing the links' bandwidth.
  runtime.add_inbound(job);
  transfers_.send_dataset(job, origin, bytes);
}

void Dispatcher::resubmit(JobRecord& job, const std::string& why) {
  observer_.job_resubmitted(simgrid::s4u::Engine::get_clock(), jobs_.snapshot(job), why);
  if (leases_) leases_->release(job.job.id, simgrid::s4u::Engine::get_clock());
  transfers_.forget(job);  // before the cancel: it counts the bytes the transfer moved
  jobs_.detach_engine_handles(job);
  job.transferring = false;
  job.site = job.pool = -1;
  job.transfer_start_s = job.transfer_end_s = job.start_s = std::numeric_limits<double>::quiet_NaN();
  job.allocation = {};
  pending_.push_back({&job, job.job.id});
}

}  // namespace aicn::sim
