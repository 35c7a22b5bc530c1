#include "aicn/workloads/formulas.hpp"

#include <cmath>

namespace aicn::workloads {

double training_flops(double parameters, double tokens) { return 6.0 * parameters * tokens; }

double training_flops_rate(double parameters, double tokens, double duration_s) {
  return training_flops(parameters, tokens) / duration_s;
}

double inference_flops_rate(double parameters, double tokens_per_day) {
  return 2.0 * parameters * tokens_per_day / 86400.0;
}

double inference_flops(double parameters, double tokens) { return 2.0 * parameters * tokens; }

double accelerators_needed(double flops_rate, double peak_flops, double utilisation) {
  return flops_rate / (peak_flops * utilisation);
}

double inference_peak_ops(double peak_fp16_flops) { return 2.0 * peak_fp16_flops; }

double training_memory_bytes(double parameters) { return kTrainingBytesPerParameter * parameters; }

double training_activation_bytes_per_gpu(double parameters) {
  const double hidden = std::cbrt(kHiddenPerLayer * parameters / 12.0);
  const double layers = hidden / kHiddenPerLayer;
  return 2.0 * kTrainingSequenceTokens * hidden * layers;
}

double checkpoint_bytes(double parameters) { return kCheckpointBytesPerParameter * parameters; }

double inference_memory_bytes(double parameters, double kv_cache_fraction) {
  return kInferenceBytesPerParameter * parameters * (1.0 + kv_cache_fraction);
}

}  // namespace aicn::workloads
