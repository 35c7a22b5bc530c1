#include "aicn/topology/layout_loader.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "aicn/topology/geo.hpp"
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

LayoutParameters parse_parameters(const ConfigNode& node) {
  LayoutParameters params;
  if (!node.defined()) return params;
  node.expect_keys({"fibre_latency_per_km", "route_factor"});
  if (node.has("fibre_latency_per_km")) params.fibre_latency_s_per_km = node.child("fibre_latency_per_km").as_duration_s();
  if (node.has("route_factor")) {
    const ConfigNode factor = node.child("route_factor");
    params.route_factor = factor.as_double();
    if (params.route_factor < 1.0) factor.fail("a fibre route cannot be shorter than the great circle; must be >= 1, got '" + factor.text() + "'");
  }
  return params;
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
  node.expect_keys({"gpu", "gpus", "gpus_per_server"});
  GpuPool pool;
  const ConfigNode model = node.required("gpu");
  pool.gpu_model = find_gpu_model(model.as_string());
  if (pool.gpu_model < 0)
    model.fail("unknown GPU model '" + model.text() + "' (known models: " + gpu_model_names() + ")");
  const ConfigNode gpus = node.required("gpus");
  pool.gpus = static_cast<int>(gpus.as_positive_int());
  if (node.has("gpus_per_server")) pool.gpus_per_server = static_cast<int>(node.child("gpus_per_server").as_positive_int());
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
  node.expect_keys({"between", "bandwidth", "latency"});
  Link link;
  const ConfigNode between = node.required("between");
  const auto ends = between.elements();
  if (ends.size() != 2) between.fail("a link joins exactly two sites, got '" + between.text() + "'");
  link.a = layout.site_index(ends[0].as_string());
  if (link.a < 0) ends[0].fail("unknown site '" + ends[0].text() + "'");
  link.b = layout.site_index(ends[1].as_string());
  if (link.b < 0) ends[1].fail("unknown site '" + ends[1].text() + "'");
  if (link.a == link.b) between.fail("a link must join two different sites");
  link.bandwidth_bps = node.required("bandwidth").as_bandwidth_bps();
  const Site& a = layout.sites[static_cast<std::size_t>(link.a)];
  const Site& b = layout.sites[static_cast<std::size_t>(link.b)];
  link.distance_km = great_circle_km(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg);
  const ConfigNode latency = node.child("latency");
  if (!latency.defined() || latency.text() == "auto") {
    link.latency_auto = true;
    link.latency_s = fibre_latency_s(link.distance_km, layout.parameters.route_factor,
                                     layout.parameters.fibre_latency_s_per_km);
  } else {
    link.latency_s = latency.as_duration_s();
  }
  return link;
}

/// Shortest decimal text that reads back to the same double, so resolved files round-trip.
std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  for (int precision = 6; precision < 17; ++precision) {
    char shorter[32];
    std::snprintf(shorter, sizeof shorter, "%.*g", precision, value);
    if (std::strtod(shorter, nullptr) == value) return shorter;
  }
  return buffer;
}

}  // namespace

Layout parse_layout(const ConfigNode& node) {
  node.expect_keys({"name", "description", "parameters", "hubs", "sites", "links"});
  Layout layout;
  layout.name = node.has("name") ? node.child("name").as_string() : "unnamed";
  layout.description = node.has("description") ? node.child("description").as_string() : "";
  layout.parameters = parse_parameters(node.child("parameters"));

  for (const auto& element : node.required("hubs").elements()) {
    Hub hub = parse_hub(element);
    if (layout.hub_index(hub.name) >= 0) element.child("name").fail("duplicate hub name '" + hub.name + "'");
    layout.hubs.push_back(std::move(hub));
  }
  const ConfigNode sites = node.required("sites");
  for (const auto& element : sites.elements()) {
    Site site = parse_site(element, layout);
    if (layout.site_index(site.name) >= 0) element.child("name").fail("duplicate site name '" + site.name + "'");
    layout.sites.push_back(std::move(site));
  }
  if (layout.sites.empty()) sites.fail("a layout needs at least one site");

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
  return parse_layout(ConfigNode::load_file(name_or_path));
}

Layout resolve_layout(const ConfigNode& node, const std::string& base_dir) {
  if (node.is_map()) return parse_layout(node);
  const std::string name = node.as_string();
  const std::string text = builtin_layout_text(name);
  if (!text.empty()) return parse_layout(ConfigNode::load_text(text, "built-in layout " + name));
  std::filesystem::path path(name);
  if (path.is_relative() && !base_dir.empty()) path = std::filesystem::path(base_dir) / path;
  if (!std::filesystem::exists(path)) {
    std::string names;
    for (const auto& known : builtin_layout_names()) names += (names.empty() ? "" : ", ") + known;
    node.fail("'" + name + "' is neither a built-in layout (" + names + ") nor an existing file");
  }
  return parse_layout(ConfigNode::load_file(path.string()));
}

YAML::Node layout_to_yaml(const Layout& layout) {
  YAML::Node root;
  root["name"] = layout.name;
  root["description"] = layout.description;
  root["parameters"]["fibre_latency_per_km"] = number_text(layout.parameters.fibre_latency_s_per_km * 1e6) + "us";
  root["parameters"]["route_factor"] = layout.parameters.route_factor;
  for (const auto& hub : layout.hubs) {
    YAML::Node h;
    h["name"] = hub.name;
    h["full_name"] = hub.full_name;
    h["side"] = hub.side == Side::EAST ? "east" : "west";
    root["hubs"].push_back(h);
  }
  for (const auto& site : layout.sites) {
    YAML::Node s;
    s["name"] = site.name;
    s["hub"] = layout.hubs[static_cast<std::size_t>(site.hub)].name;
    s["province"] = site.province;
    s["lat"] = site.lat_deg;
    s["lon"] = site.lon_deg;
    write_site_energy(site.energy, s);
    for (const auto& pool : site.pools) {
      YAML::Node p;
      p["gpu"] = gpu_model(pool.gpu_model).name;
      p["gpus"] = pool.gpus;
      p["gpus_per_server"] = pool.gpus_per_server;
      s["pools"].push_back(p);
    }
    root["sites"].push_back(s);
  }
  for (const auto& link : layout.links) {
    YAML::Node l;
    l["between"].push_back(layout.sites[static_cast<std::size_t>(link.a)].name);
    l["between"].push_back(layout.sites[static_cast<std::size_t>(link.b)].name);
    l["bandwidth"] = number_text(link.bandwidth_bps / 1e9) + "Gbps";
    l["latency"] = number_text(link.latency_s * 1e3) + "ms";
    root["links"].push_back(l);
  }
  return root;
}

}  // namespace aicn::topology
