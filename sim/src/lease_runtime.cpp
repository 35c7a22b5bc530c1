#include "lease_runtime.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Engine.hpp>

namespace aicn::sim {

using simgrid::kernel::timer::Timer;

LeaseRuntime::LeaseRuntime(const std::vector<topology::Lease>& leases, results::RunObserver& observer,
                           CapacityFreed freed, std::function<bool()> live)
    : leases_(leases), observer_(observer), freed_(std::move(freed)), live_(std::move(live)), states_(leases.size()) {}

void LeaseRuntime::schedule() {
  // The timers hold only `this` and an index; the runtime lives as long as the engine runs.
  for (std::size_t i = 0; i < leases_.size(); ++i) {
    const int index = static_cast<int>(i);
    Timer::set(leases_[i].start_s, [this, index] {
      if (live_()) begin(index);
    });
    Timer::set(leases_[i].end_s(), [this, index] {
      if (live_()) end(index);
    });
  }
}

void LeaseRuntime::begin(int index) {
  states_[static_cast<std::size_t>(index)].running = true;
  observer_.lease_started(simgrid::s4u::Engine::get_clock(), index);
  freed_(lease(index).site, lease(index).pool);
}

void LeaseRuntime::end(int index) {
  State& state = states_[static_cast<std::size_t>(index)];
  state.running = false;
  observer_.lease_ended(simgrid::s4u::Engine::get_clock(), index);
  const topology::Lease& ended = lease(index);
  freed_(ended.site, ended.pool);
}

int LeaseRuntime::unused_reserved(int site, int pool) const {
  int unused = 0;
  for (std::size_t i = 0; i < leases_.size(); ++i)
    if (states_[i].running && leases_[i].site == site && leases_[i].pool == pool)
      unused += leases_[i].gpus - states_[i].busy_gpus;
  return unused;
}

int LeaseRuntime::lease_with_room(const workloads::Job& job) const {
  if (!job.is_compute()) return -1;
  for (std::size_t i = 0; i < leases_.size(); ++i) {
    const topology::Lease& l = leases_[i];
    if (states_[i].running && l.lessee_hub == job.origin_hub && job.accepts(l.model) &&
        states_[i].committed_gpus + job.gpus <= l.gpus)
      return static_cast<int>(i);
  }
  return -1;
}

void LeaseRuntime::commit(std::uint64_t job_id, int index, int gpus) {
  commitments_[job_id] = Commitment{index, gpus, false};
  states_[static_cast<std::size_t>(index)].committed_gpus += gpus;
}

int LeaseRuntime::committed_lease(std::uint64_t job_id) const {
  const auto found = commitments_.find(job_id);
  return found == commitments_.end() ? -1 : found->second.lease;
}

bool LeaseRuntime::start_on_lease(std::uint64_t job_id, double now_s) {
  const auto found = commitments_.find(job_id);
  if (found == commitments_.end()) return false;
  Commitment& c = found->second;
  State& state = states_[static_cast<std::size_t>(c.lease)];
  if (!state.running) return false;
  c.running = true;
  state.busy_gpus += c.gpus;
  observer_.lease_busy_changed(now_s, c.lease, state.busy_gpus);
  return true;
}

void LeaseRuntime::release(std::uint64_t job_id, double now_s) {
  const auto found = commitments_.find(job_id);
  if (found == commitments_.end()) return;
  const Commitment c = found->second;
  commitments_.erase(found);
  State& state = states_[static_cast<std::size_t>(c.lease)];
  state.committed_gpus -= c.gpus;
  if (c.running) {
    state.busy_gpus -= c.gpus;
    observer_.lease_busy_changed(now_s, c.lease, state.busy_gpus);
  }
}

}  // namespace aicn::sim
