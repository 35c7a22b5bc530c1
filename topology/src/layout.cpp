#include "aicn/topology/layout.hpp"

namespace aicn::topology {

int Site::total_gpus() const {
  int total = 0;
  for (const auto& pool : pools) total += pool.gpus;
  return total;
}

int Layout::hub_index(const std::string& hub_name) const {
  for (std::size_t i = 0; i < hubs.size(); ++i)
    if (hubs[i].name == hub_name) return static_cast<int>(i);
  return -1;
}

int Layout::site_index(const std::string& site_name) const {
  for (std::size_t i = 0; i < sites.size(); ++i)
    if (sites[i].name == site_name) return static_cast<int>(i);
  return -1;
}

int Layout::home_site(int hub) const {
  for (std::size_t i = 0; i < sites.size(); ++i)
    if (sites[i].hub == hub) return static_cast<int>(i);
  return -1;
}

int Layout::total_gpus() const {
  int total = 0;
  for (const auto& site : sites) total += site.total_gpus();
  return total;
}

}  // namespace aicn::topology
