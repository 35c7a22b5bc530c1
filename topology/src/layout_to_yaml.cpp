// layout_to_yaml: a Layout written back as layout YAML (`aicn topology export`, resolved scenarios).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "aicn/topology/gpu_catalog.hpp"
#include "aicn/topology/layout_loader.hpp"
#include "aicn/topology/site_energy.hpp"

namespace aicn::topology {

namespace {

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

YAML::Node layout_to_yaml(const Layout& layout) {
  YAML::Node root;
  root["name"] = layout.name;
  root["description"] = layout.description;
  root["parameters"]["fibre_latency_per_km"] = number_text(layout.parameters.fibre_latency_s_per_km * 1e6) + "us";
  root["parameters"]["route_factor"] = layout.parameters.route_factor;
  root["parameters"]["hop_delay"] = number_text(layout.parameters.hop_delay_s * 1e3) + "ms";
  root["rules"]["max_route_ratio"] = layout.rules.max_route_ratio;
  root["rules"]["hub_latency_budget"] = number_text(layout.rules.hub_latency_budget_s * 1e3) + "ms";
  root["rules"]["region_latency_budget"] = number_text(layout.rules.region_latency_budget_s * 1e3) + "ms";
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
      if (pool.nodes.empty()) p["gpus_per_server"] = pool.gpus_per_server;
      for (const auto& group : pool.nodes) {
        YAML::Node g;
        g["count"] = group.count;
        g["gpus"] = group.gpus;
        if (group.cpu_milli > 0) g["cpus"] = static_cast<double>(group.cpu_milli) / 1000.0;
        if (group.memory_mib > 0) g["memory"] = std::to_string(group.memory_mib) + "MiB";
        p["nodes"].push_back(g);
      }
      s["pools"].push_back(p);
    }
    root["sites"].push_back(s);
  }
  for (const auto& region : layout.demand_regions) {
    YAML::Node r;
    r["name"] = region.name;
    r["hub"] = layout.hubs[static_cast<std::size_t>(region.hub)].name;
    r["lat"] = region.lat_deg;
    r["lon"] = region.lon_deg;
    r["weight"] = region.weight;
    root["demand_regions"].push_back(r);
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
