// Request-level serving: the replica roofline and the deployment's queue (serving_model.hpp).
#include "aicn/workloads/serving_model.hpp"

#include <algorithm>
#include <limits>

namespace aicn::workloads {

double ReplicaRoofline::step_s(int batch) const {
  const double weights_bytes = 2.0 * parameters;  // BF16: read once per step, whatever the batch
  const double memory_s = weights_bytes / (gpus * memory_bandwidth_bps);
  const double compute_s = batch * 2.0 * parameters / compute_flops_per_s();
  return std::max(memory_s, compute_s);
}

namespace {

/// One replica's queue: when its prefill unit is free, and when each of its B batch slots is
/// (the decode end of the request holding it; 0 = never used).
struct ReplicaQueue {
  double prefill_free_s = 0.0;
  std::vector<double> slot_free_s;
};

struct Start {
  double start_s;  ///< prefill begins
  std::size_t slot;
};

Start earliest_start(const ReplicaQueue& queue, const ReplicaWindow& window, double at_s) {
  const auto slot = std::min_element(queue.slot_free_s.begin(), queue.slot_free_s.end());
  const double start = std::max({at_s, window.ready_s, queue.prefill_free_s, *slot});
  return {start, static_cast<std::size_t>(slot - queue.slot_free_s.begin())};
}

}  // namespace

std::vector<RequestOutcome> serve_requests(std::span<const ServingRequest> requests,
                                           std::span<const ReplicaWindow> replicas, const ReplicaRoofline& roofline,
                                           const RttFunction& rtt) {
  std::vector<ReplicaQueue> queues(replicas.size());
  for (ReplicaQueue& queue : queues) queue.slot_free_s.assign(static_cast<std::size_t>(std::max(1, roofline.batch_slots)), 0.0);
  std::vector<RequestOutcome> outcomes(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const ServingRequest& request = requests[i];
    // The replica that starts it first, RTT included: among the ready ones, else the first to be ready.
    int best = -1;
    bool best_ready = false;
    double best_cost = std::numeric_limits<double>::infinity();
    Start best_start{0.0, 0};
    double best_rtt = 0.0;
    for (std::size_t r = 0; r < replicas.size(); ++r) {
      const double round_trip = rtt(request.user_hub, replicas[r].site);
      if (round_trip < 0.0) continue;
      const double at_s = request.arrival_s + round_trip / 2.0;
      if (at_s >= replicas[r].end_s || replicas[r].ready_s >= replicas[r].end_s) continue;
      const bool ready = replicas[r].ready_s <= at_s;
      if (best_ready && !ready) continue;
      const Start start = earliest_start(queues[r], replicas[r], at_s);
      const double cost = round_trip + start.start_s - at_s;
      if ((ready && !best_ready) || cost < best_cost) {
        best = static_cast<int>(r), best_ready = ready, best_cost = cost, best_start = start, best_rtt = round_trip;
      }
    }
    if (best < 0) continue;  // no replica reachable while it could arrive: not served
    ReplicaQueue& queue = queues[static_cast<std::size_t>(best)];
    const double at_s = request.arrival_s + best_rtt / 2.0;
    const double prefill_s = roofline.prefill_s(request.prompt_tokens);
    const double decode_start_s = best_start.start_s + prefill_s;
    int batch = 1;  // itself, and every other slot still decoding when it joins
    for (std::size_t s = 0; s < queue.slot_free_s.size(); ++s)
      if (s != best_start.slot && queue.slot_free_s[s] > decode_start_s) ++batch;
    const double tpot_s = roofline.step_s(batch);
    const double decode_end_s = decode_start_s + request.output_tokens * tpot_s;
    queue.prefill_free_s = decode_start_s;
    queue.slot_free_s[best_start.slot] = decode_end_s;
    RequestOutcome& out = outcomes[i];
    out.served = true;
    out.replica = best;
    out.rtt_s = best_rtt;
    out.wait_s = best_start.start_s - at_s;
    out.ttft_s = best_rtt + out.wait_s + prefill_s;
    out.tpot_s = tpot_s;
    out.e2e_s = out.ttft_s + request.output_tokens * tpot_s;
  }
  return outcomes;
}

}  // namespace aicn::workloads
