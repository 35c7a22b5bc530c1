#include "aicn/topology/outage_schedule.hpp"

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "aicn/topology/input_limits.hpp"

namespace aicn::topology {
namespace {

using config::ConfigNode;
using Kind = OutageEvent::Kind;

struct Parsed {
  OutageEvent event;
  ConfigNode node;  ///< the entry's target, for messages about the state it finds
};

int link_of(const Layout& layout, const ConfigNode& between) {
  const auto ends = between.elements();
  if (ends.size() != 2) between.fail("a link joins exactly two sites, got '" + between.text() + "'");
  int sites[2];
  for (int i = 0; i < 2; ++i) {
    sites[i] = layout.site_index(ends[static_cast<std::size_t>(i)].as_string());
    if (sites[i] < 0) ends[static_cast<std::size_t>(i)].fail(layout.unknown_site_message(ends[static_cast<std::size_t>(i)].text()));
  }
  const int link = layout.link_index(sites[0], sites[1]);
  if (link < 0) between.fail("no link joins '" + ends[0].text() + "' and '" + ends[1].text() + "'");
  return link;
}

int site_of(const Layout& layout, const ConfigNode& node) {
  const int site = layout.site_index(node.as_string());
  if (site < 0) node.fail(layout.unknown_site_message(node.text()));
  return site;
}

}  // namespace

std::vector<bool> NetworkState::usable_links(const Layout& layout) const {
  std::vector<bool> usable(layout.links.size());
  for (std::size_t l = 0; l < layout.links.size(); ++l)
    usable[l] = link_up[l] && site_up[static_cast<std::size_t>(layout.links[l].a)] &&
                site_up[static_cast<std::size_t>(layout.links[l].b)];
  return usable;
}

std::vector<OutageEvent> parse_outages(const ConfigNode& list, const Layout& layout) {
  static const std::pair<const char*, Kind> kKinds[] = {
      {"link_down", Kind::LINK_DOWN}, {"link_up", Kind::LINK_UP}, {"site_down", Kind::SITE_DOWN}, {"site_up", Kind::SITE_UP}};
  std::vector<Parsed> parsed;
  for (const auto& entry : list.elements()) {
    entry.expect_keys({"at", "link_down", "link_up", "site_down", "site_up", "for"});
    const ConfigNode at = entry.required("at");
    OutageEvent event;
    // "0s" is a valid start time; as_duration_s refuses zero, so accept a literal 0 first.
    event.time_s = at.text() == "0" || at.text() == "0s" ? 0.0 : at.as_duration_s();
    int kinds_given = 0;
    ConfigNode target = entry;
    for (const auto& [key, kind] : kKinds) {
      if (!entry.has(key)) continue;
      ++kinds_given;
      event.kind = kind;
      target = entry.child(key);
    }
    if (kinds_given != 1) entry.fail("each outage entry needs exactly one of link_down, link_up, site_down, site_up");
    const bool on_link = event.kind == Kind::LINK_DOWN || event.kind == Kind::LINK_UP;
    if (on_link)
      event.link = link_of(layout, target);
    else
      event.site = site_of(layout, target);
    parsed.push_back({event, target});
    if (entry.has("for")) {
      const ConfigNode duration = entry.child("for");
      if (event.kind != Kind::LINK_DOWN && event.kind != Kind::SITE_DOWN)
        duration.fail("'for' only applies to link_down and site_down");
      OutageEvent repair = event;
      repair.kind = on_link ? Kind::LINK_UP : Kind::SITE_UP;
      repair.time_s = event.time_s + duration.as_duration_s();
      parsed.push_back({repair, duration});
    }
  }
  std::stable_sort(parsed.begin(), parsed.end(),
                   [](const Parsed& a, const Parsed& b) { return a.event.time_s < b.event.time_s; });

  // Replay the events to refuse impossible transitions (down twice, up while up).
  std::vector<bool> link_up(layout.links.size(), true);
  std::vector<bool> site_up(layout.sites.size(), true);
  std::vector<OutageEvent> events;
  for (const auto& [event, node] : parsed) {
    const bool on_link = event.link >= 0;
    auto state = on_link ? link_up.begin() + event.link : site_up.begin() + event.site;
    const bool going_down = event.kind == Kind::LINK_DOWN || event.kind == Kind::SITE_DOWN;
    const std::string what = on_link ? "link " + layout.link_name(event.link) : "site " + layout.sites[static_cast<std::size_t>(event.site)].name;
    if (going_down && !*state) node.fail(what + " is already down at that time");
    if (!going_down && *state) node.fail(what + " is not down at that time");
    *state = !going_down;
    events.push_back(event);
  }
  return events;
}

std::vector<NetworkState> network_states(const Layout& layout, const std::vector<OutageEvent>& events) {
  std::vector<NetworkState> states(1);
  states[0].link_up.assign(layout.links.size(), true);
  states[0].site_up.assign(layout.sites.size(), true);
  for (const auto& event : events) {
    // Events at the same time (including time 0) change one state together.
    if (event.time_s > states.back().from_s) {
      NetworkState next = states.back();
      next.from_s = event.time_s;
      states.push_back(std::move(next));
    }
    NetworkState& current = states.back();
    switch (event.kind) {
      case OutageEvent::Kind::LINK_DOWN: current.link_up[static_cast<std::size_t>(event.link)] = false; break;
      case OutageEvent::Kind::LINK_UP: current.link_up[static_cast<std::size_t>(event.link)] = true; break;
      case OutageEvent::Kind::SITE_DOWN: current.site_up[static_cast<std::size_t>(event.site)] = false; break;
      case OutageEvent::Kind::SITE_UP: current.site_up[static_cast<std::size_t>(event.site)] = true; break;
    }
  }
  return states;
}

namespace {

FailureRates parse_rates(const ConfigNode& node) {
  FailureRates rates;
  if (!node.defined()) return rates;
  node.expect_keys({"mtbf", "mttr"});
  rates.mtbf_s = node.required("mtbf").as_duration_s();
  rates.mttr_s = node.required("mttr").as_duration_s();
  return rates;
}

YAML::Node rates_to_yaml(const FailureRates& rates) {
  YAML::Node node;
  char text[40];
  std::snprintf(text, sizeof text, "%.17gs", rates.mtbf_s);
  node["mtbf"] = std::string(text);
  std::snprintf(text, sizeof text, "%.17gs", rates.mttr_s);
  node["mttr"] = std::string(text);
  return node;
}

constexpr std::size_t kMaxEvents = 2 * static_cast<std::size_t>(limits::kMaxNetworkStates);

/// Alternating up and down periods of one element from time 0 to the horizon.
void draw_element(const FailureRates& rates, double horizon_s, boost::random::mt19937_64& engine, OutageEvent down,
                  OutageEvent up, std::vector<OutageEvent>& out) {
  boost::random::exponential_distribution<double> time_to_failure(1.0 / rates.mtbf_s);
  boost::random::exponential_distribution<double> time_to_repair(1.0 / rates.mttr_s);
  double t = time_to_failure(engine);
  while (t < horizon_s) {
    // Every random event starts a network state of its own (the times are continuous), so
    // beyond this many the run is refused anyway; stop before the list exhausts memory.
    if (out.size() >= kMaxEvents)
      throw std::invalid_argument("random_failures: the failure rates make more than " +
                                  std::to_string(limits::kMaxNetworkStates) +
                                  " network states over the horizon; raise mtbf or shorten the horizon");
    down.time_s = t;
    out.push_back(down);
    t += time_to_repair(engine);
    up.time_s = t;
    out.push_back(up);
    t += time_to_failure(engine);
  }
}

}  // namespace

RandomFailures parse_random_failures(const ConfigNode& node) {
  node.expect_keys({"links", "sites"});
  RandomFailures failures;
  failures.links = parse_rates(node.child("links"));
  failures.sites = parse_rates(node.child("sites"));
  return failures;
}

YAML::Node random_failures_to_yaml(const RandomFailures& failures) {
  YAML::Node node;
  if (failures.links.mtbf_s > 0) node["links"] = rates_to_yaml(failures.links);
  if (failures.sites.mtbf_s > 0) node["sites"] = rates_to_yaml(failures.sites);
  return node;
}

std::vector<OutageEvent> with_random_outages(const Layout& layout, const std::vector<OutageEvent>& scheduled,
                                             const RandomFailures& failures, double horizon_s,
                                             boost::random::mt19937_64& engine) {
  std::vector<bool> link_scheduled(layout.links.size(), false), site_scheduled(layout.sites.size(), false);
  for (const auto& event : scheduled) {
    if (event.link >= 0) link_scheduled[static_cast<std::size_t>(event.link)] = true;
    if (event.site >= 0) site_scheduled[static_cast<std::size_t>(event.site)] = true;
  }
  std::vector<OutageEvent> events = scheduled;
  if (failures.links.mtbf_s > 0)
    for (std::size_t l = 0; l < layout.links.size(); ++l)
      if (!link_scheduled[l])
        draw_element(failures.links, horizon_s, engine, {0, Kind::LINK_DOWN, static_cast<int>(l), -1},
                     {0, Kind::LINK_UP, static_cast<int>(l), -1}, events);
  if (failures.sites.mtbf_s > 0)
    for (std::size_t s = 0; s < layout.sites.size(); ++s)
      if (!site_scheduled[s])
        draw_element(failures.sites, horizon_s, engine, {0, Kind::SITE_DOWN, -1, static_cast<int>(s)},
                     {0, Kind::SITE_UP, -1, static_cast<int>(s)}, events);
  std::stable_sort(events.begin(), events.end(), [](const OutageEvent& a, const OutageEvent& b) { return a.time_s < b.time_s; });
  return events;
}

YAML::Node outages_to_yaml(const std::vector<OutageEvent>& events, const Layout& layout) {
  YAML::Node list(YAML::NodeType::Sequence);
  for (const auto& event : events) {
    YAML::Node entry;
    char at[40];
    std::snprintf(at, sizeof at, "%.17gs", event.time_s);
    entry["at"] = std::string(at);
    const char* key = event.kind == Kind::LINK_DOWN   ? "link_down"
                      : event.kind == Kind::LINK_UP   ? "link_up"
                      : event.kind == Kind::SITE_DOWN ? "site_down"
                                                      : "site_up";
    if (event.link >= 0) {
      const Link& link = layout.links[static_cast<std::size_t>(event.link)];
      entry[key].push_back(layout.sites[static_cast<std::size_t>(link.a)].name);
      entry[key].push_back(layout.sites[static_cast<std::size_t>(link.b)].name);
    } else {
      entry[key] = layout.sites[static_cast<std::size_t>(event.site)].name;
    }
    list.push_back(entry);
  }
  return list;
}

NetworkGraph graph_for_state(const Layout& layout, const NetworkState& state) {
  return NetworkGraph(layout, state.usable_links(layout));
}

}  // namespace aicn::topology
