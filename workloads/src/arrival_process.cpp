#include "aicn/workloads/arrival_process.hpp"

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <numeric>

namespace aicn::workloads {

const DiurnalShape& helios_venus_diurnal_shape() {
  // submit_gpu_job per hour of day, Apr 1 – Sep 28 2020, divided by the hourly mean.
  static const DiurnalShape shape = normalised_shape({0.897, 0.658, 0.600, 0.384, 0.268, 0.205, 0.187, 0.224,
                                                      0.374, 0.796, 1.295, 1.474, 1.164, 1.299, 1.559, 1.656,
                                                      1.734, 1.733, 1.282, 1.313, 1.345, 1.364, 1.149, 1.038});
  return shape;
}

DiurnalShape normalised_shape(const DiurnalShape& raw) {
  const double sum = std::accumulate(raw.begin(), raw.end(), 0.0);
  DiurnalShape shape{};
  for (std::size_t h = 0; h < 24; ++h) shape[h] = raw[h] * 24.0 / sum;
  return shape;
}

double ArrivalSpec::mean_rate_per_s() const {
  if (process != Process::BURSTS) return rate_per_s;
  const double p_burst = burst_mean_s / (burst_mean_s + quiet_mean_s);
  return rate_per_s * (1.0 + p_burst * (burst_factor - 1.0));
}

double ArrivalSpec::base_rate_at(double t_s) const {
  const bool diurnal = process == Process::DIURNAL || (process == Process::BURSTS && diurnal_bursts);
  if (!diurnal) return rate_per_s;
  const auto hour = static_cast<std::size_t>(std::fmod(t_s, 86400.0) / 3600.0);
  return rate_per_s * shape[std::min<std::size_t>(hour, 23)];
}

ArrivalProcess::ArrivalProcess(const ArrivalSpec& spec, RandomEngine engine) : spec_(spec), engine_(engine) {
  const bool diurnal = spec.process == ArrivalSpec::Process::DIURNAL ||
                       (spec.process == ArrivalSpec::Process::BURSTS && spec.diurnal_bursts);
  max_rate_ = spec.rate_per_s * (diurnal ? *std::max_element(spec.shape.begin(), spec.shape.end()) : 1.0) *
              (spec.process == ArrivalSpec::Process::BURSTS ? std::max(1.0, spec.burst_factor) : 1.0);
  if (spec.process == ArrivalSpec::Process::BURSTS) {
    boost::random::exponential_distribution<double> quiet(1.0 / spec.quiet_mean_s);
    burst_switch_s_ = quiet(engine_);
  }
}

void ArrivalProcess::advance_bursts_to(double t_s) {
  while (burst_switch_s_ <= t_s) {
    in_burst_ = !in_burst_;
    boost::random::exponential_distribution<double> length(1.0 / (in_burst_ ? spec_.burst_mean_s : spec_.quiet_mean_s));
    burst_switch_s_ += length(engine_);
  }
}

double ArrivalProcess::next() {
  boost::random::exponential_distribution<double> gap(max_rate_);
  if (spec_.process == ArrivalSpec::Process::POISSON) return clock_s_ += gap(engine_);
  // Thinning (Lewis and Shedler): candidates at the maximum rate, each kept with
  // probability rate(t) / max_rate; exact for a piecewise-constant rate.
  boost::random::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (;;) {
    clock_s_ += gap(engine_);
    double rate = spec_.base_rate_at(clock_s_);
    if (spec_.process == ArrivalSpec::Process::BURSTS) {
      advance_bursts_to(clock_s_);
      if (in_burst_) rate *= spec_.burst_factor;
    }
    if (uniform(engine_) * max_rate_ < rate) return clock_s_;
  }
}

}  // namespace aicn::workloads
