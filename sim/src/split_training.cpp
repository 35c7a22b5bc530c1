#include "split_training.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "aicn/topology/checked_number.hpp"
#include "aicn/workloads/formulas.hpp"
#include "aicn/workloads/job_classes.hpp"

namespace aicn::sim {

namespace sg4 = simgrid::s4u;
using simgrid::kernel::timer::Timer;

namespace {

/// The job's parameter count N, from what the workload states: its checkpoint (14 N) or its
/// training memory (16 N plus each GPU's activations); 0 when it states neither.
double parameters_of(const workloads::Job& job) {
  if (job.checkpoint_bytes > 0.0) return job.checkpoint_bytes / workloads::kCheckpointBytesPerParameter;
  if (job.memory_bytes > 0.0) return workloads::training_parameters_from_memory(job.memory_bytes, job.gpus);
  return 0.0;
}

}  // namespace

SplitTraining::SplitTraining(const Scenario& scenario, const Platform& platform, const topology::NetworkGraph& graph,
                             std::vector<SiteRuntime>& sites, LinkMeter& link_meter, JobTable& jobs,
                             results::RunObserver& observer, Done done)
    : scenario_(scenario), platform_(platform), graph_(graph), sites_(sites), link_meter_(link_meter), jobs_(jobs),
      observer_(observer), done_(std::move(done)) {}

std::vector<std::pair<int, int>> SplitTraining::exchange_pairs(std::size_t parts, workloads::SyncScheme scheme) const {
  const int k = static_cast<int>(parts);
  std::vector<std::pair<int, int>> pairs;
  if (scheme == workloads::SyncScheme::PIPELINE || k == 2) {
    // Each boundary both ways: a two-part ring uses its one hop in both directions, a
    // pipeline sends activations forward and their gradients back.
    for (int i = 0; i + 1 < k; ++i) {
      pairs.emplace_back(i, i + 1);
      pairs.emplace_back(i + 1, i);
    }
  } else {
    for (int i = 0; i < k; ++i) pairs.emplace_back(i, (i + 1) % k);
  }
  return pairs;
}

std::string SplitTraining::check(const workloads::Job& job, const std::vector<policy::PlacementPart>& parts) const {
  if (parameters_of(job) <= 0.0)
    return "a split job needs its model size (checkpoint_bytes or memory_bytes) for its synchronisation";
  std::set<int> sites;
  for (const policy::PlacementPart& part : parts)
    if (!sites.insert(part.site).second)
      return "two parts at site " + scenario_.layout.sites[static_cast<std::size_t>(part.site)].name +
             " (one part per site)";
  for (std::size_t i = 0; i + 1 < parts.size() || (parts.size() > 2 && i + 1 == parts.size()); ++i) {
    const int a = parts[i].site, b = parts[(i + 1) % parts.size()].site;
    if (!graph_.reachable(a, b))
      return "no network route between parts at " + scenario_.layout.sites[static_cast<std::size_t>(a)].name +
             " and " + scenario_.layout.sites[static_cast<std::size_t>(b)].name;
  }
  try {
    plan(job, parts);
  } catch (const std::invalid_argument& error) {
    return std::string("the step model refuses it: ") + error.what();
  }
  return {};
}

SplitTraining::Plan SplitTraining::plan(const workloads::Job& job, const std::vector<policy::PlacementPart>& parts) const {
  Plan out;
  out.inputs = scenario_.cross_site.step;
  out.inputs.parameters = parameters_of(job);
  out.inputs.utilisation = job.utilisation;
  if (out.inputs.scheme != workloads::SyncScheme::LOCAL_SGD) out.inputs.local_steps = 1;
  for (const policy::PlacementPart& part : parts) {
    const auto& pool = scenario_.layout.sites[static_cast<std::size_t>(part.site)].pools[static_cast<std::size_t>(part.pool)];
    out.parts.push_back({part.gpus, topology::gpu_model(pool.gpu_model).peak_fp16_flops});
  }
  const std::size_t k = parts.size();
  const std::size_t hop_count = out.inputs.scheme == workloads::SyncScheme::PIPELINE || k == 2 ? k - 1 : k;
  for (std::size_t i = 0; i < hop_count; ++i) {
    const int a = parts[i].site, b = parts[(i + 1) % k].site;
    out.hops.push_back({graph_.bottleneck_bps(a, b), graph_.latency_s(a, b)});
  }
  out.step = workloads::model_step(out.inputs, out.parts, out.hops);
  const double steps = job.flops / workloads::training_flops(out.inputs.parameters, out.inputs.tokens_per_step);
  out.rounds = steps * (1.0 + out.inputs.extra_steps) / out.step.steps_per_round;
  if (!(out.rounds > 0.0) || !std::isfinite(out.rounds))
    throw std::invalid_argument("the job's FLOPs give " + checked::format_number(out.rounds) + " rounds");
  const int given = scenario_.cross_site.aggregation_rounds;
  const double automatic = std::floor(scenario_.cross_site.aggregation_error * out.rounds);
  out.rounds_per_chunk = given > 0 ? given : checked::narrow<int>(std::clamp(automatic, 1.0, 1e9), "aggregation rounds");
  return out;
}

void SplitTraining::start(JobRecord& job, const std::vector<policy::PlacementPart>& parts) {
  Run& run = runs_[job.job.id];
  run.plan = plan(job.job, parts);
  run.start_s = sg4::Engine::get_clock();
  const double end_estimate = run.start_s + run.plan.rounds * run.plan.step.round_s;
  for (const policy::PlacementPart& part : parts)
    run.parts.push_back({part, sites_[static_cast<std::size_t>(part.site)].hold_part(job, part.pool, part.gpus, end_estimate)});
  for (const auto& [from, to] : exchange_pairs(parts.size(), run.plan.inputs.scheme)) {
    Flow flow{parts[static_cast<std::size_t>(from)].site, parts[static_cast<std::size_t>(to)].site, {}};
    for (const auto& hop : graph_.route(flow.from_site, flow.to_site).hops)
      flow.route.push_back(2 * static_cast<LinkDirection>(hop.link) + (hop.forward ? 0 : 1));
    run.max_route_latency_s = std::max(run.max_route_latency_s, graph_.latency_s(flow.from_site, flow.to_site));
    run.flows.push_back(std::move(flow));
  }
  job.split = true;
  job.start_s = run.start_s;
  observer_.job_started(run.start_s, jobs_.snapshot(job));
  start_chunk(job, run);
}

void SplitTraining::start_chunk(JobRecord& job, Run& run) {
  run.chunk_rounds = std::min(static_cast<double>(run.plan.rounds_per_chunk), run.plan.rounds - run.rounds_done);
  const double compute = run.chunk_rounds * run.plan.step.steps_per_round * run.plan.step.compute_s;
  const double now = sg4::Engine::get_clock();
  // Overlap: the last `overlap` share of the chunk's compute runs while it synchronises.
  run.overlap_until_s = now + compute;
  job.compute_timer = Timer::set(now + (1.0 - run.plan.inputs.overlap) * compute, [this, &job] {
    job.compute_timer = nullptr;  // the engine frees a timer once it has fired
    begin_sync(job, runs_.at(job.job.id));
  });
}

void SplitTraining::begin_sync(JobRecord& job, Run& run) {
  const double bytes = run.chunk_rounds * run.plan.step.wan_bytes_per_round;
  const auto payload = static_cast<std::uint64_t>(std::llround(bytes));
  run.payload = static_cast<double>(payload);
  for (Flow& flow : run.flows) {
    flow.counted = 0.0;
    sg4::CommPtr comm = sg4::Comm::sendto_init(platform_.state_gateways[0][static_cast<std::size_t>(flow.from_site)],
                                               platform_.state_gateways[0][static_cast<std::size_t>(flow.to_site)]);
    comm->set_payload_size(payload);
    comm->set_data(&job);
    job.activities.push_back(comm);
    comm->start();
  }
  run.comms_left = static_cast<int>(run.flows.size());
}

void SplitTraining::comm_done(JobRecord& job, const sg4::Activity& comm) {
  if (comm.get_state() != sg4::Activity::State::FINISHED)
    throw std::runtime_error("a WAN exchange of split job " + std::to_string(job.job.id) + " ended in state " +
                             comm.get_state_str());
  Run& run = runs_.at(job.job.id);
  for (std::size_t i = 0; i < job.activities.size(); ++i)
    if (job.activities[i].get() == &comm) {
      link_meter_.carried(run.flows[i].route, run.payload - run.flows[i].counted);
      run.flows[i].counted = run.payload;
    }
  run.wan_bytes += run.payload;
  if (--run.comms_left > 0) return;
  jobs_.retire_activities(job);
  // What is not network: the in-site all-reduces of the chunk's steps, and the ring's other
  // latency terms (the communication paid its route's latency once).
  const workloads::StepBreakdown& step = run.plan.step;
  const double k = static_cast<double>(run.plan.parts.size());
  double hop_latency = 0.0;
  for (const workloads::WanHop& hop : run.plan.hops) hop_latency = std::max(hop_latency, hop.latency_s);
  const double latency_terms = run.chunk_rounds * 2.0 * (k - 1.0) * hop_latency;
  const double fixed = run.chunk_rounds * step.steps_per_round * step.site_sync_s +
                       std::max(0.0, latency_terms - run.max_route_latency_s);
  const double end = std::max(run.overlap_until_s, sg4::Engine::get_clock() + fixed);
  job.compute_timer = Timer::set(end, [this, &job] {
    job.compute_timer = nullptr;
    end_chunk(job, runs_.at(job.job.id));
  });
}

void SplitTraining::count_progress() {
  for (auto& [id, run] : runs_) {
    const JobRecord* job = jobs_.find(id);
    if (job == nullptr || run.comms_left == 0) continue;  // ended, or not communicating now
    for (std::size_t i = 0; i < job->activities.size() && i < run.flows.size(); ++i) {
      const double moved = run.payload - job->activities[i]->get_remaining();
      if (moved > run.flows[i].counted) {
        link_meter_.carried(run.flows[i].route, moved - run.flows[i].counted);
        run.flows[i].counted = moved;
      }
    }
  }
}

void SplitTraining::end_chunk(JobRecord& job, Run& run) {
  run.rounds_done += run.chunk_rounds;
  if (run.rounds_done >= run.plan.rounds * (1.0 - 1e-12)) {
    finish(job, run);
    return;
  }
  start_chunk(job, run);
}

void SplitTraining::finish(JobRecord& job, Run& run) {
  const double now = sg4::Engine::get_clock();
  const workloads::StepBreakdown& step = run.plan.step;
  results::SplitTrainingStats stats;
  stats.parts = static_cast<int>(run.parts.size());
  stats.scheme = workloads::sync_scheme_name(run.plan.inputs.scheme);
  stats.steps = run.plan.rounds * step.steps_per_round;
  stats.wall_s = now - run.start_s;
  stats.compute_s = stats.steps * step.compute_s;
  stats.sync_share = stats.wall_s > 0.0 ? std::max(0.0, 1.0 - stats.compute_s / stats.wall_s) : 0.0;
  stats.wan_bytes = run.wan_bytes;
  int gpus = 0;
  for (const Part& part : run.parts) gpus += part.place.gpus;
  stats.sync_wait_gpu_s = std::max(0.0, stats.wall_s - stats.compute_s) * gpus;
  // Against the same GPUs in one site running the synchronous step count (no convergence penalty).
  const double single_site_s = stats.steps / (1.0 + run.plan.inputs.extra_steps) * step.single_site_step_s;
  stats.efficiency = stats.wall_s > 0.0 ? single_site_s / stats.wall_s : 0.0;
  stats.model_wall_s = run.plan.rounds * step.round_s;
  stats.rounds_per_chunk = run.plan.rounds_per_chunk;
  observer_.split_training_ended(now, jobs_.snapshot(job), stats);
  const std::vector<Part> parts = std::move(run.parts);
  runs_.erase(job.job.id);
  job.split = false;
  for (const Part& part : parts) {
    SiteRuntime& site = sites_[static_cast<std::size_t>(part.place.site)];
    site.release_part(job, part.place.pool, part.allocation);
    site.start_queued(part.place.pool);
  }
  done_(job);  // ends the job (its record is gone after this) and asks the policy again
}

}  // namespace aicn::sim
