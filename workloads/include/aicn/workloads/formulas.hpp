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

/// GPU memory of a training job's model state: 16 N (activations are counted per GPU, below).
double training_memory_bytes(double parameters);

/// Tokens of one training sequence for the activation rule (GPT-3's context, Brown et al. 2020).
constexpr double kTrainingSequenceTokens = 2048.0;
/// Hidden size over layer count of a GPT-style model: GPT-3 175B 12288 / 96 and 6.7B 4096 / 32
/// are both 128 (Brown et al. 2020, Table 2.1).
constexpr double kHiddenPerLayer = 128.0;
/// Activation memory each GPU of a training job holds, bytes (docs/workloads.md, "Memory").
/// With full activation recomputation (Chen et al. 2016; Korthikanti et al. 2022, section 4)
/// a layer keeps only its 16-bit input, 2 s h bytes a sequence, so a micro-batch of one
/// sequence keeps 2 s h L bytes. h and L follow from N = 12 L h^2 with h = 128 L:
/// h = (128 N / 12)^(1/3). Counted per GPU, as an upper bound (tensor and pipeline
/// parallelism divide it further). GPT-3 175B: h 12,313, L 96.2, 4.85 GB a GPU.
double training_activation_bytes_per_gpu(double parameters);
/// Size of one training checkpoint: 14 N.
double checkpoint_bytes(double parameters);
/// GPU memory one inference replica needs: 2 N weights plus `kv_cache_fraction` of that for
/// the KV cache and activations.
double inference_memory_bytes(double parameters, double kv_cache_fraction);

}  // namespace aicn::workloads
