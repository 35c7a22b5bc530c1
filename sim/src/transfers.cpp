#include "transfers.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

namespace aicn::sim {

namespace sg4 = simgrid::s4u;

namespace {
/// A transfer moves a whole number of bytes: the payload of its SimGrid communication
/// (Transfers::send). Workload sources draw sizes as real numbers; what the trace, the
/// summary and the energy books record is what moved. (Whole numbers also compress: a
/// fractional byte count fills all 52 mantissa bits of the trace's bytes_moved column.)
double whole_bytes(double bytes) { return std::round(bytes); }
}  // namespace

Transfers::Transfers(const topology::Layout& layout, const topology::NetworkGraph& intact, const NetworkOutages* outages,
                     const Platform& platform, JobTable& jobs, LinkMeter& link_meter, results::RunObserver& observer)
    : layout_(layout),
      intact_(intact),
      outages_(outages),
      platform_(platform),
      jobs_(jobs),
      link_meter_(link_meter),
      observer_(observer) {}

bool Transfers::reachable_later(int from_site, int to_site) const {
  return outages_ != nullptr && outages_->route_returns(from_site, to_site);
}

sg4::Host* Transfers::gateway(int state, int site) const {
  return platform_.state_gateways[static_cast<std::size_t>(state)][static_cast<std::size_t>(site)];
}

void Transfers::send_dataset(JobRecord& job, int from_site, double bytes) {
  job.transfer_start_s = sg4::Engine::get_clock();
  job.data_bytes = whole_bytes(bytes);
  observer_.transfer_started(job.transfer_start_s, jobs_.snapshot(job), from_site, job.site, job.data_bytes);
  send(job, from_site, job.site, job.data_bytes, true);
}

void Transfers::send_result(JobRecord& job, int to_site) {
  job.returning = true;
  const double bytes = whole_bytes(job.job.result_bytes);
  observer_.transfer_started(sg4::Engine::get_clock(), jobs_.snapshot(job), job.site, to_site, bytes);
  send(job, job.site, to_site, bytes, false, true);
}

void Transfers::send(JobRecord& job, int from_site, int to_site, double bytes, bool dataset, bool result) {
  const auto payload = static_cast<std::uint64_t>(std::llround(bytes));
  job.transferring = true;
  job.activities_left = 1;
  InFlight transfer{from_site, to_site, dataset, &route_directions(from_site, to_site), static_cast<double>(payload),
                    current_state(), true, result};
  const double latency_s = sharing_ == BandwidthSharing::MAX_MIN ? graph().latency_s(from_site, to_site) : 0.0;
  transfer.started = !(latency_s > 0);
  track(job.job.id, transfer);
  if (transfer.started) {
    start_comm(job);
    return;
  }
  // The job's engine timer: JobTable::detach_engine_handles removes it with the job's other
  // handles, whichever way the job leaves (site down, run end, stop signal).
  job.compute_timer = simgrid::kernel::timer::Timer::set(sg4::Engine::get_clock() + latency_s, [this, &job] {
    job.compute_timer = nullptr;
    start_comm(job);
  });
}

void Transfers::start_comm(JobRecord& job) {
  InFlight& transfer = in_flight_.at(job.job.id);
  // The network changed while a MAX_MIN transfer paid its latency: it takes today's route if
  // there is one; else it starts on its own, now cut, and SimGrid fails it at once, so it
  // takes the path of any cut transfer (reroute, wait or fail) in on_comm_ended.
  if (transfer.state != current_state() && reachable(transfer.from_site, transfer.to_site)) {
    transfer.state = current_state();
    transfer.route = &route_directions(transfer.from_site, transfer.to_site);
  }
  transfer.started = true;
  // One SimGrid communication between the sites' gateways of its network state; its
  // completion (the simulation's activity router) comes back to on_comm_ended.
  sg4::CommPtr comm = sg4::Comm::sendto_init(gateway(transfer.state, transfer.from_site), gateway(transfer.state, transfer.to_site));
  comm->set_payload_size(static_cast<std::uint64_t>(transfer.bytes_left));
  comm->set_data(&job);
  job.activities.push_back(comm);
  comm->start();
}

void Transfers::start_bulk(JobRecord& job, int from_site, int to_site, double bytes) {
  bytes = whole_bytes(bytes);
  job.transfer_start_s = sg4::Engine::get_clock();
  observer_.transfer_started(job.transfer_start_s, jobs_.snapshot(job), from_site, to_site, bytes);
  send(job, from_site, to_site, bytes, false);
}

Transfers::Outcome Transfers::start_data_transfer(JobRecord& job, bool receiving_site_down, bool receiving_site_returns,
                                                  std::string& why) {
  const int from = data_site(job);
  const int to = layout_.home_site(job.job.destination_hub);
  job.site = to;
  job.start_s = sg4::Engine::get_clock();
  if (from == to || job.job.dataset_bytes <= 0.0) return Outcome::ARRIVED;  // nothing moves
  if (!receiving_site_down && reachable(from, to)) {
    start_bulk(job, from, to, job.job.dataset_bytes);
    return Outcome::STARTED;
  }
  const bool returns = receiving_site_down ? receiving_site_returns && reachable_later(from, to)
                                           : reachable_later(from, to);
  if (returns) {
    waiting_[job.job.id] = job.job.dataset_bytes;
    return Outcome::WAITING;
  }
  why = receiving_site_down ? "the receiving site " + layout_.sites[static_cast<std::size_t>(to)].name +
                                  " is down for the rest of the run"
                            : "no network route from " + layout_.sites[static_cast<std::size_t>(from)].name + " to " +
                                  layout_.sites[static_cast<std::size_t>(to)].name + " now or later in the run";
  return Outcome::FAILED;
}

Transfers::Outcome Transfers::on_comm_ended(JobRecord& job, bool cut, double remaining_bytes, bool site_down,
                                            std::string& why) {
  const std::optional<InFlight> tracked = untrack(job.job.id, cut ? remaining_bytes : 0.0);
  if (!tracked) throw std::logic_error("transfer of job " + std::to_string(job.job.id) + " ended but was not in flight");
  const InFlight route = *tracked;
  jobs_.retire_activities(job);
  job.transferring = false;
  const auto& sites = layout_.sites;
  if (!cut && route.result) {  // the job's own transfer times and bytes stay those of its data
    observer_.transfer_ended(sg4::Engine::get_clock(), jobs_.snapshot(job), route.from_site, route.to_site,
                             whole_bytes(job.job.result_bytes));
    return Outcome::ARRIVED;
  }
  if (!cut) {
    job.transfer_end_s = sg4::Engine::get_clock();
    job.bytes_moved = route.dataset ? job.data_bytes : whole_bytes(job.job.dataset_bytes);
    observer_.transfer_ended(job.transfer_end_s, jobs_.snapshot(job), route.from_site, route.to_site, job.bytes_moved);
    return Outcome::ARRIVED;
  }
  if (site_down) {
    if (route.dataset) return Outcome::SITE_DOWN;  // the dispatcher places it again
    if (outages_ != nullptr && outages_->site_returns(route.to_site)) {
      (route.result ? waiting_results_ : waiting_)[job.job.id] = remaining_bytes;
      return Outcome::WAITING;
    }
    why = "receiving site " + sites[static_cast<std::size_t>(route.to_site)].name +
          " went down during the data transfer and stays down";
    observer_.transfer_failed(sg4::Engine::get_clock(), jobs_.snapshot(job), sites[static_cast<std::size_t>(route.to_site)].name, why);
    return Outcome::FAILED;
  }
  const std::string route_text = sites[static_cast<std::size_t>(route.from_site)].name + " -> " +
                                 sites[static_cast<std::size_t>(route.to_site)].name;
  const auto& now_route = graph().route(route.from_site, route.to_site);
  if (now_route.reachable) {
    // The bytes already delivered stay delivered; the rest resumes on the new route.
    char detail[128];
    std::snprintf(detail, sizeof detail, "%.0f bytes left resume %s over %zu hops, %.2f ms", remaining_bytes,
                  route_text.c_str(), now_route.hops.size(), now_route.latency_s * 1e3);
    observer_.transfer_rerouted(sg4::Engine::get_clock(), jobs_.snapshot(job), last_cut_, detail);
    send(job, route.from_site, route.to_site, remaining_bytes, route.dataset, route.result);
    return Outcome::REROUTED;
  }
  if (reachable_later(route.from_site, route.to_site)) {
    if (route.dataset) return Outcome::ROUTE_LOST;  // held by the dispatcher until a repair
    (route.result ? waiting_results_ : waiting_)[job.job.id] = remaining_bytes;
    return Outcome::WAITING;
  }
  why = "no route left " + route_text + " after the cut of " + last_cut_ + ", and none is scheduled to return";
  observer_.transfer_failed(sg4::Engine::get_clock(), jobs_.snapshot(job), last_cut_, why);
  return Outcome::FAILED;
}

void Transfers::network_changed(const std::vector<bool>& site_down) {
  std::map<std::uint64_t, double> still_waiting;
  for (const auto& [id, bytes] : waiting_) {
    JobRecord* job = jobs_.find(id);
    const int from = data_site(*job);
    if (site_down[static_cast<std::size_t>(job->site)] || !reachable(from, job->site))
      still_waiting.emplace(id, bytes);
    else if (std::isnan(job->transfer_start_s))
      start_bulk(*job, from, job->site, bytes);  // waited from its arrival
    else
      send(*job, from, job->site, bytes, false);  // cut earlier, resumes
  }
  waiting_ = std::move(still_waiting);
  std::map<std::uint64_t, double> results_waiting;
  for (const auto& [id, bytes] : waiting_results_) {
    JobRecord* job = jobs_.find(id);
    const int home = data_site(*job);
    if (site_down[static_cast<std::size_t>(home)] || !reachable(job->site, home))
      results_waiting.emplace(id, bytes);
    else
      send(*job, job->site, home, bytes, false, true);
  }
  waiting_results_ = std::move(results_waiting);
}

void Transfers::fill_view(policy::ClusterView& view) {
  const std::size_t n = layout_.sites.size();
  const int state = outages_ ? outages_->current() : 0;
  if (state != view_network_state_) {
    view_network_state_ = state;
    view.route_latency_s.assign(n * n, std::numeric_limits<double>::infinity());
    view.route_bandwidth_bps.assign(n * n, 0.0);
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = 0; b < n; ++b) {
        // The pair's figures only: building every route's hop list costs seconds at 3,000 sites.
        const auto& network = graph();
        if (!network.reachable(static_cast<int>(a), static_cast<int>(b))) continue;
        view.route_latency_s[a * n + b] = network.latency_s(static_cast<int>(a), static_cast<int>(b));
        // What transfers get: the links' capacity less background traffic, and the borders.
        double bandwidth = network.bottleneck_bps(static_cast<int>(a), static_cast<int>(b)) * available_share_;
        for (std::size_t end : {a, b})
          if (a != b && end < site_transfer_bps_.size() && site_transfer_bps_[end] > 0.0)
            bandwidth = std::min(bandwidth, site_transfer_bps_[end]);
        view.route_bandwidth_bps[a * n + b] = bandwidth;
      }
  }
  if (view.route_transfers.size() != n * n) {
    view.route_transfers.assign(n * n, 0);
    for (const auto& [route, count] : route_counts_) view.route_transfers[route] = count;
  } else {
    for (std::size_t route : changed_routes_) {
      const auto found = route_counts_.find(route);
      view.route_transfers[route] = found == route_counts_.end() ? 0 : found->second;
    }
  }
  changed_routes_.clear();
}

void Transfers::forget(const JobRecord& job) {
  if (const auto found = in_flight_.find(job.job.id); found != in_flight_.end())
    untrack(job.job.id, found->second.started ? live_comm(job).get_remaining() : found->second.bytes_left);
  waiting_.erase(job.job.id);
  waiting_results_.erase(job.job.id);
}

void Transfers::forget_all() {
  while (!in_flight_.empty()) {
    const std::uint64_t id = in_flight_.begin()->first;
    const JobRecord* job = jobs_.find(id);
    if (job == nullptr) throw std::logic_error("job " + std::to_string(id) + " has a transfer in flight but no record");
    forget(*job);
  }
  waiting_.clear();
  waiting_results_.clear();
}

void Transfers::count_progress() {
  for (auto& [id, transfer] : in_flight_) {
    const JobRecord* job = jobs_.find(id);
    if (job == nullptr) throw std::logic_error("job " + std::to_string(id) + " has a transfer in flight but no record");
    if (!transfer.started) continue;  // still paying its latency: nothing moved
    const double left = live_comm(*job).get_remaining();
    link_meter_.carried(*transfer.route, transfer.bytes_left - left);
    transfer.bytes_left = left;
  }
}

const sg4::Activity& Transfers::live_comm(const JobRecord& job) {
  if (!job.transferring || job.activities.size() != 1)
    throw std::logic_error("job " + std::to_string(job.job.id) + " is tracked as transferring but has no communication");
  return *job.activities.front();
}

const std::vector<LinkDirection>& Transfers::route_directions(int from_site, int to_site) {
  const auto sites = static_cast<std::uint64_t>(layout_.sites.size());
  const auto state = static_cast<std::uint64_t>(outages_ ? outages_->current() : 0);
  const std::uint64_t key = (state * sites + static_cast<std::uint64_t>(from_site)) * sites + static_cast<std::uint64_t>(to_site);
  auto [at, added] = route_directions_.try_emplace(key);
  if (added)
    for (const auto& hop : graph().route(from_site, to_site).hops)
      at->second.push_back(2 * static_cast<LinkDirection>(hop.link) + (hop.forward ? 0 : 1));
  return at->second;
}

void Transfers::track(std::uint64_t job_id, InFlight transfer) {
  if (in_flight_.count(job_id) != 0)
    throw std::logic_error("job " + std::to_string(job_id) + " started a second transfer while one is in flight");
  in_flight_[job_id] = transfer;
  if (!transfer.dataset) return;
  const std::size_t route = route_index(transfer);
  ++route_counts_[route];
  changed_routes_.push_back(route);
}

std::optional<Transfers::InFlight> Transfers::untrack(std::uint64_t job_id, double bytes_left) {
  const auto found = in_flight_.find(job_id);
  if (found == in_flight_.end()) return std::nullopt;
  const InFlight transfer = found->second;
  in_flight_.erase(found);
  link_meter_.carried(*transfer.route, transfer.bytes_left - bytes_left);
  if (transfer.dataset) {
    const std::size_t route = route_index(transfer);
    if (--route_counts_[route] == 0) route_counts_.erase(route);
    changed_routes_.push_back(route);
  }
  return transfer;
}

}  // namespace aicn::sim
