#pragma once
/// @file arrival_process.hpp
/// Arrival processes of the generators, all streaming (one arrival at a time):
///   poisson  — constant rate
///   diurnal  — a Poisson process whose rate follows a 24-hour shape (mean 1), by thinning
///   bursts   — a diurnal or constant rate multiplied by `factor` during bursts; bursts and
///              quiet spells alternate with exponential lengths (a two-state Markov-modulated
///              Poisson process)
/// Simulated time 0 is midnight (local time of the demand), so hour h of day d is
/// [86400 d + 3600 h, +3600).
#include <array>

#include "aicn/topology/config_node.hpp"
#include "aicn/workloads/random_streams.hpp"

namespace aicn::workloads {

using DiurnalShape = std::array<double, 24>;

/// Share of GPU-job submissions per hour of day in the SenseTime Helios Venus cluster,
/// Apr–Sep 2020 (125,214 GPU jobs; ../shared/data/helios/Venus_cluster_throughput.csv.gz,
/// column submit_gpu_job summed by hour), scaled to mean 1. Peak 17:00 (1.73), trough 06:00
/// (0.19). A unit test recomputes it from the file.
const DiurnalShape& helios_venus_diurnal_shape();
/// Scales a shape to mean 1; a ConfigError if any value is negative or all are zero.
DiurnalShape normalised_shape(const DiurnalShape& raw);

struct ArrivalSpec {
  enum class Process { POISSON, DIURNAL, BURSTS };
  Process process = Process::DIURNAL;
  double rate_per_s = 1.0 / 3600;           ///< mean rate outside bursts
  DiurnalShape shape{};                     ///< used by DIURNAL, and by BURSTS when diurnal_bursts
  bool diurnal_bursts = true;               ///< bursts ride on the diurnal shape
  double burst_factor = 5.0;                ///< rate multiplier during a burst
  double burst_mean_s = 3600.0;             ///< mean length of a burst
  double quiet_mean_s = 23 * 3600.0;        ///< mean time between bursts
  /// Long-run mean rate: rate x (1 + p_burst x (factor - 1)), p_burst = burst / (burst + quiet).
  double mean_rate_per_s() const;
  /// The rate at `t` without the burst factor.
  double base_rate_at(double t_s) const;
};

/// Draws successive arrival times from one seeded stream.
class ArrivalProcess {
 public:
  ArrivalProcess(const ArrivalSpec& spec, RandomEngine engine);
  /// The next arrival time (strictly increasing).
  double next();

 private:
  void advance_bursts_to(double t_s);

  ArrivalSpec spec_;
  RandomEngine engine_;
  double clock_s_ = 0.0;
  double max_rate_ = 0.0;
  bool in_burst_ = false;
  double burst_switch_s_ = 0.0;
};

}  // namespace aicn::workloads
