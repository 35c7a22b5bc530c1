#pragma once
/// @file serving_plan.hpp
/// A persistent deployment of one model (docs/serving.md): its replicas, each a serving job
/// that moves the weights once and holds its GPUs while demand needs it, and the requests they
/// serve. A request-mode source (mooncake, azure-llm with `mode: requests`) builds one and
/// hands it to the run, which measures every request's latency with serve_requests().
#include <cstdint>
#include <span>
#include <vector>

#include "aicn/workloads/serving_model.hpp"

namespace aicn::workloads {

/// The latency targets a request meets or misses (both must hold for it to count as met).
struct ServingSlo {
  double ttft_s = 2.0;  ///< time to first token
  double tpot_s = 0.1;  ///< time per output token
};

/// When one replica is wanted: submitted at start_s, released at end_s (its job's duration is
/// the load time plus end_s - start_s), carrying `flops` of the work.
struct ReplicaLifetime {
  double start_s = 0.0;
  double end_s = 0.0;
  double flops = 0.0;
};

/// How many replicas each interval needs, and how long a replica is kept through a lull.
struct ScalingRule {
  double interval_s = 60.0;    ///< the demand is looked at interval by interval
  double target_load = 0.7;    ///< of a replica's compute (and of its B slots) a replica is sized to carry
  double keep_s = 600.0;       ///< a replica not needed for less than this is kept (no new transfer)
};

/// Replicas for the requests (arrival order, simulated time). Interval k needs
/// max(ceil(F_k / (interval x compute x target_load)), ceil(S_k / (B x target_load))) replicas,
/// at least one when it has a request, where F_k = sum of 2N (prompt + output) over its requests
/// and S_k = sum of (prefill + output x step(1)) / interval, the mean number of slots they hold
/// (Little's law). Replica i is wanted in the intervals that need more than i; two stretches
/// less than keep_s apart are one lifetime. Ordered by start, then replica index.
std::vector<ReplicaLifetime> plan_replicas(std::span<const ServingRequest> requests, const ReplicaRoofline& roofline,
                                           const ScalingRule& rule);

/// What a request-mode source hands the run: the requests, how one replica serves, and the
/// ids of the serving jobs that are its replicas.
struct ServingPlan {
  std::vector<ServingRequest> requests;  ///< arrival order, simulated time
  ReplicaRoofline roofline;
  ServingSlo slo;
  double load_s = 0.0;                   ///< from a replica's start to its first request (weights into GPU memory)
  std::vector<std::uint64_t> replica_jobs;  ///< job ids, in submit order
};

/// A source whose jobs are a deployment's replicas (mooncake, azure-llm with mode: requests)
/// is also one of these; the run finds it with a dynamic_cast of its JobSource.
class ServingPlanSource {
 public:
  virtual ~ServingPlanSource() = default;
  virtual const ServingPlan& serving_plan() const = 0;
};

}  // namespace aicn::workloads
