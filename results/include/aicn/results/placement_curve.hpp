#pragma once
/// @file placement_curve.hpp
/// Allocation and fragmentation of the node pools as the requested load grows, from the
/// placement samples (run_observer.hpp), summed over the sites at each tick: the result of
/// the saturation experiment (Weng et al., ATC 2023: allocation rate vs requested load).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aicn/results/run_observer.hpp"

namespace aicn::results {

class PlacementCurve {
 public:
  /// The loads (requested GPUs over the pools' GPUs, in %) the summary reads the curve at.
  static constexpr int kLoadsPct[] = {50, 80, 100, 110, 120, 130};

  /// Adds a site's sample; samples of one tick (the same now_s) are summed.
  void add(double now_s, const PlacementSample& sample);
  bool empty() const { return ticks_.empty(); }
  /// {"samples", "requested_load", "allocation_rate", "fragmentation_rate" (at the last tick),
  ///  "allocation_at_load": {"50": rate, ...}, "fragmentation_at_load": {...}}: at each load,
  /// the first tick whose requested load reached it (null if none did).
  nlohmann::ordered_json to_json() const;
  /// One line for the summary table.
  std::string to_table() const;

 private:
  struct Tick {
    double time_s = 0.0;
    PlacementSample total;
  };
  std::vector<Tick> ticks_;
};

}  // namespace aicn::results
