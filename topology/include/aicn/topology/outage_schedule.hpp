#pragma once
/// @file outage_schedule.hpp
/// Scheduled outages of links and sites, and the network states they produce. Pure: the
/// simulator is meant to turn links off in SimGrid and route transfers by these states.
///
///   outages:
///     - {at: 2h, link_down: [zhangjiakou, horinger], for: 30min}   # "for" adds the link_up
///     - {at: 5h, site_down: wuhu}
///     - {at: 9h, site_up: wuhu}
///
/// Because SimGrid 3.32 refuses to change a route once the platform is sealed (FullZone:
/// "The route between a and b already exists"), every network state must be known before the
/// platform is built; a schedule known up front (also a seeded random one) allows that.
#include <string>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <yaml-cpp/yaml.h>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout.hpp"
#include "aicn/topology/network_graph.hpp"

namespace aicn::topology {

struct OutageEvent {
  enum class Kind { LINK_DOWN, LINK_UP, SITE_DOWN, SITE_UP };
  double time_s = 0.0;
  Kind kind = Kind::LINK_DOWN;
  int link = -1;  ///< for LINK_*
  int site = -1;  ///< for SITE_*
};

/// The network between two consecutive outage events.
struct NetworkState {
  double from_s = 0.0;
  std::vector<bool> link_up;  ///< per layout link, its own state
  std::vector<bool> site_up;  ///< per site
  /// Links that can carry traffic: up, and both end sites up (a down site routes nothing).
  std::vector<bool> usable_links(const Layout& layout) const;
};

/// Parses and validates an `outages:` list against `layout`: names must exist, times must be
/// non-negative, a link or site cannot go down twice or come up when it is up. Events are
/// returned in time order (file order among equal times).
std::vector<OutageEvent> parse_outages(const config::ConfigNode& list, const Layout& layout);

/// The states the events produce: the first starts at 0 (everything up except what events at
/// time 0 take down), then one per distinct later event time.
std::vector<NetworkState> network_states(const Layout& layout, const std::vector<OutageEvent>& events);

/// Random failures: each link (or site) stays up for an exponential time of mean `mtbf`,
/// then down for an exponential time of mean `mttr`, and so on.
///   random_failures: {links: {mtbf: 90d, mttr: 6h}, sites: {mtbf: 365d, mttr: 12h}}
struct FailureRates {
  double mtbf_s = 0.0;  ///< 0: this kind of element never fails at random
  double mttr_s = 0.0;
};
struct RandomFailures {
  FailureRates links;
  FailureRates sites;
  bool any() const { return links.mtbf_s > 0 || sites.mtbf_s > 0; }
};

RandomFailures parse_random_failures(const config::ConfigNode& node);
YAML::Node random_failures_to_yaml(const RandomFailures& failures);

/// Draws random down/up events until `horizon_s`, link by link then site by site (so the
/// draws of one element never shift another's). Elements that `scheduled` already takes
/// down are left to their schedule. Returns scheduled and drawn events merged in time order.
std::vector<OutageEvent> with_random_outages(const Layout& layout, const std::vector<OutageEvent>& scheduled,
                                             const RandomFailures& failures, double horizon_s,
                                             boost::random::mt19937_64& engine);

/// The events as an `outages:` list that parse_outages reads back (repairs as explicit *_up).
YAML::Node outages_to_yaml(const std::vector<OutageEvent>& events, const Layout& layout);

/// Routes of one network state, recomputed on the Boost.Graph graph without its unusable links.
NetworkGraph graph_for_state(const Layout& layout, const NetworkState& state);

}  // namespace aicn::topology
