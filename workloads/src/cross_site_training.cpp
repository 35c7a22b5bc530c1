// The cross-site step-time model (cross_site_training.hpp; derivation in
// docs/cross-site-training.md). Every function is a closed formula except the bandwidth
// search, which bisects because the overlap rule makes the inverse piecewise.
#include "aicn/workloads/cross_site_training.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "aicn/topology/checked_number.hpp"
#include "aicn/workloads/formulas.hpp"

namespace aicn::workloads {
namespace {

void require_positive(const char* field, double value) {
  if (!(value > 0.0) || !std::isfinite(value))
    throw std::invalid_argument(std::string(field) + ": must be a positive number, got " + checked::format_number(value));
}

void require_in(const char* field, double value, double low, double high) {
  if (!(value >= low && value <= high))
    throw std::invalid_argument(std::string(field) + ": must be from " + checked::format_number(low) + " to " +
                                checked::format_number(high) + ", got " + checked::format_number(value));
}

double gradient_bytes(const TrainingStepInputs& inputs) {
  return inputs.parameters * inputs.gradient_bytes_per_parameter;
}

/// Hops a scheme needs between k parts: a pipeline has k - 1 boundaries; a ring of two parts
/// uses its one full-duplex hop both ways, a ring of k > 2 parts k hops.
std::size_t hops_needed(SyncScheme scheme, std::size_t parts) {
  if (parts <= 1) return 0;
  if (scheme == SyncScheme::PIPELINE || parts == 2) return parts - 1;
  return parts;
}

}  // namespace

std::string sync_scheme_name(SyncScheme scheme) {
  switch (scheme) {
    case SyncScheme::SYNC_DP: return "sync-dp";
    case SyncScheme::LOCAL_SGD: return "local-sgd";
    case SyncScheme::PIPELINE: return "pipeline";
  }
  return "sync-dp";
}

SyncScheme parse_sync_scheme(const std::string& name) {
  for (SyncScheme scheme : {SyncScheme::SYNC_DP, SyncScheme::LOCAL_SGD, SyncScheme::PIPELINE})
    if (sync_scheme_name(scheme) == name) return scheme;
  throw std::invalid_argument("unknown synchronisation scheme '" + name + "' (valid: sync-dp, local-sgd, pipeline)");
}

void validate(const TrainingStepInputs& inputs, const std::vector<TrainingPart>& parts,
              const std::vector<WanHop>& hops) {
  require_positive("parameters", inputs.parameters);
  require_positive("tokens_per_step", inputs.tokens_per_step);
  require_in("utilisation", inputs.utilisation, 1e-9, 1.0);
  require_positive("gradient_bytes_per_parameter", inputs.gradient_bytes_per_parameter);
  if (inputs.gpus_per_replica < 1)
    throw std::invalid_argument("gpus_per_replica: must be 1 or more, got " + std::to_string(inputs.gpus_per_replica));
  require_positive("fabric_bps_per_gpu", inputs.fabric_bps_per_gpu);
  require_in("fabric_latency_s", inputs.fabric_latency_s, 0.0, 1.0);
  require_in("overlap", inputs.overlap, 0.0, 1.0);
  if (inputs.local_steps < 1)
    throw std::invalid_argument("local_steps: must be 1 or more, got " + std::to_string(inputs.local_steps));
  require_in("extra_steps", inputs.extra_steps, 0.0, 100.0);
  if (inputs.scheme == SyncScheme::PIPELINE) {
    require_positive("activation_bytes_per_microbatch", inputs.activation_bytes_per_microbatch);
    if (inputs.microbatches < 1)
      throw std::invalid_argument("microbatches: must be 1 or more, got " + std::to_string(inputs.microbatches));
  }
  if (parts.empty()) throw std::invalid_argument("parts: a job needs at least one part");
  for (const TrainingPart& part : parts) {
    if (part.gpus < inputs.gpus_per_replica)
      throw std::invalid_argument("gpus: every part needs at least gpus_per_replica (" +
                                  std::to_string(inputs.gpus_per_replica) + ") GPUs, got " + std::to_string(part.gpus));
    require_positive("peak_flops", part.peak_flops);
  }
  const std::size_t needed = hops_needed(inputs.scheme, parts.size());
  if (hops.size() != needed)
    throw std::invalid_argument("hops: " + std::to_string(parts.size()) + " parts under " +
                                sync_scheme_name(inputs.scheme) + " need " + std::to_string(needed) +
                                " WAN hops, got " + std::to_string(hops.size()));
  for (const WanHop& hop : hops) {
    require_positive("bandwidth_bps", hop.bandwidth_bps);
    require_in("latency_s", hop.latency_s, 0.0, 10.0);
  }
}

double step_compute_s(const TrainingStepInputs& inputs, const std::vector<TrainingPart>& parts) {
  // Each part gets a batch share in proportion to its throughput, so all finish together.
  double rate = 0.0;
  for (const TrainingPart& part : parts) rate += part.gpus * part.peak_flops * inputs.utilisation;
  return training_flops(inputs.parameters, inputs.tokens_per_step) / rate;
}

double site_allreduce_s(const TrainingStepInputs& inputs, int gpus, double bytes) {
  // d replicas each hold the gradient spread over m GPUs; the m shards are reduced in parallel
  // rings of d members, so each GPU moves 2 (d-1)/d of its 1/m share.
  const double replicas = static_cast<double>(gpus) / inputs.gpus_per_replica;
  if (replicas <= 1.0) return 0.0;
  const double share = 2.0 * (replicas - 1.0) / replicas;
  return share * (bytes / inputs.gpus_per_replica) * 8.0 / inputs.fabric_bps_per_gpu +
         2.0 * (replicas - 1.0) * inputs.fabric_latency_s;
}

double wan_bytes_per_exchange(const TrainingStepInputs& inputs, int parts) {
  if (parts <= 1) return 0.0;
  if (inputs.scheme == SyncScheme::PIPELINE)  // forward one way, backward the other (full duplex)
    return inputs.microbatches * inputs.activation_bytes_per_microbatch;
  return 2.0 * (parts - 1.0) / parts * gradient_bytes(inputs);
}

double wan_exchange_s(const TrainingStepInputs& inputs, const std::vector<WanHop>& hops, int parts) {
  if (parts <= 1 || hops.empty()) return 0.0;
  double bandwidth = hops.front().bandwidth_bps, latency = 0.0;
  for (const WanHop& hop : hops) {
    bandwidth = std::min(bandwidth, hop.bandwidth_bps);
    latency = std::max(latency, hop.latency_s);
  }
  // The ring's 2 (k-1) rounds (reduce-scatter, all-gather) each wait one hop latency; a
  // pipeline's forward and backward passes each cross k - 1 boundaries.
  return wan_bytes_per_exchange(inputs, parts) * 8.0 / bandwidth + 2.0 * (parts - 1.0) * latency;
}

double round_time_s(double round_compute_s, double round_sync_s, double overlap) {
  return round_compute_s + round_sync_s - std::min(round_sync_s, overlap * round_compute_s);
}

StepBreakdown model_step(const TrainingStepInputs& inputs, const std::vector<TrainingPart>& parts,
                         const std::vector<WanHop>& hops) {
  validate(inputs, parts, hops);
  const int k = static_cast<int>(parts.size());
  StepBreakdown out;
  out.compute_s = step_compute_s(inputs, parts);
  const double site_bytes =
      inputs.scheme == SyncScheme::PIPELINE ? gradient_bytes(inputs) / k : gradient_bytes(inputs);
  for (const TrainingPart& part : parts)
    out.site_sync_s = std::max(out.site_sync_s, site_allreduce_s(inputs, part.gpus, site_bytes));
  out.steps_per_round = inputs.scheme == SyncScheme::LOCAL_SGD ? inputs.local_steps : 1;
  out.wan_sync_s = wan_exchange_s(inputs, hops, k);
  out.wan_bytes_per_round = wan_bytes_per_exchange(inputs, k);
  const double h = out.steps_per_round;
  out.round_s = round_time_s(h * out.compute_s, h * out.site_sync_s + out.wan_sync_s, inputs.overlap);
  out.step_s = out.round_s / h;
  out.sync_share = (out.step_s - out.compute_s) / out.step_s;
  int total_gpus = 0;
  for (const TrainingPart& part : parts) total_gpus += part.gpus;
  out.single_site_step_s = round_time_s(
      out.compute_s, site_allreduce_s(inputs, total_gpus, gradient_bytes(inputs)), inputs.overlap);
  out.efficiency = out.single_site_step_s / (out.step_s * (1.0 + inputs.extra_steps));
  return out;
}

double bandwidth_for_efficiency(const TrainingStepInputs& inputs, const std::vector<TrainingPart>& parts,
                                const std::vector<WanHop>& hops, double target_efficiency) {
  require_in("target efficiency", target_efficiency, 1e-9, 10.0);
  auto efficiency_at = [&](double bandwidth_bps) {
    std::vector<WanHop> at = hops;
    for (WanHop& hop : at) hop.bandwidth_bps = bandwidth_bps;
    return model_step(inputs, parts, at).efficiency;
  };
  // Far beyond any fibre: the bytes cost nothing and only latency and in-site terms remain.
  constexpr double kUnbounded = 1e30;
  if (hops.empty() || efficiency_at(kUnbounded) < target_efficiency) return -1.0;
  double low = 1.0, high = kUnbounded;
  if (efficiency_at(low) >= target_efficiency) return low;
  // Efficiency rises monotonically with bandwidth; bisect on the logarithm to 1e-9 relative.
  while (high / low > 1.0 + 1e-9) {
    const double middle = std::sqrt(low * high);
    (efficiency_at(middle) >= target_efficiency ? high : low) = middle;
  }
  return high;
}

}  // namespace aicn::workloads
