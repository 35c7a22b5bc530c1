#include "aicn/workloads/formulas.hpp"

namespace aicn::workloads {

double training_flops(double parameters, double tokens) { return 6.0 * parameters * tokens; }

double training_flops_rate(double parameters, double tokens, double duration_s) {
  return training_flops(parameters, tokens) / duration_s;
}

double inference_flops_rate(double parameters, double tokens_per_day) {
  return 2.0 * parameters * tokens_per_day / 86400.0;
}

double accelerators_needed(double flops_rate, double peak_flops, double utilisation) {
  return flops_rate / (peak_flops * utilisation);
}

}  // namespace aicn::workloads
