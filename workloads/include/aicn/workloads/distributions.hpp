#pragma once
/// @file distributions.hpp
/// Size distributions of the generators, read from YAML and drawn from seeded streams.
#include "aicn/topology/config_node.hpp"
#include "aicn/workloads/random_streams.hpp"

#include <string_view>

namespace aicn::workloads {

/// A log-normal distribution given by its median and the sigma of its logarithm, clamped to
/// [min, max]. Heavy-tailed: the mean is median x exp(sigma^2 / 2).
struct LognormalSpec {
  double median = 1.0;
  double sigma = 0.0;
  double min = 0.0;
  double max = 0.0;
};

/// Reads `{median, sigma, min, max}` over `defaults` (absent keys keep them). Values are
/// plain positive numbers, or quantities parsed by `parse_unit` (e.g. durations) when given.
LognormalSpec parse_lognormal(const config::ConfigNode& node, LognormalSpec defaults,
                              double (*parse_unit)(std::string_view) = nullptr);
double draw_lognormal(RandomEngine& engine, const LognormalSpec& spec);

}  // namespace aicn::workloads
