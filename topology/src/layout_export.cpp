#include "aicn/topology/layout_export.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

namespace aicn::topology {
namespace {

std::string side_name(const Layout& layout, int hub) {
  return layout.hubs[static_cast<std::size_t>(hub)].side == Side::EAST ? "east" : "west";
}

std::string latency_source_name(LatencySource source) {
  switch (source) {
    case LatencySource::GIVEN: return "given";
    case LatencySource::ROUTE_LENGTH: return "route_length";
    case LatencySource::AUTO: return "auto";
  }
  return "auto";
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

double fp16_pflops(const Site& site) {
  double flops = 0.0;
  for (const auto& pool : site.pools) flops += pool.gpus * gpu_model(pool.gpu_model).peak_fp16_flops;
  return flops / 1e15;
}

}  // namespace

std::string layout_to_dot(const Layout& layout) {
  struct Vertex {
    std::string name, label, color, pos;
  };
  struct Edge {
    std::string label;
    std::string penwidth;
  };
  boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, Vertex, Edge> graph;
  for (const auto& site : layout.sites) {
    const Hub& hub = layout.hubs[static_cast<std::size_t>(site.hub)];
    // neato -n places nodes at "pos" (points): longitude east, latitude north, 20 pt a degree.
    boost::add_vertex(Vertex{site.name, site.name + "\\n" + hub.name + ", " + std::to_string(site.total_gpus()) + " GPUs",
                             hub.side == Side::EAST ? "steelblue" : "darkorange",
                             fixed(site.lon_deg * 20, 0) + "," + fixed(site.lat_deg * 20, 0)},
                      graph);
  }
  for (const auto& link : layout.links) {
    boost::add_edge(static_cast<std::size_t>(link.a), static_cast<std::size_t>(link.b),
                    Edge{fixed(link.bandwidth_bps / 1e9, 0) + " Gbps\\n" + fixed(link.latency_s * 1e3, 2) + " ms",
                         fixed(1.0 + link.bandwidth_bps / 200e9, 1)},
                    graph);
  }
  boost::dynamic_properties properties;
  properties.property("node_id", boost::get(&Vertex::name, graph));
  properties.property("label", boost::get(&Vertex::label, graph));
  properties.property("color", boost::get(&Vertex::color, graph));
  properties.property("pos", boost::get(&Vertex::pos, graph));
  properties.property("label", boost::get(&Edge::label, graph));
  properties.property("penwidth", boost::get(&Edge::penwidth, graph));
  std::ostringstream out;
  boost::write_graphviz_dp(out, graph, properties);
  return out.str();
}

std::string layout_to_geojson(const Layout& layout) {
  using nlohmann::json;
  json features = json::array();
  for (const auto& site : layout.sites) {
    json pools = json::array();
    for (const auto& pool : site.pools) {
      json entry = {{"gpu", gpu_model(pool.gpu_model).name}, {"gpus", pool.gpus}, {"gpus_per_server", pool.gpus_per_server}};
      // Node shapes only when the pool states them: exports of uniform pools stay as they were.
      for (const auto& group : pool.nodes)
        entry["nodes"].push_back({{"count", group.count}, {"gpus", group.gpus}, {"cpu_milli", group.cpu_milli}, {"memory_mib", group.memory_mib}});
      pools.push_back(entry);
    }
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "Point"}, {"coordinates", {site.lon_deg, site.lat_deg}}}},
                        {"properties",
                         {{"kind", "site"},
                          {"name", site.name},
                          {"hub", layout.hubs[static_cast<std::size_t>(site.hub)].name},
                          {"side", side_name(layout, site.hub)},
                          {"province", site.province},
                          {"pue", site.pue},
                          {"gpus", site.total_gpus()},
                          {"fp16_pflops", fp16_pflops(site)},
                          {"pools", pools}}}});
  }
  for (const auto& region : layout.demand_regions) {
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "Point"}, {"coordinates", {region.lon_deg, region.lat_deg}}}},
                        {"properties",
                         {{"kind", "demand_region"},
                          {"name", region.name},
                          {"hub", layout.hubs[static_cast<std::size_t>(region.hub)].name},
                          {"weight", region.weight}}}});
  }
  for (std::size_t l = 0; l < layout.links.size(); ++l) {
    const Link& link = layout.links[l];
    const Site& a = layout.sites[static_cast<std::size_t>(link.a)];
    const Site& b = layout.sites[static_cast<std::size_t>(link.b)];
    features.push_back({{"type", "Feature"},
                        {"geometry",
                         {{"type", "LineString"},
                          {"coordinates", {{a.lon_deg, a.lat_deg}, {b.lon_deg, b.lat_deg}}}}},
                        {"properties",
                         {{"kind", "link"},
                          {"name", layout.link_name(static_cast<int>(l))},
                          {"from", a.name},
                          {"to", b.name},
                          {"bandwidth_gbps", link.bandwidth_bps / 1e9},
                          {"latency_ms", link.latency_s * 1e3},
                          {"latency_source", latency_source_name(link.latency_source)},
                          {"great_circle_km", link.distance_km},
                          {"route_km", link.route_km}}}});
  }
  const json collection = {{"type", "FeatureCollection"},
                           {"name", layout.name},
                           {"features", features}};
  return collection.dump(2) + "\n";
}

}  // namespace aicn::topology
