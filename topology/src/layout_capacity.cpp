#include "aicn/topology/layout_capacity.hpp"

#include <algorithm>
#include <map>

namespace aicn::topology {

LayoutCapacity summarise_capacity(const Layout& layout) {
  LayoutCapacity result;
  for (std::size_t h = 0; h < layout.hubs.size(); ++h) result.hubs.push_back(HubCapacity{static_cast<int>(h), 0, 0, 0.0});
  for (const auto& site : layout.sites) {
    HubCapacity& hub = result.hubs[static_cast<std::size_t>(site.hub)];
    HubCapacity& side = layout.hubs[static_cast<std::size_t>(site.hub)].side == Side::EAST ? result.east : result.west;
    ++hub.sites;
    ++side.sites;
    for (const auto& pool : site.pools) {
      const double flops = pool.gpus * gpu_model(pool.gpu_model).peak_fp16_flops;
      hub.gpus += pool.gpus;
      hub.fp16_flops += flops;
      side.gpus += pool.gpus;
      side.fp16_flops += flops;
    }
  }
  std::map<std::pair<int, int>, HubPairCapacity> pairs;  // ordered, so the output is too
  for (const auto& link : layout.links) {
    const int a = layout.sites[static_cast<std::size_t>(link.a)].hub;
    const int b = layout.sites[static_cast<std::size_t>(link.b)].hub;
    HubPairCapacity& pair = pairs[{std::min(a, b), std::max(a, b)}];
    pair.hub_a = std::min(a, b);
    pair.hub_b = std::max(a, b);
    ++pair.links;
    pair.bandwidth_bps += link.bandwidth_bps;
  }
  for (const auto& [key, pair] : pairs) result.hub_pairs.push_back(pair);
  return result;
}

}  // namespace aicn::topology
