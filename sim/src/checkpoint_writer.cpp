#include "checkpoint_writer.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cmath>

namespace aicn::sim {

namespace sg4 = simgrid::s4u;

CheckpointWriter::CheckpointWriter(const Scenario& scenario, Transfers& transfers, JobTable& jobs,
                                   results::RunObserver& observer)
    : scenario_(scenario), transfers_(transfers), jobs_(jobs), observer_(observer) {}

double CheckpointWriter::interval_s(const workloads::Job& job) const {
  // A job that states its own interval (training from llm-mix) uses it; others the scenario's.
  return job.checkpoint_interval_s > 0.0 ? job.checkpoint_interval_s : scenario_.checkpoint_interval_s;
}

void CheckpointWriter::job_started(JobRecord& job) {
  job.checkpoint_saved_s = 0.0;
  if (job.job.checkpoint_bytes <= 0.0 || !(interval_s(job.job) > 0.0)) return;
  arm(job, 1);
}

void CheckpointWriter::arm(JobRecord& job, int index) {
  const double interval = interval_s(job.job);
  const double covers = index * interval;
  const double run_time = job.job.run_time_s(scenario_.layout.sites[static_cast<std::size_t>(job.site)]
                                                 .pools[static_cast<std::size_t>(job.pool)].gpu_model);
  if (!(covers < run_time)) return;  // the job ends first: its results, not a checkpoint, go home
  const std::uint64_t id = job.job.id;
  const double run_start_s = job.start_s;
  // The timer holds the job's id and start, not the record: if the job was interrupted or
  // ended meanwhile, the timer finds it gone or restarted and does nothing.
  simgrid::kernel::timer::Timer::set(run_start_s + covers, [this, id, run_start_s, index] { write(id, run_start_s, index); });
}

void CheckpointWriter::write(std::uint64_t job_id, double run_start_s, int index) {
  retired_.clear();
  JobRecord* job = jobs_.find(job_id);
  if (stopped_ || job == nullptr || job->start_s != run_start_s || job->site < 0) return;
  const int from = job->site;
  const int home = scenario_.layout.home_site(job->job.origin_hub);
  Write sent{job_id, run_start_s, index * interval_s(job->job), from, home,
             from == home ? 0.0 : std::round(job->job.checkpoint_bytes), nullptr, nullptr};
  const double now = sg4::Engine::get_clock();
  observer_.transfer_started(now, jobs_.snapshot(*job), from, home, from == home ? 0.0 : job->job.checkpoint_bytes);
  if (from == home) {
    arrived(sent);  // written to its own site's storage
  } else if (transfers_.reachable(from, home)) {
    sent.route = &transfers_.current_route(from, home);
    sg4::CommPtr comm = sg4::Comm::sendto_init(transfers_.current_gateway(from), transfers_.current_gateway(home));
    comm->set_payload_size(static_cast<std::uint64_t>(std::llround(sent.bytes)));
    // No data: the simulation's activity router ignores it, and on_comm_ended finds it here.
    sent.comm = comm;
    in_flight_.emplace(comm.get(), sent);
    comm->start();
  }  // else no route home now: this checkpoint is lost, the next one may get through
  arm(*job, index + 1);
}

bool CheckpointWriter::on_comm_ended(const sg4::Activity& activity) {
  const auto found = in_flight_.find(&activity);
  if (found == in_flight_.end()) return false;
  const Write done = found->second;
  in_flight_.erase(found);
  retired_.push_back(done.comm);  // SimGrid still holds it in this callback
  const bool finished = activity.get_state() == sg4::Activity::State::FINISHED;
  // Counted when it ends (a cut one: what it moved until then), not sample by sample.
  transfers_.count_on_route(*done.route, done.bytes - (finished ? 0.0 : activity.get_remaining()));
  if (finished) arrived(done);
  return true;
}

void CheckpointWriter::arrived(const Write& write) {
  JobRecord* job = jobs_.find(write.job_id);
  if (job == nullptr) return;
  observer_.transfer_ended(sg4::Engine::get_clock(), jobs_.snapshot(*job), write.from_site, write.to_site, write.bytes);
  // A checkpoint of an earlier run (before an interruption) holds nothing of this one.
  if (job->start_s == write.run_start_s) job->checkpoint_saved_s = std::max(job->checkpoint_saved_s, write.covers_s);
}

void CheckpointWriter::site_down(int site) {
  for (auto it = in_flight_.begin(); it != in_flight_.end();) {
    if (it->second.from_site != site) {
      ++it;
      continue;
    }
    sg4::ActivityPtr comm = it->second.comm;
    transfers_.count_on_route(*it->second.route, it->second.bytes - comm->get_remaining());
    it = in_flight_.erase(it);  // first: a completion callback of the cancel finds nothing
    comm->cancel();
    retired_.push_back(comm);
  }
}

}  // namespace aicn::sim
