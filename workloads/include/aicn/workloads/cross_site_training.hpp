#pragma once
/// @file cross_site_training.hpp
/// The analytic step-time model of one training job whose GPUs sit at several sites ("parts")
/// joined by long-haul links. Pure arithmetic (no engine): `aicn size cross-site` prints it and
/// the simulator uses it for the compute and in-site parts of a step, while the WAN exchanges
/// it describes become real network transfers there. docs/cross-site-training.md derives every
/// term; in short, for one "round" of H steps (H = 1 for sync-dp and pipeline):
///
///   compute_s  = 6 N (tokens per step) / sum_i(gpus_i x peak_i x utilisation)
///   site_s     = max_i [ 2 (d_i - 1)/d_i x (gradient bytes / m) / fabric_bps_per_gpu + 2 (d_i - 1) alpha ]
///                (hierarchical all-reduce inside each part: d_i = gpus_i / m data-parallel
///                replicas, m GPUs per replica each holding 1/m of the gradient)
///   wan_s      = 2 (k - 1)/k x gradient bytes / bandwidth + 2 (k - 1) x latency   (ring of k parts)
///   round_sync = H x site_s + wan_s
///   round_s    = H x compute_s + round_sync - min(round_sync, overlap x H x compute_s)
///   step_s     = round_s / H
///
/// and efficiency = (step time of the same GPUs in one site) / (step_s x (1 + extra_steps)),
/// where extra_steps is the convergence penalty of the scheme, an explicit input.
#include <string>
#include <vector>

namespace aicn::workloads {

enum class SyncScheme {
  SYNC_DP,    ///< all-reduce of the gradients every step: in each site, then among sites
  LOCAL_SGD,  ///< DiLoCo-style: parts step alone, exchange pseudo-gradients every H steps
  PIPELINE,   ///< one pipeline whose stages are the parts: activations cross the WAN
};

/// "sync-dp", "local-sgd", "pipeline".
std::string sync_scheme_name(SyncScheme scheme);
/// The scheme called `name`; std::invalid_argument naming the valid names otherwise.
SyncScheme parse_sync_scheme(const std::string& name);

/// One part of a split job: a GPU count at one site, with that GPU model's dense FP16 peak.
struct TrainingPart {
  int gpus = 0;
  double peak_flops = 0.0;
};

/// The WAN hop from one part to the next in the ring (or pipeline): per-direction bandwidth
/// and one-way latency of the route between the two sites.
struct WanHop {
  double bandwidth_bps = 0.0;
  double latency_s = 0.0;
};

struct TrainingStepInputs {
  double parameters = 0.0;              ///< N
  double tokens_per_step = 3.2e6;       ///< global batch; GPT-3 175B used 3.2M tokens (Brown et al. 2020, Table 2.1)
  double utilisation = 0.45;            ///< share of the FP16 peak sustained in compute
  double gradient_bytes_per_parameter = 2.0;  ///< 16-bit gradients (and pseudo-gradients)
  int gpus_per_replica = 64;            ///< m: tensor x pipeline parallel degree inside a site (ASSUMPTION: 8 x 8)
  double fabric_bps_per_gpu = 200e9;    ///< in-site network per GPU (one HDR 200 Gb/s NIC per A100, as in a DGX A100)
  double fabric_latency_s = 5e-6;       ///< alpha of one in-site ring hop
  double overlap = 0.0;                 ///< share of the round's compute time that can hide synchronisation, [0, 1]
  SyncScheme scheme = SyncScheme::SYNC_DP;
  int local_steps = 1;                  ///< H: steps between two WAN exchanges (local-sgd only)
  /// Convergence penalty: extra steps, as a share of the synchronous count, that the scheme
  /// needs to reach the same loss. 0 by default: DiLoCo (Douillard et al. 2023,
  /// arXiv:2311.08105) reports 8 workers at H = 500 matching fully synchronous training.
  double extra_steps = 0.0;
  double activation_bytes_per_microbatch = 0.0;  ///< pipeline: bytes crossing one stage boundary, one way
  int microbatches = 1;                 ///< pipeline: micro-batches per step
};

/// The figures of one step (averaged over a round of H steps).
struct StepBreakdown {
  double compute_s = 0.0;          ///< per step
  double site_sync_s = 0.0;        ///< in-site all-reduce, per step
  double wan_sync_s = 0.0;         ///< WAN exchange of one round (not divided by H)
  double round_s = 0.0;            ///< H steps including the exposed synchronisation
  double step_s = 0.0;             ///< round_s / H
  double sync_share = 0.0;         ///< (step_s - compute_s) / step_s: time the GPUs wait
  double single_site_step_s = 0.0; ///< the same GPUs in one site, synchronous data parallel
  double efficiency = 0.0;         ///< single_site_step_s / (step_s x (1 + extra_steps))
  double wan_bytes_per_round = 0.0;///< bytes one part sends over its WAN hop per round
  int steps_per_round = 1;
};

/// Checks the inputs (positive sizes, fractions in range, one hop per ring or pipeline
/// boundary); std::invalid_argument naming the field otherwise.
void validate(const TrainingStepInputs& inputs, const std::vector<TrainingPart>& parts,
              const std::vector<WanHop>& hops);

/// Per-step compute time of the whole job: 6 N tokens / (sum gpus x peak x utilisation).
double step_compute_s(const TrainingStepInputs& inputs, const std::vector<TrainingPart>& parts);
/// In-site hierarchical all-reduce of `bytes` over `gpus` GPUs (the slower part governs).
double site_allreduce_s(const TrainingStepInputs& inputs, int gpus, double bytes);
/// Bytes one part sends on its WAN hop per exchange: ring all-reduce 2 (k-1)/k x gradient
/// bytes (sync-dp, local-sgd) or microbatches x activation bytes (pipeline: forward
/// activations one way and backward gradients of equal size the other, on a full-duplex hop).
double wan_bytes_per_exchange(const TrainingStepInputs& inputs, int parts);
/// Time of one WAN exchange over `hops` (the slowest hop governs; latency terms included).
double wan_exchange_s(const TrainingStepInputs& inputs, const std::vector<WanHop>& hops, int parts);
/// Combines compute and synchronisation of a round with the overlap rule.
double round_time_s(double round_compute_s, double round_sync_s, double overlap);

/// The whole model for a job split into `parts` joined by `hops` (hops[i] joins part i and
/// part i+1 mod k; k hops for a ring of k > 2, 1 for k = 2, k - 1 for a pipeline).
StepBreakdown model_step(const TrainingStepInputs& inputs, const std::vector<TrainingPart>& parts,
                         const std::vector<WanHop>& hops);

/// The per-direction WAN bandwidth at which `model_step` reaches `target_efficiency` with
/// every hop at that bandwidth and the hops' latencies kept; a negative value when even an
/// infinite bandwidth falls short (latency, in-site sync or the convergence penalty cap it).
double bandwidth_for_efficiency(const TrainingStepInputs& inputs, const std::vector<TrainingPart>& parts,
                                const std::vector<WanHop>& hops, double target_efficiency);

}  // namespace aicn::workloads
