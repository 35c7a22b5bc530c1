// Scheduled outages: parsing, validation, network states and routes recomputed without the
// failed links and sites.
#include <gtest/gtest.h>

#include "aicn/topology/layout_loader.hpp"
#include "aicn/topology/outage_schedule.hpp"

using namespace aicn::topology;
using aicn::config::ConfigError;
using aicn::config::ConfigNode;

namespace {

std::vector<OutageEvent> parse(const Layout& layout, const std::string& yaml) {
  return parse_outages(ConfigNode::load_text("outages:\n" + yaml, "outages.yaml").child("outages"), layout);
}

std::string error_of(const Layout& layout, const std::string& yaml) {
  try {
    parse(layout, yaml);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(OutageSchedule, forAddsTheRepairAndEventsComeOutInTimeOrder) {
  const Layout layout = load_layout("tiny-3site");
  const auto events = parse(layout,
                            "  - {at: 5h, site_down: west-b}\n"
                            "  - {at: 2h, link_down: [west-a, east-a], for: 30min}\n");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kind, OutageEvent::Kind::LINK_DOWN);
  EXPECT_DOUBLE_EQ(events[0].time_s, 7200.0);
  EXPECT_EQ(events[0].link, 0);
  EXPECT_EQ(events[1].kind, OutageEvent::Kind::LINK_UP);
  EXPECT_DOUBLE_EQ(events[1].time_s, 9000.0);
  EXPECT_EQ(events[2].kind, OutageEvent::Kind::SITE_DOWN);
  EXPECT_EQ(events[2].site, 2);
}

TEST(OutageSchedule, statesFollowTheEventsAndRoutesAvoidFailedLinksAndSites) {
  const Layout layout = load_layout("tiny-3site");  // links: east-a--west-a, east-a--west-b, west-a--west-b
  const auto events = parse(layout,
                            "  - {at: 1h, link_down: [east-a, west-a]}\n"
                            "  - {at: 2h, site_down: west-b}\n"
                            "  - {at: 3h, link_up: [east-a, west-a]}\n");
  const auto states = network_states(layout, events);
  ASSERT_EQ(states.size(), 4u);
  const int east = layout.site_index("east-a");
  const int west = layout.site_index("west-a");

  // All up: the direct 10 ms link.
  const NetworkGraph all_up = graph_for_state(layout, states[0]);
  EXPECT_EQ(all_up.route(east, west).hops.size(), 1u);
  // Direct link cut: round through west-b (auto latency + 5 ms).
  const NetworkGraph cut = graph_for_state(layout, states[1]);
  const Route& detour = cut.route(east, west);
  ASSERT_TRUE(detour.reachable);
  ASSERT_EQ(detour.hops.size(), 2u);
  EXPECT_NEAR(detour.latency_s, layout.links[1].latency_s + 0.005, 1e-12);
  // West-b down too: no route at all.
  const NetworkGraph isolated = graph_for_state(layout, states[2]);
  EXPECT_FALSE(isolated.route(east, west).reachable);
  EXPECT_FALSE(isolated.connected());
  // Link repaired while west-b is still down: the direct link again.
  const NetworkGraph repaired = graph_for_state(layout, states[3]);
  EXPECT_EQ(repaired.route(east, west).hops.size(), 1u);
  EXPECT_FALSE(states[3].site_up[2]);
}

TEST(OutageSchedule, eventsAtTimeZeroChangeTheFirstState) {
  const Layout layout = load_layout("tiny-3site");
  const auto states = network_states(layout, parse(layout, "  - {at: 0, link_down: [east-a, west-b]}\n"));
  ASSERT_EQ(states.size(), 1u);
  EXPECT_FALSE(states[0].link_up[1]);
}

TEST(OutageSchedule, errorsNameTheEntryAndTheValue) {
  const Layout layout = load_layout("tiny-3site");
  struct Case {
    std::string yaml, path, value;
  };
  const std::vector<Case> cases = {
      {"  - {at: 1h, link_down: [east-a, nowhere]}\n", "outages[0].link_down[1]", "'nowhere'"},
      {"  - {at: 1h, site_down: west-z}\n", "outages[0].site_down", "'west-z'"},
      {"  - {at: -1h, site_down: west-a}\n", "outages[0].at", "'-1h'"},
      {"  - {at: 1h}\n", "outages[0]", "exactly one of"},
      {"  - {at: 1h, link_up: [east-a, west-a]}\n", "outages[0].link_up", "is not down"},
      {"  - {at: 1h, site_down: west-a}\n  - {at: 2h, site_down: west-a}\n", "outages[1].site_down", "already down"},
      {"  - {at: 1h, site_up: west-a, for: 1h}\n", "outages[0].for", "only applies"},
  };
  for (const auto& c : cases) {
    const std::string message = error_of(layout, c.yaml);
    EXPECT_NE(message.find("outages.yaml"), std::string::npos) << c.yaml << " -> " << message;
    EXPECT_NE(message.find(c.path), std::string::npos) << c.yaml << " -> " << message;
    EXPECT_NE(message.find(c.value), std::string::npos) << c.yaml << " -> " << message;
  }
}

TEST(RandomOutages, drawsAlternatingDownUpPeriodsPerElementReproduciblyFromTheSeed) {
  const Layout layout = load_layout("china-national");
  const RandomFailures failures =
      parse_random_failures(ConfigNode::load_text("{links: {mtbf: 10d, mttr: 6h}, sites: {mtbf: 30d, mttr: 1d}}", "rf.yaml"));
  EXPECT_DOUBLE_EQ(failures.links.mtbf_s, 10 * 86400.0);
  EXPECT_DOUBLE_EQ(failures.sites.mttr_s, 86400.0);
  const double horizon = 90 * 86400.0;
  boost::random::mt19937_64 a(7), b(7), c(8);
  const auto events = with_random_outages(layout, {}, failures, horizon, a);
  const auto again = with_random_outages(layout, {}, failures, horizon, b);
  const auto other = with_random_outages(layout, {}, failures, horizon, c);
  ASSERT_EQ(events.size(), again.size());
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].time_s, again[i].time_s);
  EXPECT_FALSE(events.size() == other.size() && events.front().time_s == other.front().time_s);
  // About 90 d / (10 d + 6 h) ~ 9 failures per link and 3 per site: a loose bound that a
  // wrong rate (per hour instead of per second, say) would break by orders of magnitude.
  std::size_t link_downs = 0;
  for (const auto& e : events) link_downs += e.kind == OutageEvent::Kind::LINK_DOWN;
  EXPECT_GT(link_downs, 20u * 4);
  EXPECT_LT(link_downs, 20u * 16);
  // Every element alternates down, up, down, ... and every down starts before the horizon.
  std::vector<int> link_state(layout.links.size(), 1), site_state(layout.sites.size(), 1);
  double previous = 0.0;
  for (const auto& e : events) {
    EXPECT_GE(e.time_s, previous);
    previous = e.time_s;
    int& state = e.link >= 0 ? link_state[static_cast<std::size_t>(e.link)] : site_state[static_cast<std::size_t>(e.site)];
    const bool down = e.kind == OutageEvent::Kind::LINK_DOWN || e.kind == OutageEvent::Kind::SITE_DOWN;
    EXPECT_EQ(state, down ? 1 : 0);
    state = down ? 0 : 1;
    if (down) {
      EXPECT_LT(e.time_s, horizon);
    }
  }
}

TEST(RandomOutages, leaveElementsWithAScheduleToTheirSchedule) {
  const Layout layout = load_layout("tiny-3site");
  const auto scheduled = parse(layout, "  - {at: 1h, link_down: [east-a, west-a], for: 1h}\n");
  RandomFailures failures;
  failures.links = {3600.0, 600.0};
  boost::random::mt19937_64 engine(1);
  const auto events = with_random_outages(layout, scheduled, failures, 30 * 86400.0, engine);
  int on_scheduled_link = 0;
  for (const auto& e : events) on_scheduled_link += e.link == 0;
  EXPECT_EQ(on_scheduled_link, 2);  // only its own down and up
  EXPECT_GT(events.size(), 100u);   // the other two links fail about hourly for 30 days
}
