#include "aicn/topology/lease.hpp"

#include <cmath>
#include <cstdio>
#include <set>

#include "aicn/topology/units.hpp"

namespace aicn::topology {
namespace {

using config::ConfigNode;

/// The first pool of `model` at `site`, or -1.
int pool_of(const Site& site, GpuModelId model) {
  for (std::size_t p = 0; p < site.pools.size(); ++p)
    if (site.pools[p].gpu_model == model) return static_cast<int>(p);
  return -1;
}

/// A start time: a duration from the run's start, zero allowed (as_duration_s wants > 0).
double parse_start_s(const ConfigNode& node) {
  double seconds = 0.0;
  try {
    seconds = units::parse_duration_s(node.as_string());
  } catch (const units::UnitError& e) {
    node.fail(e.what());
  }
  if (!(seconds >= 0.0) || !std::isfinite(seconds)) node.fail("must be zero or later, got '" + node.text() + "'");
  return seconds;
}

std::string duration_text(double seconds) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17gs", seconds);
  return text;
}

/// Most GPUs the leases hold at once in each pool must fit in it: checked at each lease start.
void check_fits(const std::vector<Lease>& leases, const std::vector<ConfigNode>& nodes, const Layout& layout) {
  for (std::size_t i = 0; i < leases.size(); ++i) {
    const Lease& lease = leases[i];
    int held = 0;
    for (const Lease& other : leases)
      if (other.site == lease.site && other.pool == lease.pool && other.start_s <= lease.start_s &&
          lease.start_s < other.end_s())
        held += other.gpus;
    const GpuPool& pool = layout.sites[static_cast<std::size_t>(lease.site)].pools[static_cast<std::size_t>(lease.pool)];
    if (held > pool.gpus)
      nodes[i].fail("lease '" + lease.id + "': the leases at " + layout.sites[static_cast<std::size_t>(lease.site)].name +
                    " hold " + std::to_string(held) + " " + gpu_model(lease.model).name + " GPUs when it starts, but the "
                    "pool has " + std::to_string(pool.gpus));
  }
}

}  // namespace

std::vector<Lease> parse_leases(const ConfigNode& node, const Layout& layout, const SitePrices& prices) {
  std::vector<Lease> leases;
  if (!node.defined()) return leases;
  const std::vector<ConfigNode> entries = node.elements();
  std::set<std::string> ids;
  for (const ConfigNode& entry : entries) {
    entry.expect_keys({"id", "lessee", "site", "hub", "gpu", "gpus", "start", "term", "tier", "price"});
    Lease lease;
    lease.id = entry.required("id").as_string();
    if (!ids.insert(lease.id).second) entry.child("id").fail("two leases are called '" + lease.id + "'");
    const ConfigNode lessee = entry.required("lessee");
    lease.lessee_hub = layout.hub_index(lessee.as_string());
    if (lease.lessee_hub < 0) lessee.fail("unknown hub '" + lessee.as_string() + "' as lessee");
    const ConfigNode gpu = entry.required("gpu");
    lease.model = find_gpu_model(gpu.as_string());
    if (lease.model < 0) gpu.fail("unknown GPU model '" + gpu.as_string() + "' (known models: " + gpu_model_names() + ")");
    lease.gpus = entry.required("gpus").as_integer<int>(1, 1 << 30);
    if (entry.has("start")) lease.start_s = parse_start_s(entry.child("start"));
    const ConfigNode term = entry.required("term");
    lease.term_s = term.as_duration_s();
    if (!(lease.term_s > 0.0)) term.fail("must be a positive duration, got '" + term.text() + "'");
    if (entry.has("site") == entry.has("hub"))
      entry.fail("lease '" + lease.id + "': give either site or hub (any site of the hub)");
    if (entry.has("site")) {
      const ConfigNode site = entry.child("site");
      lease.where = site.as_string();
      lease.site = layout.site_index(lease.where);
      if (lease.site < 0) site.fail(layout.unknown_site_message(lease.where));
      lease.pool = pool_of(layout.sites[static_cast<std::size_t>(lease.site)], lease.model);
      if (lease.pool < 0) site.fail("site " + lease.where + " has no " + gpu_model(lease.model).name + " pool");
    } else {
      const ConfigNode hub = entry.child("hub");
      lease.where = hub.as_string();
      lease.any_site_of_hub = true;
      const int h = layout.hub_index(lease.where);
      if (h < 0) hub.fail("unknown hub '" + lease.where + "'");
      for (std::size_t s = 0; s < layout.sites.size() && lease.site < 0; ++s) {
        if (layout.sites[s].hub != h) continue;
        const int p = pool_of(layout.sites[s], lease.model);
        if (p >= 0 && layout.sites[s].pools[static_cast<std::size_t>(p)].gpus >= lease.gpus) {
          lease.site = static_cast<int>(s);
          lease.pool = p;
        }
      }
      if (lease.site < 0)
        hub.fail("no site of hub " + lease.where + " has a " + gpu_model(lease.model).name + " pool of " +
                 std::to_string(lease.gpus) + " GPUs");
    }
    lease.tier = tier_for_term(lease.term_s);
    if (entry.has("tier")) {
      const ConfigNode tier = entry.child("tier");
      if (!parse_price_tier(tier.as_string(), lease.tier))
        tier.fail("unknown price tier '" + tier.as_string() + "' (valid: hourly, monthly, yearly)");
    }
    const PriceList& list = prices.for_site(layout.sites[static_cast<std::size_t>(lease.site)].name);
    lease.yuan_per_gpu_hour = list.at(lease.model).yuan_per_gpu_hour(lease.tier);
    if (entry.has("price")) {
      const ConfigNode price = entry.child("price");
      lease.yuan_per_gpu_hour = price.as_double();
      lease.price_given = true;
      if (!(lease.yuan_per_gpu_hour >= 0.0) || !std::isfinite(lease.yuan_per_gpu_hour))
        price.fail("a price in yuan per GPU-hour must be zero or more, got '" + price.text() + "'");
    }
    leases.push_back(lease);
  }
  check_fits(leases, entries, layout);
  return leases;
}

YAML::Node leases_to_yaml(const std::vector<Lease>& leases, const Layout& layout) {
  YAML::Node list(YAML::NodeType::Sequence);
  for (const Lease& lease : leases) {
    YAML::Node node;
    node["id"] = lease.id;
    node["lessee"] = layout.hubs[static_cast<std::size_t>(lease.lessee_hub)].name;
    node[lease.any_site_of_hub ? "hub" : "site"] = lease.where;
    node["gpu"] = gpu_model(lease.model).name;
    node["gpus"] = lease.gpus;
    node["start"] = duration_text(lease.start_s);
    node["term"] = duration_text(lease.term_s);
    node["tier"] = price_tier_name(lease.tier);
    node["price"] = lease.yuan_per_gpu_hour;
    list.push_back(node);
  }
  return list;
}

}  // namespace aicn::topology
