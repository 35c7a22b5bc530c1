#pragma once
/// @file formulas.hpp
/// The workload formulas of the domain brief (../shared/domain/brief.md), in SI units, and the
/// first-principles sizes the job classes derive from them (memory, checkpoints, data sets).

namespace aicn::workloads {

/// Total training compute: 6 N D floating-point operations (N parameters, D tokens).
double training_flops(double parameters, double tokens);
/// Sustained training rate needed to finish in `duration_s`: 6 N D / T.
double training_flops_rate(double parameters, double tokens, double duration_s);
/// Inference rate for a daily token volume: 2 N tokens_per_day / 86400.
double inference_flops_rate(double parameters, double tokens_per_day);
/// Total inference compute for a token volume: 2 N tokens.
double inference_flops(double parameters, double tokens);
/// Accelerators needed to sustain `flops_rate`: rate / (peak x utilisation). Fractional.
double accelerators_needed(double flops_rate, double peak_flops, double utilisation);

/// INT8 peak used for inference, as the brief does (A100: 624 TOPS = 2 x 312 TFLOPS FP16).
/// The 2x ratio of 8-bit to 16-bit dense throughput holds for every NVIDIA model in
/// ../shared/data/gpu_specs (FP8 column) and is assumed for the others.
double inference_peak_ops(double peak_fp16_flops);

/// Bytes per parameter of mixed-precision training state: 16-bit weights and gradients
/// (2 + 2), 32-bit master weights (4) and Adam's two moments (4 + 4). Activations excluded.
constexpr double kTrainingBytesPerParameter = 16.0;
/// Bytes per parameter of a checkpoint: 16-bit weights (2), 32-bit master weights (4), Adam
/// moments (8). Gradients are not saved.
constexpr double kCheckpointBytesPerParameter = 14.0;
/// Bytes per parameter of a 16-bit model served for inference.
constexpr double kInferenceBytesPerParameter = 2.0;

/// GPU memory a training job needs: 16 N.
double training_memory_bytes(double parameters);
/// Size of one training checkpoint: 14 N.
double checkpoint_bytes(double parameters);
/// GPU memory one inference replica needs: 2 N weights plus `kv_cache_fraction` of that for
/// the KV cache and activations.
double inference_memory_bytes(double parameters, double kv_cache_fraction);

}  // namespace aicn::workloads
