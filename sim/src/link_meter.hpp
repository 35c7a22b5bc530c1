#pragma once
// LinkMeter: bytes each SimGrid link direction carried between two samples, from SimGrid's
// link load plugin (which it initialises and attaches to every link).
#include <vector>

#include "aicn/results/run_observer.hpp"
#include "aicn/sim/platform_builder.hpp"

namespace aicn::sim {

class LinkMeter {
 public:
  /// Call before the platform is built.
  static void init_plugin();
  explicit LinkMeter(const Platform& platform);
  /// One row per link direction for the interval since the previous call (none when empty).
  std::vector<results::LinkSample> sample(double now_s);

 private:
  const Platform& platform_;
  std::vector<double> cumulative_bytes_;  ///< per link direction, at the previous sample
  double last_s_ = 0.0;
};

}  // namespace aicn::sim
