#include "scenario_market.hpp"

#include <cmath>
#include <set>

#include "aicn/policy/market.hpp"
#include "aicn/topology/units.hpp"

namespace aicn::sim {
namespace {

using config::ConfigNode;

double time_of(const ConfigNode& entry, std::string_view key, double fallback) {
  if (!entry.has(key)) return fallback;
  const ConfigNode node = entry.child(key);
  double seconds = 0.0;
  try {
    seconds = units::parse_duration_s(node.as_string());
  } catch (const units::UnitError& e) {
    node.fail(e.what());
  }
  if (!(seconds >= 0.0) || !std::isfinite(seconds)) node.fail("must be zero or later, got '" + node.text() + "'");
  return seconds;
}

double price_of(const ConfigNode& entry, std::string_view key) {
  const ConfigNode node = entry.required(key);
  const double price = node.as_double();
  if (!(price >= 0.0) || !std::isfinite(price)) node.fail("a price in yuan per GPU-hour must be zero or more, got '" + node.text() + "'");
  return price;
}

topology::GpuModelId model_of(const ConfigNode& entry) {
  const ConfigNode gpu = entry.required("gpu");
  const topology::GpuModelId model = topology::find_gpu_model(gpu.as_string());
  if (model < 0) gpu.fail("unknown GPU model '" + gpu.as_string() + "' (known models: " + topology::gpu_model_names() + ")");
  return model;
}

int pool_of(const topology::Site& site, topology::GpuModelId model) {
  for (std::size_t p = 0; p < site.pools.size(); ++p)
    if (site.pools[p].gpu_model == model) return static_cast<int>(p);
  return -1;
}

std::vector<policy::SupplyQuote> parse_quotes(const ConfigNode& node, const topology::Layout& layout,
                                              std::vector<ConfigNode>& nodes) {
  std::vector<policy::SupplyQuote> quotes;
  std::set<std::uint64_t> ids;
  for (const ConfigNode& entry : node.elements()) {
    entry.expect_keys({"id", "site", "gpu", "gpus", "earliest", "latest", "min_price", "posted"});
    policy::SupplyQuote q;
    q.id = entry.required("id").as_integer<std::uint64_t>(0, 1ULL << 53);
    if (!ids.insert(q.id).second) entry.child("id").fail("two quotes have the id " + std::to_string(q.id));
    const ConfigNode site = entry.required("site");
    q.site = site.as_string();
    const int s = layout.site_index(q.site);
    if (s < 0) site.fail(layout.unknown_site_message(q.site));
    q.model = model_of(entry);
    const int p = pool_of(layout.sites[static_cast<std::size_t>(s)], q.model);
    if (p < 0) site.fail("site " + q.site + " has no " + topology::gpu_model(q.model).name + " pool");
    const ConfigNode gpus = entry.required("gpus");
    q.gpus = gpus.as_integer<int>(1, 1 << 30);
    if (q.gpus > layout.sites[static_cast<std::size_t>(s)].pools[static_cast<std::size_t>(p)].gpus)
      gpus.fail("quote " + std::to_string(q.id) + " offers more GPUs than the pool at " + q.site + " has");
    q.earliest_s = time_of(entry, "earliest", 0.0);
    q.latest_s = entry.required("latest").as_duration_s();
    if (!(q.latest_s > q.earliest_s)) entry.child("latest").fail("must be after earliest");
    q.min_yuan_per_gpu_hour = price_of(entry, "min_price");
    q.posted_s = time_of(entry, "posted", 0.0);
    quotes.push_back(q);
    nodes.push_back(entry);
  }
  return quotes;
}

std::vector<policy::DemandBid> parse_bids(const ConfigNode& node, const topology::Layout& layout) {
  std::vector<policy::DemandBid> bids;
  std::set<std::uint64_t> ids;
  for (const ConfigNode& entry : node.elements()) {
    entry.expect_keys({"id", "buyer", "gpu", "gpus", "duration", "deadline", "max_price", "posted"});
    policy::DemandBid b;
    b.id = entry.required("id").as_integer<std::uint64_t>(0, 1ULL << 53);
    if (!ids.insert(b.id).second) entry.child("id").fail("two bids have the id " + std::to_string(b.id));
    const ConfigNode buyer = entry.required("buyer");
    b.buyer = buyer.as_string();
    if (layout.hub_index(b.buyer) < 0) buyer.fail("unknown hub '" + b.buyer + "' as buyer (the hub whose jobs use the match)");
    b.model = model_of(entry);
    b.gpus = entry.required("gpus").as_integer<int>(1, 1 << 30);
    b.duration_s = entry.required("duration").as_duration_s();
    b.deadline_s = entry.required("deadline").as_duration_s();
    b.max_yuan_per_gpu_hour = price_of(entry, "max_price");
    b.posted_s = time_of(entry, "posted", 0.0);
    bids.push_back(b);
  }
  return bids;
}

/// GPUs the leases hold at (site, pool) at time t.
int held_at(const std::vector<topology::Lease>& leases, int site, int pool, double t) {
  int held = 0;
  for (const topology::Lease& l : leases)
    if (l.site == site && l.pool == pool && l.start_s <= t && t < l.end_s()) held += l.gpus;
  return held;
}

}  // namespace

void parse_market(Scenario& scenario, const ConfigNode& node) {
  node.expect_keys({"rule", "params", "round_every", "quotes", "bids"});
  const topology::Layout& layout = scenario.layout;
  const std::string rule_name = node.has("rule") ? node.child("rule").as_string() : "price-time";
  const auto& registry = policy::MatchingRuleRegistry::instance();
  if (!registry.contains(rule_name))
    node.child("rule").fail(registry.unknown_message(rule_name));
  const std::unique_ptr<policy::MatchingRule> rule = registry.make(rule_name, node.child("params"));
  double every_s = 0.0;  // 0: one round at time 0
  if (node.has("round_every")) every_s = node.child("round_every").as_duration_s();
  std::vector<ConfigNode> quote_nodes;
  std::vector<policy::SupplyQuote> quotes =
      node.has("quotes") ? parse_quotes(node.child("quotes"), layout, quote_nodes) : std::vector<policy::SupplyQuote>{};
  std::vector<policy::DemandBid> bids = node.has("bids") ? parse_bids(node.child("bids"), layout) : std::vector<policy::DemandBid>{};

  scenario.market_leases_from = scenario.leases.size();
  scenario.market_yaml = YAML::Clone(node.yaml());
  std::vector<bool> matched(bids.size(), false);
  for (double now = 0.0; now < scenario.horizon_s || now == 0.0; now += every_s) {
    // The quotes and bids posted by now and still open; a match's GPUs leave its quote for good.
    std::vector<policy::SupplyQuote> open_quotes;
    std::vector<std::size_t> quote_index;
    for (std::size_t q = 0; q < quotes.size(); ++q)
      if (quotes[q].posted_s <= now && quotes[q].gpus > 0) {
        open_quotes.push_back(quotes[q]);
        quote_index.push_back(q);
      }
    std::vector<policy::DemandBid> open_bids;
    for (std::size_t b = 0; b < bids.size(); ++b)
      if (bids[b].posted_s <= now && !matched[b]) open_bids.push_back(bids[b]);
    for (const policy::Match& m : rule->match(open_quotes, open_bids, now)) {
      std::size_t q = 0, b = 0;
      for (std::size_t i = 0; i < open_quotes.size(); ++i)
        if (open_quotes[i].id == m.quote_id) q = quote_index[i];
      for (std::size_t i = 0; i < bids.size(); ++i)
        if (bids[i].id == m.bid_id) b = i;
      quotes[q].gpus -= m.gpus;
      matched[b] = true;
      topology::Lease lease;
      lease.id = "market-q" + std::to_string(m.quote_id) + "-b" + std::to_string(m.bid_id);
      lease.lessee_hub = layout.hub_index(bids[b].buyer);
      lease.where = quotes[q].site;
      lease.site = layout.site_index(quotes[q].site);
      lease.model = quotes[q].model;
      lease.pool = pool_of(layout.sites[static_cast<std::size_t>(lease.site)], lease.model);
      lease.gpus = m.gpus;
      lease.start_s = m.start_s;
      lease.term_s = m.end_s - m.start_s;
      lease.tier = topology::tier_for_term(lease.term_s);
      lease.yuan_per_gpu_hour = m.seller_yuan_per_gpu_hour;  // what the AIDC's books get
      lease.price_given = true;
      const int pool_gpus = layout.sites[static_cast<std::size_t>(lease.site)].pools[static_cast<std::size_t>(lease.pool)].gpus;
      const int held = held_at(scenario.leases, lease.site, lease.pool, lease.start_s) + lease.gpus;
      if (held > pool_gpus)
        quote_nodes[q].fail("match " + lease.id + ": the leases at " + lease.where + " would hold " + std::to_string(held) +
                            " GPUs when it starts, but the pool has " + std::to_string(pool_gpus));
      scenario.leases.push_back(lease);
      scenario.platform_yuan_per_gpu_hour.push_back(m.buyer_yuan_per_gpu_hour - m.seller_yuan_per_gpu_hour);
    }
    if (!(every_s > 0.0)) break;
  }
  scenario.leases_given = true;  // the matches are leases: the run writes the books
}

}  // namespace aicn::sim
