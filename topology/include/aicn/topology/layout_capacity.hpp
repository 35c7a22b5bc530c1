#pragma once
/// @file layout_capacity.hpp
/// What a layout holds, per hub and per side: GPUs and dense FP16 PFLOPS, and the link
/// bandwidth joining each pair of hubs. Used by `aicn topology show`.
#include <string>
#include <vector>

#include "aicn/topology/layout.hpp"

namespace aicn::topology {

struct HubCapacity {
  int hub = -1;
  int sites = 0;
  int gpus = 0;
  double fp16_flops = 0.0;  ///< dense FP16/BF16 peak, FLOP/s
};

struct HubPairCapacity {
  int hub_a = -1;  ///< hub_a <= hub_b; equal for links inside one hub
  int hub_b = -1;
  int links = 0;
  double bandwidth_bps = 0.0;  ///< sum over the direct links, per direction
};

struct LayoutCapacity {
  std::vector<HubCapacity> hubs;            ///< in hub order
  std::vector<HubPairCapacity> hub_pairs;   ///< pairs joined by at least one link, in hub order
  HubCapacity east;                          ///< hub = -1
  HubCapacity west;
};

LayoutCapacity summarise_capacity(const Layout& layout);

}  // namespace aicn::topology
