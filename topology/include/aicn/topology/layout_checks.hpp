#pragma once
/// @file layout_checks.hpp
/// The planning rules of `aicn topology check`: for each pair of hubs, the latency of the
/// network route between their home sites against the theoretical latency (great-circle km
/// x fibre delay per km), as a ratio held to the 1.5x rule, and against the 20 ms hub-to-hub
/// budget; each demand region's distance to its hub; connectivity; single points of failure.
#include <string>
#include <vector>

#include "aicn/topology/graph_resilience.hpp"
#include "aicn/topology/layout.hpp"
#include "aicn/topology/network_graph.hpp"

namespace aicn::topology {

/// Relative tolerance of the route-ratio rule, so that rounding in route / great-circle
/// latency does not fail a route whose factor is exactly the rule's.
inline constexpr double kRouteRatioTolerance = 1e-9;

/// One checked pair of sites (for a hub pair: the two hubs' home sites).
struct PairCheck {
  int site_a = -1;
  int site_b = -1;
  double distance_km = 0.0;     ///< great circle
  double theoretical_s = 0.0;   ///< great circle x fibre delay per km: the best any fibre can do
  double route_s = 0.0;         ///< one-way latency of the lowest-latency route in the layout
  double ratio = 0.0;           ///< route_s / theoretical_s
  std::vector<int> route_links; ///< links of that route, in order
  bool reachable = false;
  bool ratio_ok = false;   ///< ratio <= rules.max_route_ratio x (1 + kRouteRatioTolerance)
  bool budget_ok = false;  ///< route_s <= rules.hub_latency_budget_s
  bool passed() const { return reachable && ratio_ok && budget_ok; }
};

/// A demand region and the nearest site of its hub. No link in the layout reaches a city, so
/// the latency is estimated the way `latency: auto` links are: km x route factor x delay/km + hop delay.
struct RegionCheck {
  int region = -1;
  int site = -1;  ///< nearest site of the region's hub; -1 when the hub has no site
  double distance_km = 0.0;
  double latency_s = 0.0;
  bool passed = false;  ///< latency_s <= rules.region_latency_budget_s
};

struct LayoutCheck {
  std::vector<PairCheck> pairs;  ///< hub pairs (or every cross-hub site pair), in index order
  std::vector<RegionCheck> regions;
  Resilience resilience;
  bool connected = false;
  int failed_pairs() const;
  int failed_regions() const;
  /// True when every rule holds: connected, every pair and every region passes.
  bool passed() const;
};

/// Checks one pair of sites against the layout's rules.
PairCheck check_site_pair(const Layout& layout, const NetworkGraph& graph, int site_a, int site_b);

/// Checks every hub pair (their home sites), or with `every_site_pair` every pair of sites
/// that belong to different hubs; plus demand regions, connectivity and resilience.
LayoutCheck check_layout(const Layout& layout, const NetworkGraph& graph, bool every_site_pair = false);

/// Plain-language reasons for the failures in `check`, one finding a line, so a planner sees
/// why a rule fails rather than only that it does (empty when everything passes).
std::vector<std::string> explain_check(const Layout& layout, const LayoutCheck& check);

}  // namespace aicn::topology
