// The serving block: replica windows from the replica jobs' events, request latencies at the end.
#include "aicn/results/serving_accountant.hpp"

#include <algorithm>
#include <iomanip>
#include <limits>
#include <sstream>

#include "aicn/results/summary.hpp"

namespace aicn::results {
namespace {

nlohmann::ordered_json percentiles(std::vector<double> values) {
  const Distribution d = Distribution::of(values);
  return {{"count", d.count}, {"mean", d.mean}, {"p50", d.p50}, {"p95", d.p95}, {"p99", d.p99}, {"max", d.max}};
}

/// Latencies and SLO attainment of the requests `in` selects.
template <typename Select>
nlohmann::ordered_json latency_block(const workloads::ServingPlan& plan, const std::vector<workloads::RequestOutcome>& outcomes,
                                     Select in) {
  std::vector<double> ttft, tpot, e2e, wait, rtt;
  std::uint64_t requests = 0, met = 0;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (!in(plan.requests[i])) continue;
    ++requests;
    const workloads::RequestOutcome& out = outcomes[i];
    if (!out.served) continue;
    ttft.push_back(out.ttft_s), tpot.push_back(out.tpot_s), e2e.push_back(out.e2e_s), wait.push_back(out.wait_s),
        rtt.push_back(out.rtt_s);
    if (out.ttft_s <= plan.slo.ttft_s && out.tpot_s <= plan.slo.tpot_s) ++met;
  }
  nlohmann::ordered_json block;
  block["requests"] = requests;
  block["served"] = ttft.size();
  block["slo_attainment"] = requests == 0 ? 0.0 : static_cast<double>(met) / static_cast<double>(requests);
  block["ttft_s"] = percentiles(std::move(ttft));
  block["tpot_s"] = percentiles(std::move(tpot));
  block["e2e_s"] = percentiles(std::move(e2e));
  block["wait_s"] = percentiles(std::move(wait));
  block["rtt_s"] = percentiles(std::move(rtt));
  return block;
}

}  // namespace

ServingAccountant::ServingAccountant(const workloads::ServingPlan& plan, const topology::Layout& layout,
                                     const topology::NetworkGraph& graph)
    : plan_(plan), layout_(layout), graph_(graph) {}

bool ServingAccountant::is_replica(const JobSnapshot& job) const {
  return job.job != nullptr && std::binary_search(plan_.replica_jobs.begin(), plan_.replica_jobs.end(), job.job->id);
}

void ServingAccountant::transfer_started(double, const JobSnapshot& job, int, int, double bytes) {
  if (!is_replica(job)) return;
  ++weight_transfers_;
  weight_bytes_ += bytes;
}

void ServingAccountant::job_started(double now_s, const JobSnapshot& job) {
  if (!is_replica(job)) return;
  close(job.job->id, now_s);  // restarted after an outage: the earlier window ended already
  open_[job.job->id] = windows_.size();
  windows_.push_back({job.site, now_s + plan_.load_s, std::numeric_limits<double>::infinity()});
}

void ServingAccountant::job_interrupted(double now_s, const JobSnapshot& job, double, const std::string&) {
  if (is_replica(job)) close(job.job->id, now_s);
}

void ServingAccountant::job_ended(double now_s, const JobSnapshot& job, JobStatus, const std::string&) {
  if (is_replica(job)) close(job.job->id, now_s);
}

void ServingAccountant::close(std::uint64_t job_id, double now_s) {
  const auto it = open_.find(job_id);
  if (it == open_.end()) return;
  windows_[it->second].end_s = now_s;
  open_.erase(it);
}

void ServingAccountant::run_ended(double end_s) {
  while (!open_.empty()) close(open_.begin()->first, end_s);
  // A request goes to the user's home site, then along the route to the serving site and back.
  const auto rtt = [this](int hub, int site) {
    const int from = layout_.home_site(hub);
    if (from < 0 || !graph_.reachable(from, site)) return -1.0;
    return 2.0 * graph_.latency_s(from, site);
  };
  outcomes_ = workloads::serve_requests(plan_.requests, windows_, plan_.roofline, rtt);
}

nlohmann::ordered_json ServingAccountant::to_json() const {
  nlohmann::ordered_json out = latency_block(plan_, outcomes_, [](const workloads::ServingRequest&) { return true; });
  out["replicas"] = windows_.size();
  out["replica_jobs"] = plan_.replica_jobs.size();
  out["weight_transfers"] = weight_transfers_;
  out["weight_bytes_moved"] = weight_bytes_;
  out["gpus_per_replica"] = plan_.roofline.gpus;
  out["batch_slots"] = plan_.roofline.batch_slots;
  out["load_s"] = plan_.load_s;
  out["slo"] = {{"ttft_s", plan_.slo.ttft_s}, {"tpot_s", plan_.slo.tpot_s}};
  nlohmann::ordered_json cities = nlohmann::ordered_json::object();
  for (std::size_t hub = 0; hub < layout_.hubs.size(); ++hub) {
    const int h = static_cast<int>(hub);
    const auto here = [h](const workloads::ServingRequest& request) { return request.user_hub == h; };
    if (std::none_of(plan_.requests.begin(), plan_.requests.end(), here)) continue;
    cities[layout_.hubs[hub].name] = latency_block(plan_, outcomes_, here);
  }
  out["cities"] = std::move(cities);
  return out;
}

std::string serving_summary_text(const nlohmann::json& block) {
  std::ostringstream text;
  text << "\nServing: " << block.at("served").get<std::uint64_t>() << " of " << block.at("requests").get<std::uint64_t>()
       << " requests served by " << block.at("replicas").get<std::uint64_t>() << " replicas ("
       << block.at("gpus_per_replica").get<int>() << " GPUs each), " << block.at("weight_transfers").get<std::uint64_t>()
       << " weight transfers\n";
  text << std::setprecision(4);
  for (const char* metric : {"ttft_s", "tpot_s", "e2e_s"}) {
    const auto& d = block.at(metric);
    text << "  " << std::left << std::setw(7) << metric << " p50 " << d.at("p50").get<double>() << " s  p95 "
         << d.at("p95").get<double>() << " s  p99 " << d.at("p99").get<double>() << " s\n";
  }
  text << "  SLO (TTFT <= " << block.at("slo").at("ttft_s").get<double>() << " s, TPOT <= "
       << block.at("slo").at("tpot_s").get<double>() << " s) met by " << std::fixed << std::setprecision(2)
       << 100.0 * block.at("slo_attainment").get<double>() << " %:";
  for (const auto& [city, figures] : block.at("cities").items())
    text << " " << city << " " << 100.0 * figures.at("slo_attainment").get<double>() << " %";
  text << "\n";
  return text.str();
}

}  // namespace aicn::results
