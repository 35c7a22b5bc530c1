#pragma once
// BackgroundTraffic: the share of each long-haul link that traffic outside the simulation
// holds (scenario key network.background).
//
// Owns: the bandwidth each SimGrid link direction offers AICN's transfers, capacity x (1 -
// share of the hour), and the hourly timers that change it when the share is diurnal; tells
// Transfers the share left, which scales the policies' view of route bandwidth.
// Why as less capacity, not as competing flows: a background flow would take a max-min
// (or latency-weighted) share of whatever it crosses, not a fixed part of capacity, so a
// lone transfer on a 50 % loaded link would get half, then all of it, as flows come and go.
// The measured CAICT figure is a utilisation, a share of capacity, which is what this keeps.
#include <functional>

#include "aicn/sim/network_settings.hpp"
#include "aicn/sim/platform_builder.hpp"
#include "aicn/topology/layout.hpp"
#include "transfers.hpp"

namespace aicn::sim {

class BackgroundTraffic {
 public:
  /// `transfers` learns each change, for the policies' view of route bandwidth.
  BackgroundTraffic(const topology::Layout& layout, const Platform& platform, const NetworkSettings& settings,
                    Transfers& transfers)
      : layout_(layout), platform_(platform), settings_(settings), transfers_(transfers) {}

  /// Sets the links for the hour of `now_s` and, for a diurnal share, arms a timer for every
  /// hour whose share differs, for as long as `keep_going(next_change_s)` says the run goes on.
  void start(double now_s, std::function<bool(double)> keep_going);
  /// The bandwidth (bits/s) link `link` offers transfers in hour-of-day `hour`.
  double available_bps(int link, int hour) const;

 private:
  void apply(int hour);
  void arm(double now_s);

  const topology::Layout& layout_;
  const Platform& platform_;
  const NetworkSettings& settings_;
  Transfers& transfers_;
  std::function<bool(double)> keep_going_;
};

}  // namespace aicn::sim
