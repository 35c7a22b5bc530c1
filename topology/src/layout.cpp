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

std::string Layout::unknown_site_message(const std::string& site_name) const {
  std::string names;
  for (const auto& site : sites) names += (names.empty() ? "" : ", ") + site.name;
  return "unknown site '" + site_name + "' (sites in this layout: " + (names.empty() ? "none" : names) + ")";
}

int Layout::demand_region_index(const std::string& region_name) const {
  for (std::size_t i = 0; i < demand_regions.size(); ++i)
    if (demand_regions[i].name == region_name) return static_cast<int>(i);
  return -1;
}

int Layout::link_index(int site_a, int site_b) const {
  for (std::size_t i = 0; i < links.size(); ++i)
    if ((links[i].a == site_a && links[i].b == site_b) || (links[i].a == site_b && links[i].b == site_a))
      return static_cast<int>(i);
  return -1;
}

std::string Layout::link_name(int link) const {
  const Link& l = links.at(static_cast<std::size_t>(link));
  return sites.at(static_cast<std::size_t>(l.a)).name + "--" + sites.at(static_cast<std::size_t>(l.b)).name;
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
