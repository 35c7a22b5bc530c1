#include "aicn/policy/cluster_view.hpp"

namespace aicn::policy {

int SiteView::pool_of(topology::GpuModelId model) const {
  for (std::size_t i = 0; i < pools.size(); ++i)
    if (pools[i].gpu_model == model) return static_cast<int>(i);
  return -1;
}

double ClusterView::latency_s(int from_site, int to_site) const {
  return route_latency_s.at(static_cast<std::size_t>(from_site) * sites.size() + static_cast<std::size_t>(to_site));
}

double ClusterView::bandwidth_bps(int from_site, int to_site) const {
  return route_bandwidth_bps.at(static_cast<std::size_t>(from_site) * sites.size() + static_cast<std::size_t>(to_site));
}

}  // namespace aicn::policy
