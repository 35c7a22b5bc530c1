#pragma once
/// @file serving_model.hpp
/// Request-level serving (docs/serving.md): the roofline of one replica (prefill bound by
/// compute, decode by memory bandwidth and batch size) and the queue of a deployment's
/// replicas, computed over every request in one pass, with no engine. Pure C++.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace aicn::workloads {

/// One user request of a replayed (or generated) trace.
struct ServingRequest {
  double arrival_s = 0.0;     ///< when the user sends it (simulated time)
  int user_hub = -1;          ///< the user's city (hub index); its home site is where the request starts
  double prompt_tokens = 0.0; ///< input tokens, prefilled at once
  double output_tokens = 0.0; ///< generated tokens, one decode step each
};

/// The roofline of one replica: `gpus` GPUs (tensor parallel) of one model serving a model of
/// `parameters` weights in BF16 (2 bytes and 2 FLOPs a parameter per token).
struct ReplicaRoofline {
  double parameters = 7e9;       ///< N
  int gpus = 1;                  ///< GPUs per replica
  double peak_flops = 0.0;       ///< per GPU, dense BF16, FLOP/s (gpu_catalog)
  double memory_bandwidth_bps = 0.0;  ///< per GPU, bytes/s (gpu_catalog)
  double utilisation = 0.45;     ///< of the peak that prefill and compute-bound decode reach
  int batch_slots = 32;          ///< B: requests decoding together at most (continuous batching)

  double compute_flops_per_s() const { return gpus * peak_flops * utilisation; }
  /// Prefill: prompt x 2N FLOPs at gpus x peak x utilisation.
  double prefill_s(double prompt_tokens) const { return prompt_tokens * 2.0 * parameters / compute_flops_per_s(); }
  /// One decode step for `batch` requests: every step reads the 2N bytes of weights once (shared
  /// by the batch), and computes 2N FLOPs per request; the slower of the two bounds.
  double step_s(int batch) const;
};

/// When and where one replica could serve: from ready_s (weights arrived and loaded) to end_s
/// (scaled down, interrupted or the run's end). A request that arrives before end_s is served
/// to its last token (the replica drains).
struct ReplicaWindow {
  int site = -1;
  double ready_s = 0.0;
  double end_s = 0.0;
};

/// What became of one request. Times in seconds; NaN-free: unserved requests have zeros.
struct RequestOutcome {
  bool served = false;
  int replica = -1;     ///< index into the windows
  double rtt_s = 0.0;   ///< user hub <-> serving site, both ways
  double wait_s = 0.0;  ///< queueing: at the replica, until the prefill unit and a batch slot are free
  double ttft_s = 0.0;  ///< time to first token: rtt + wait + prefill
  double tpot_s = 0.0;  ///< time per output token: the decode step at the batch it joined
  double e2e_s = 0.0;   ///< end to end: ttft + output tokens x tpot
};

/// Round-trip time, s, from a user hub to a site; negative when the site cannot be reached.
using RttFunction = std::function<double(int user_hub, int site)>;

/// Serves `requests` (in arrival order) on the replicas. The queue (docs/serving.md): a
/// request reaches a replica half its RTT after it is sent; it goes to the replica that lets it
/// start first (RTT included) among those ready when it arrives, or, when none is, to the one
/// ready soonest. Each replica prefills one request at a time (compute-bound), and holds up to
/// B requests decoding; a request starts when the prefill unit is free and one of the B slots
/// is, and decodes at the step time of the batch it joins (the requests still decoding then,
/// itself included), kept to its end.
std::vector<RequestOutcome> serve_requests(std::span<const ServingRequest> requests,
                                           std::span<const ReplicaWindow> replicas, const ReplicaRoofline& roofline,
                                           const RttFunction& rtt);

}  // namespace aicn::workloads
