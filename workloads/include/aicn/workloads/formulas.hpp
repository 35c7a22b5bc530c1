#pragma once
/// @file formulas.hpp
/// The workload formulas of the domain brief (../shared/domain/brief.md), in SI units.

namespace aicn::workloads {

/// Total training compute: 6 N D floating-point operations (N parameters, D tokens).
double training_flops(double parameters, double tokens);
/// Sustained training rate needed to finish in `duration_s`: 6 N D / T.
double training_flops_rate(double parameters, double tokens, double duration_s);
/// Inference rate for a daily token volume: 2 N tokens_per_day / 86400.
double inference_flops_rate(double parameters, double tokens_per_day);
/// Accelerators needed to sustain `flops_rate`: rate / (peak x utilisation). Fractional.
double accelerators_needed(double flops_rate, double peak_flops, double utilisation);

}  // namespace aicn::workloads
