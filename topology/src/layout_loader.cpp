#include "aicn/topology/layout_loader.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <algorithm>
#include <set>

#include "aicn/topology/geo.hpp"
#include "aicn/topology/input_limits.hpp"
#include "aicn/topology/layout_overlay.hpp"
#include "layout_node_groups.hpp"
#include "aicn/topology/units.hpp"

namespace aicn::embedded {
const std::map<std::string, std::string>& builtin_layouts();
}

namespace aicn::topology {
namespace {

using config::ConfigNode;

std::string parse_id(const ConfigNode& node, const std::regex& pattern, const char* what) {
  const std::string id = node.as_string();
  if (!std::regex_match(id, pattern)) node.fail("'" + id + "' is not a valid " + what);
  return id;
}

/// A duration that may be zero ("0", "0ms"), e.g. an equipment delay that is not modelled.
double parse_nonnegative_duration_s(const ConfigNode& node) {
  if (node.is_scalar()) {
    double number = 0.0;
    try {
      if (units::parse_duration_s(node.text()) == 0.0) return 0.0;
    } catch (const units::UnitError&) {
      if (YAML::convert<double>::decode(node.yaml(), number) && number == 0.0) return 0.0;
    }
  }
  return node.as_duration_s();
}

LayoutParameters parse_parameters(const ConfigNode& node) {
  LayoutParameters params;
  if (!node.defined()) return params;
  node.expect_keys({"fibre_latency_per_km", "route_factor", "hop_delay"});
  if (node.has("fibre_latency_per_km")) params.fibre_latency_s_per_km = node.child("fibre_latency_per_km").as_duration_s();
  if (node.has("route_factor")) {
    const ConfigNode factor = node.child("route_factor");
    params.route_factor = factor.as_double();
    if (params.route_factor < 1.0) factor.fail("a fibre route cannot be shorter than the great circle; must be >= 1, got '" + factor.text() + "'");
  }
  if (node.has("hop_delay")) params.hop_delay_s = parse_nonnegative_duration_s(node.child("hop_delay"));
  return params;
}

LayoutRules parse_rules(const ConfigNode& node) {
  LayoutRules rules;
  if (!node.defined()) return rules;
  node.expect_keys({"max_route_ratio", "hub_latency_budget", "region_latency_budget"});
  if (node.has("max_route_ratio")) {
    const ConfigNode ratio = node.child("max_route_ratio");
    rules.max_route_ratio = ratio.as_double();
    if (rules.max_route_ratio < 1.0) ratio.fail("no route is shorter than the great circle; must be >= 1, got '" + ratio.text() + "'");
  }
  if (node.has("hub_latency_budget")) rules.hub_latency_budget_s = node.child("hub_latency_budget").as_duration_s();
  if (node.has("region_latency_budget")) rules.region_latency_budget_s = node.child("region_latency_budget").as_duration_s();
  return rules;
}

double parse_coordinate(const ConfigNode& node, double limit, const char* what) {
  const double value = node.as_double();
  if (value < -limit || value > limit)
    node.fail(std::string(what) + " must be within [" + std::to_string(static_cast<int>(-limit)) + ", " +
              std::to_string(static_cast<int>(limit)) + "], got '" + node.text() + "'");
  return value;
}

DemandRegion parse_demand_region(const ConfigNode& node, const Layout& layout) {
  static const std::regex kRegionId("[A-Za-z0-9_-]+");
  node.expect_keys({"name", "hub", "lat", "lon", "weight"});
  DemandRegion region;
  region.name = parse_id(node.required("name"), kRegionId, "demand region name (letters, digits, '-' and '_')");
  const ConfigNode hub = node.required("hub");
  region.hub = layout.hub_index(hub.as_string());
  if (region.hub < 0) hub.fail("unknown hub '" + hub.text() + "'");
  region.lat_deg = parse_coordinate(node.required("lat"), 90, "latitude");
  region.lon_deg = parse_coordinate(node.required("lon"), 180, "longitude");
  if (node.has("weight")) region.weight = node.child("weight").as_positive_double();
  return region;
}

Hub parse_hub(const ConfigNode& node) {
  static const std::regex kHubId("[A-Za-z0-9_-]+");
  node.expect_keys({"name", "full_name", "side"});
  Hub hub;
  hub.name = parse_id(node.required("name"), kHubId, "hub name (letters, digits, '-' and '_')");
  hub.full_name = node.has("full_name") ? node.child("full_name").as_string() : hub.name;
  const ConfigNode side = node.required("side");
  const std::string side_text = side.as_string();
  if (side_text == "east") hub.side = Side::EAST;
  else if (side_text == "west") hub.side = Side::WEST;
  else side.fail("side must be 'east' or 'west', got '" + side_text + "'");
  return hub;
}

GpuPool parse_pool(const ConfigNode& node) {
  node.expect_keys({"gpu", "gpus", "gpus_per_server", "nodes"});
  GpuPool pool;
  const ConfigNode model = node.required("gpu");
  pool.gpu_model = find_gpu_model(model.as_string());
  if (pool.gpu_model < 0)
    model.fail("unknown GPU model '" + model.text() + "' (known models: " + gpu_model_names() + ")");
  if (node.has("nodes")) {
    parse_node_groups(node, pool);
    return pool;
  }
  const ConfigNode gpus = node.required("gpus");
  pool.gpus = gpus.as_integer(1, limits::kMaxGpusPerPool);
  if (node.has("gpus_per_server")) pool.gpus_per_server = node.child("gpus_per_server").as_integer(1, limits::kMaxGpusPerServer);
  if (pool.gpus % pool.gpus_per_server != 0)
    gpus.fail("must be a multiple of gpus_per_server (" + std::to_string(pool.gpus_per_server) + "), got '" + gpus.text() + "'");
  return pool;
}

Site parse_site(const ConfigNode& node, const Layout& layout) {
  static const std::regex kSiteId("[a-z0-9_-]+");
  node.expect_keys({"name", "hub", "province", "lat", "lon", "pue", "electricity", "pools"});
  Site site;
  site.name = parse_id(node.required("name"), kSiteId, "site name (lower-case letters, digits, '-' and '_')");
  const ConfigNode hub = node.required("hub");
  site.hub = layout.hub_index(hub.as_string());
  if (site.hub < 0) hub.fail("unknown hub '" + hub.text() + "'");
  site.province = node.has("province") ? node.child("province").as_string() : "";
  const ConfigNode lat = node.required("lat");
  site.lat_deg = lat.as_double();
  if (site.lat_deg < -90 || site.lat_deg > 90) lat.fail("latitude must be within [-90, 90], got '" + lat.text() + "'");
  const ConfigNode lon = node.required("lon");
  site.lon_deg = lon.as_double();
  if (site.lon_deg < -180 || site.lon_deg > 180) lon.fail("longitude must be within [-180, 180], got '" + lon.text() + "'");
  site.energy = parse_site_energy(node.child("pue"), node.child("electricity"), site.province);
  site.pue = site.energy.pue.mean();
  const ConfigNode pools = node.required("pools");
  if (pools.elements().empty()) pools.fail("a site needs at least one GPU pool");
  std::set<GpuModelId> models;
  for (const auto& element : pools.elements()) {
    site.pools.push_back(parse_pool(element));
    if (!models.insert(site.pools.back().gpu_model).second)
      element.child("gpu").fail("the site already has a pool of this model; merge them");
  }
  return site;
}

Link parse_link(const ConfigNode& node, const Layout& layout) {
  node.expect_keys({"between", "bandwidth", "latency", "route_length"});
  Link link;
  const ConfigNode between = node.required("between");
  const auto ends = between.elements();
  if (ends.size() != 2) between.fail("a link joins exactly two sites, got '" + between.text() + "'");
  link.a = layout.site_index(ends[0].as_string());
  if (link.a < 0) ends[0].fail(layout.unknown_site_message(ends[0].text()));
  link.b = layout.site_index(ends[1].as_string());
  if (link.b < 0) ends[1].fail(layout.unknown_site_message(ends[1].text()));
  if (link.a == link.b) between.fail("a link must join two different sites");
  link.bandwidth_bps = node.required("bandwidth").as_bandwidth_bps();
  const Site& a = layout.sites[static_cast<std::size_t>(link.a)];
  const Site& b = layout.sites[static_cast<std::size_t>(link.b)];
  link.distance_km = great_circle_km(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg);
  const ConfigNode latency = node.child("latency");
  const ConfigNode route_length = node.child("route_length");
  if (route_length.defined()) {
    if (latency.defined()) latency.fail("give either latency or route_length, not both");
    link.latency_source = LatencySource::ROUTE_LENGTH;
    link.route_km = route_length.as_distance_km();
    // 1 % slack: coordinates are approximate, a route cannot be materially shorter.
    if (link.route_km < 0.99 * link.distance_km)
      route_length.fail("a fibre route cannot be shorter than the " + std::to_string(std::lround(link.distance_km)) +
                        " km great-circle distance between the sites, got '" + route_length.text() + "'");
  } else if (!latency.defined() || latency.text() == "auto") {
    link.latency_source = LatencySource::AUTO;
  } else {
    link.latency_source = LatencySource::GIVEN;
    link.latency_s = latency.as_duration_s();
  }
  derive_link_latency(link, layout.parameters);
  return link;
}

}  // namespace

void derive_link_latency(Link& link, const LayoutParameters& parameters) {
  link.latency_auto = link.latency_source == LatencySource::AUTO;
  if (link.latency_source == LatencySource::GIVEN) {
    link.route_km = 0.0;
    return;
  }
  if (link.latency_source == LatencySource::AUTO) link.route_km = link.distance_km * parameters.route_factor;
  link.latency_s = fibre_latency_s(link.route_km, 1.0, parameters.fibre_latency_s_per_km) + parameters.hop_delay_s;
}

Layout parse_layout(const ConfigNode& node) {
  node.expect_keys({"name", "description", "parameters", "rules", "hubs", "sites", "demand_regions", "links"});
  Layout layout;
  layout.name = node.has("name") ? node.child("name").as_string() : "unnamed";
  layout.description = node.has("description") ? node.child("description").as_string() : "";
  layout.parameters = parse_parameters(node.child("parameters"));
  layout.rules = parse_rules(node.child("rules"));

  for (const auto& element : node.required("hubs").elements()) {
    Hub hub = parse_hub(element);
    if (layout.hub_index(hub.name) >= 0) element.child("name").fail("duplicate hub name '" + hub.name + "'");
    layout.hubs.push_back(std::move(hub));
  }
  const ConfigNode sites = node.required("sites");
  if (sites.is_sequence() && sites.yaml().size() > static_cast<std::size_t>(limits::kMaxSites))
    sites.fail("lists " + std::to_string(sites.yaml().size()) + " sites, more than " + std::to_string(limits::kMaxSites) +
               " (routes are kept for every pair of sites)");
  for (const auto& element : sites.elements()) {
    Site site = parse_site(element, layout);
    if (layout.site_index(site.name) >= 0) element.child("name").fail("duplicate site name '" + site.name + "'");
    layout.sites.push_back(std::move(site));
  }
  if (layout.sites.empty()) sites.fail("a layout needs at least one site");
  check_layout_size(layout, sites);
  if (node.has("demand_regions")) {
    for (const auto& element : node.child("demand_regions").elements()) {
      DemandRegion region = parse_demand_region(element, layout);
      if (layout.demand_region_index(region.name) >= 0)
        element.child("name").fail("duplicate demand region name '" + region.name + "'");
      layout.demand_regions.push_back(std::move(region));
    }
  }

  std::set<std::pair<int, int>> joined;
  if (node.has("links")) {
    for (const auto& element : node.child("links").elements()) {
      Link link = parse_link(element, layout);
      if (!joined.insert({std::min(link.a, link.b), std::max(link.a, link.b)}).second)
        element.child("between").fail("these two sites are already linked; give the link more bandwidth instead");
      layout.links.push_back(link);
    }
  }
  return layout;
}

Site parse_site_entry(const ConfigNode& node, const Layout& layout) { return parse_site(node, layout); }

void check_layout_size(const Layout& layout, const ConfigNode& node) {
  if (layout.sites.size() > static_cast<std::size_t>(limits::kMaxSites))
    node.fail("the layout has " + std::to_string(layout.sites.size()) + " sites, more than " +
              std::to_string(limits::kMaxSites) + " (routes are kept for every pair of sites)");
  std::int64_t gpus = 0;
  for (const auto& site : layout.sites)
    for (const auto& pool : site.pools) gpus += pool.gpus;
  if (gpus > limits::kMaxGpusPerLayout)
    node.fail("the layout has " + std::to_string(gpus) + " GPUs in all, more than " +
              std::to_string(limits::kMaxGpusPerLayout));
}

Link parse_link_entry(const ConfigNode& node, const Layout& layout) {
  Link link = parse_link(node, layout);
  if (layout.link_index(link.a, link.b) >= 0)
    node.child("between").fail("these two sites are already linked; change that link's bandwidth instead");
  return link;
}

std::vector<std::string> builtin_layout_names() {
  std::vector<std::string> names;
  for (const auto& [name, text] : embedded::builtin_layouts()) names.push_back(name);
  return names;
}

std::string builtin_layout_text(const std::string& name) {
  const auto& layouts = embedded::builtin_layouts();
  auto found = layouts.find(name);
  return found == layouts.end() ? std::string() : found->second;
}

Layout load_layout(const std::string& name_or_path) {
  const std::string text = builtin_layout_text(name_or_path);
  if (!text.empty()) return parse_layout(ConfigNode::load_text(text, "built-in layout " + name_or_path));
  return resolve_layout(ConfigNode::load_file(name_or_path),
                        std::filesystem::absolute(name_or_path).parent_path().string());
}

Layout resolve_layout(const ConfigNode& node, const std::string& base_dir) {
  // An overlay file that names itself (or a cycle of them) as its base would recurse forever.
  thread_local int depth = 0;
  struct DepthGuard {
    int& depth;
    ~DepthGuard() { --depth; }
  } guard{++depth};
  if (depth > 16) node.fail("layout overlays nest more than 16 deep; does a layout use itself as its base?");
  if (is_layout_overlay(node)) {
    node.expect_keys({"base", "name", "patch"});
    Layout base = resolve_layout(node.required("base"), base_dir);
    const std::string base_name = base.name;
    Layout patched = apply_layout_patch(std::move(base), node.required("patch"));
    patched.name = node.has("name") ? node.child("name").as_string() : base_name + "+patch";
    patched.description = "what-if overlay of " + base_name + " (" + std::to_string(node.child("patch").elements().size()) +
                          " edits): " + patched.description;
    return patched;
  }
  if (node.is_map()) return parse_layout(node);
  const std::string name = node.as_string();
  const std::string text = builtin_layout_text(name);
  if (!text.empty()) return parse_layout(ConfigNode::load_text(text, "built-in layout " + name));
  std::filesystem::path path(name);
  if (path.is_relative() && !base_dir.empty()) path = std::filesystem::path(base_dir) / path;
  // The error_code form: a name the OS refuses (too long, say) is an input error, not a throw.
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    std::string names;
    for (const auto& known : builtin_layout_names()) names += (names.empty() ? "" : ", ") + known;
    node.fail("'" + name + "' is neither a built-in layout (" + names + ") nor an existing file" +
              (error ? " (" + error.message() + ")" : ""));
  }
  // A layout file may itself be an overlay ({base:, patch:}); its base is relative to it.
  return resolve_layout(ConfigNode::load_file(path.string()), std::filesystem::absolute(path).parent_path().string());
}

}  // namespace aicn::topology
