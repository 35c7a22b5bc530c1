#pragma once
// LinkMeter: the bytes each link direction carried between two samples.
//
// Owns: one byte counter per link direction since the previous sample. Transfers feeds it
// with the bytes each live transfer moved (from the SimGrid communication's remaining
// size), added to every direction of the transfer's route; sample() turns the counters into
// rows and starts them again.
//
// Why not SimGrid's link-load plugin (which AICN used up to issue 13): the plugin charges a
// link its usage at its latest update for the whole time since its previous one, and updates
// a link only when a communication over it starts or ends. A share that changes in between
// (a transfer's latency phase ending, a flow elsewhere taking bandwidth) was charged at the
// newer rate for the whole interval. It also had SimGrid compute each communication's route
// twice more, which cost ~9 % of a national-year run. Counting bytes per transfer is exact:
// a link's bytes are the sum of what the transfers over it moved.
#include <cstdint>
#include <vector>

#include "aicn/results/run_observer.hpp"
#include "aicn/sim/platform_builder.hpp"

namespace aicn::sim {

/// Index of one direction of a layout link: 2 x link + (0 a->b, 1 b->a), as LinkSample has it.
using LinkDirection = std::uint32_t;

class LinkMeter {
 public:
  explicit LinkMeter(const Platform& platform);
  /// A transfer over `route` moved `bytes` since it was last counted.
  void carried(const std::vector<LinkDirection>& route, double bytes);
  /// One row per link direction for the interval since the previous call (none when empty);
  /// the counters start again from zero.
  std::vector<results::LinkSample> sample(double now_s);

 private:
  const Platform& platform_;
  std::vector<double> bytes_;  ///< per link direction, since the previous sample
  double last_s_ = 0.0;
};

}  // namespace aicn::sim
