// `aicn topology check|show|export LAYOUT`: a planner's view of a layout (a built-in name, a
// layout file or an overlay file). The checks, capacity sums and exports live in topology/;
// this file only loads the layout, formats and writes.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "aicn/results/atomic_file.hpp"
#include "aicn/topology/layout_capacity.hpp"
#include "aicn/topology/layout_checks.hpp"
#include "aicn/topology/layout_export.hpp"
#include "aicn/topology/layout_loader.hpp"
#include "command.hpp"

namespace aicn::cli {
namespace {

using nlohmann::json;
using topology::Layout;

/// A built-in layout, a layout file (or overlay file), or a scenario file: then the layout the
/// scenario runs on (its `layout:` a name, a file or an overlay), without checking the rest of
/// the scenario, so a planner can check a what-if scenario's network before it runs.
Layout load(const std::string& name_or_path) {
  std::error_code error;
  if (topology::builtin_layout_text(name_or_path).empty() && std::filesystem::is_regular_file(name_or_path, error)) {
    const config::ConfigNode root = config::ConfigNode::load_file(name_or_path);
    const std::string base_dir = std::filesystem::absolute(name_or_path).parent_path().string();
    // A layout has `sites`, an overlay `base` and `patch`; a scenario names its `layout`.
    if (root.is_map() && root.has("layout") && !root.has("sites") && !root.has("base"))
      return topology::resolve_layout(root.child("layout"), base_dir);
    return topology::resolve_layout(root, base_dir);
  }
  return topology::resolve_layout(config::ConfigNode(YAML::Node(name_or_path), "command line", "LAYOUT"),
                                  std::filesystem::current_path().string());
}

std::string text(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

const std::string& hub_of(const Layout& layout, int site) {
  return layout.hubs[static_cast<std::size_t>(layout.sites[static_cast<std::size_t>(site)].hub)].name;
}
const std::string& site_name(const Layout& layout, int site) { return layout.sites[static_cast<std::size_t>(site)].name; }

std::string site_list(const Layout& layout, const std::vector<int>& sites) {
  std::string names;
  for (int s : sites) names += (names.empty() ? "" : ", ") + site_name(layout, s);
  return names.empty() ? "none" : names;
}

/// Writes to `path` through a temporary file (never a half-written export), or to stdout.
void write_output(const std::string& path, const std::string& content) {
  if (path.empty() || path == "-") {
    std::cout << content;
    return;
  }
  results::write_file_atomically(path, content);
}

// ---- check ----------------------------------------------------------------------------------

json check_to_json(const Layout& layout, const topology::LayoutCheck& check) {
  json pairs = json::array();
  for (const auto& pair : check.pairs) {
    json route = json::array();
    for (int link : pair.route_links) route.push_back(layout.link_name(link));
    pairs.push_back({{"hub_a", hub_of(layout, pair.site_a)},
                     {"hub_b", hub_of(layout, pair.site_b)},
                     {"site_a", site_name(layout, pair.site_a)},
                     {"site_b", site_name(layout, pair.site_b)},
                     {"great_circle_km", pair.distance_km},
                     {"theoretical_ms", pair.theoretical_s * 1e3},
                     {"route_ms", pair.reachable ? json(pair.route_s * 1e3) : json(nullptr)},
                     {"ratio", pair.reachable ? json(pair.ratio) : json(nullptr)},
                     {"route", route},
                     {"reachable", pair.reachable},
                     {"ratio_ok", pair.ratio_ok},
                     {"budget_ok", pair.budget_ok},
                     {"verdict", pair.passed() ? "PASS" : "FAIL"}});
  }
  json regions = json::array();
  for (const auto& region : check.regions) {
    const auto& r = layout.demand_regions[static_cast<std::size_t>(region.region)];
    regions.push_back({{"name", r.name},
                       {"hub", layout.hubs[static_cast<std::size_t>(r.hub)].name},
                       {"nearest_site", region.site >= 0 ? json(site_name(layout, region.site)) : json(nullptr)},
                       {"great_circle_km", region.site >= 0 ? json(region.distance_km) : json(nullptr)},
                       {"estimated_ms", region.site >= 0 ? json(region.latency_s * 1e3) : json(nullptr)},
                       {"verdict", region.passed ? "PASS" : "FAIL"}});
  }
  json bridges = json::array();
  for (const auto& bridge : check.resilience.bridges) {
    json cut_off = json::array();
    for (int s : bridge.cut_off_sites) cut_off.push_back(site_name(layout, s));
    bridges.push_back({{"link", layout.link_name(bridge.link)}, {"cut_off_sites", cut_off}});
  }
  json articulation_sites = json::array();
  for (int s : check.resilience.articulation_sites) articulation_sites.push_back(site_name(layout, s));
  json articulation_hubs = json::array();
  for (int h : check.resilience.articulation_hubs) articulation_hubs.push_back(layout.hubs[static_cast<std::size_t>(h)].name);
  return {{"layout", layout.name},
          {"rules",
           {{"max_route_ratio", layout.rules.max_route_ratio},
            {"hub_latency_budget_ms", layout.rules.hub_latency_budget_s * 1e3},
            {"region_latency_budget_ms", layout.rules.region_latency_budget_s * 1e3}}},
          {"parameters",
           {{"fibre_latency_us_per_km", layout.parameters.fibre_latency_s_per_km * 1e6},
            {"route_factor", layout.parameters.route_factor},
            {"hop_delay_ms", layout.parameters.hop_delay_s * 1e3}}},
          {"pairs", pairs},
          {"failed_pairs", check.failed_pairs()},
          {"demand_regions", regions},
          {"connected", check.connected},
          {"components", check.resilience.component_count},
          {"bridges", bridges},
          {"articulation_sites", articulation_sites},
          {"articulation_hubs", articulation_hubs},
          {"explanation", topology::explain_check(layout, check)},
          {"passed", check.passed()}};
}

void print_check(const Layout& layout, const topology::LayoutCheck& check, bool site_pairs) {
  const auto& rules = layout.rules;
  const auto& params = layout.parameters;
  std::printf("Layout %s: %zu hubs, %zu sites, %zu links\n", layout.name.c_str(), layout.hubs.size(),
              layout.sites.size(), layout.links.size());
  std::printf("Rules: route latency <= %.2f x theoretical (great-circle km x %.3g us/km); <= %.3g ms one way hub to "
              "hub; demand city <= %.3g ms from its hub\n",
              rules.max_route_ratio, params.fibre_latency_s_per_km * 1e6, rules.hub_latency_budget_s * 1e3,
              rules.region_latency_budget_s * 1e3);
  std::printf("Links: latency auto = great circle x route factor %.2f x %.3g us/km + %.3g ms per hop\n\n",
              params.route_factor, params.fibre_latency_s_per_km * 1e6, params.hop_delay_s * 1e3);

  std::printf("%s\n", site_pairs ? "Every pair of sites in different hubs" : "Hub pairs (home site to home site)");
  std::printf("%-10s %-30s %6s %9s %9s %6s %4s %6s %6s %s\n", "hubs", "sites", "km", "theory_ms", "route_ms", "ratio",
              "hops", text("<=%.2gx", rules.max_route_ratio).c_str(), text("<=%.0fms", rules.hub_latency_budget_s * 1e3).c_str(),
              "verdict");
  int ratio_fail = 0, budget_fail = 0;
  for (const auto& pair : check.pairs) {
    const std::string hubs = hub_of(layout, pair.site_a) + "-" + hub_of(layout, pair.site_b);
    const std::string sites = site_name(layout, pair.site_a) + " - " + site_name(layout, pair.site_b);
    if (!pair.reachable) {
      std::printf("%-10s %-30s %6.0f %9.2f %9s %6s %4s %6s %6s %s\n", hubs.c_str(), sites.c_str(), pair.distance_km,
                  pair.theoretical_s * 1e3, "-", "-", "-", "-", "-", "FAIL (no route)");
      continue;
    }
    ratio_fail += !pair.ratio_ok;
    budget_fail += !pair.budget_ok;
    std::printf("%-10s %-30s %6.0f %9.2f %9.2f %6.2f %4zu %6s %6s %s\n", hubs.c_str(), sites.c_str(), pair.distance_km,
                pair.theoretical_s * 1e3, pair.route_s * 1e3, pair.ratio, pair.route_links.size(),
                pair.ratio_ok ? "ok" : "FAIL", pair.budget_ok ? "ok" : "FAIL", pair.passed() ? "PASS" : "FAIL");
  }
  std::printf("%zu pairs: %zu pass, %d fail (%d above %.2fx, %d above %.0f ms)\n\n", check.pairs.size(),
              check.pairs.size() - static_cast<std::size_t>(check.failed_pairs()), check.failed_pairs(), ratio_fail,
              rules.max_route_ratio, budget_fail, rules.hub_latency_budget_s * 1e3);

  if (!check.regions.empty()) {
    std::printf("Demand regions (estimated: km x route factor x delay/km to the nearest site of their hub)\n");
    std::printf("%-12s %-6s %-16s %6s %8s %s\n", "region", "hub", "nearest site", "km", "est_ms", "verdict");
    for (const auto& region : check.regions) {
      const auto& r = layout.demand_regions[static_cast<std::size_t>(region.region)];
      std::printf("%-12s %-6s %-16s %6.0f %8.2f %s\n", r.name.c_str(), layout.hubs[static_cast<std::size_t>(r.hub)].name.c_str(),
                  region.site >= 0 ? site_name(layout, region.site).c_str() : "(hub has no site)", region.distance_km,
                  region.latency_s * 1e3, region.passed ? "PASS" : "FAIL");
    }
    std::printf("\n");
  }

  std::printf("Connectivity: %s (%d component%s)\n", check.connected ? "connected" : "NOT CONNECTED",
              check.resilience.component_count, check.resilience.component_count == 1 ? "" : "s");
  std::printf("Single points of failure (Boost.Graph biconnected components / articulation points):\n");
  if (check.resilience.bridges.empty()) std::printf("  bridge links: none (every link lies on a cycle)\n");
  for (const auto& bridge : check.resilience.bridges)
    std::printf("  bridge link %s: cutting it isolates %s\n", layout.link_name(bridge.link).c_str(),
                site_list(layout, bridge.cut_off_sites).c_str());
  std::printf("  articulation sites: %s\n", site_list(layout, check.resilience.articulation_sites).c_str());
  std::string hubs;
  for (int h : check.resilience.articulation_hubs) hubs += (hubs.empty() ? "" : ", ") + layout.hubs[static_cast<std::size_t>(h)].name;
  std::printf("  articulation hubs: %s\n", hubs.empty() ? "none" : hubs.c_str());

  const auto explanation = topology::explain_check(layout, check);
  if (!explanation.empty()) {
    std::printf("\nWhy:\n");
    for (const auto& line : explanation) std::printf("  - %s\n", line.c_str());
  }
  std::printf("\nResult: %s\n", check.passed() ? "PASS" : "FAIL (exit code 3)");
}

// ---- show -----------------------------------------------------------------------------------

json show_to_json(const Layout& layout, const topology::LayoutCapacity& capacity) {
  auto entry = [](const topology::HubCapacity& c) {
    return json{{"sites", c.sites}, {"gpus", c.gpus}, {"fp16_dense_pflops", c.fp16_flops / 1e15}};
  };
  json hubs = json::array();
  for (const auto& hub : capacity.hubs) {
    json item = entry(hub);
    item["hub"] = layout.hubs[static_cast<std::size_t>(hub.hub)].name;
    item["side"] = layout.hubs[static_cast<std::size_t>(hub.hub)].side == topology::Side::EAST ? "east" : "west";
    hubs.push_back(item);
  }
  json pairs = json::array();
  for (const auto& pair : capacity.hub_pairs)
    pairs.push_back({{"hub_a", layout.hubs[static_cast<std::size_t>(pair.hub_a)].name},
                     {"hub_b", layout.hubs[static_cast<std::size_t>(pair.hub_b)].name},
                     {"links", pair.links},
                     {"bandwidth_gbps", pair.bandwidth_bps / 1e9}});
  return {{"layout", layout.name}, {"hubs", hubs}, {"east", entry(capacity.east)}, {"west", entry(capacity.west)},
          {"hub_links", pairs}};
}

void print_show(const Layout& layout, const topology::LayoutCapacity& capacity) {
  std::printf("Layout %s: %s\n\n", layout.name.c_str(), layout.description.c_str());
  std::printf("%-6s %-5s %5s %8s %14s\n", "hub", "side", "sites", "GPUs", "PFLOPS_FP16");
  for (const auto& hub : capacity.hubs) {
    const auto& h = layout.hubs[static_cast<std::size_t>(hub.hub)];
    std::printf("%-6s %-5s %5d %8d %14.1f\n", h.name.c_str(), h.side == topology::Side::EAST ? "east" : "west", hub.sites,
                hub.gpus, hub.fp16_flops / 1e15);
  }
  const double total = capacity.east.fp16_flops + capacity.west.fp16_flops;
  for (const auto* side : {&capacity.east, &capacity.west})
    std::printf("%-12s %5d %8d %14.1f  (%.0f %% of PFLOPS)\n", side == &capacity.east ? "east total" : "west total",
                side->sites, side->gpus, side->fp16_flops / 1e15, total > 0 ? 100.0 * side->fp16_flops / total : 0.0);
  std::printf("(PFLOPS: dense FP16/BF16 tensor peak, no sparsity, from the GPU catalogue)\n\n");
  std::printf("Link capacity between hubs (sum of direct links, per direction)\n");
  std::printf("%-6s %-6s %5s %10s\n", "hub", "hub", "links", "Gbps");
  for (const auto& pair : capacity.hub_pairs)
    std::printf("%-6s %-6s %5d %10.0f\n", layout.hubs[static_cast<std::size_t>(pair.hub_a)].name.c_str(),
                layout.hubs[static_cast<std::size_t>(pair.hub_b)].name.c_str(), pair.links, pair.bandwidth_bps / 1e9);
}

// ---- the command ----------------------------------------------------------------------------

class TopologyCommand final : public Command {
 public:
  int order() const override { return 65; }

  CLI::App* add_to(CLI::App& app) override {
    CLI::App* topology = app.add_subcommand("topology", "check, show or export a layout (built-in name, layout file or scenario file)");
    topology->require_subcommand(1);
    const char* layout_help = "built-in layout name (see `aicn layouts`), layout file, overlay file, or a scenario file (its layout)";

    check_ = topology->add_subcommand(
        "check", "latency rules per hub pair (1.5x great circle, 20 ms), connectivity, single points of failure; "
                 "exit 3 when a rule fails");
    check_->add_option("layout", check_layout_, layout_help)->required();
    check_->add_flag("--json", check_json_, "print the results as JSON");
    check_->add_flag("--site-pairs", site_pairs_, "check every pair of sites in different hubs, not only home sites");

    show_ = topology->add_subcommand("show", "GPUs and PFLOPS per hub, east/west split, link capacity per hub pair");
    show_->add_option("layout", show_layout_, layout_help)->required();
    show_->add_flag("--json", show_json_, "print the results as JSON");

    export_ = topology->add_subcommand("export", "write the layout as Graphviz DOT or GeoJSON");
    export_->add_option("layout", export_layout_, layout_help)->required();
    export_->add_option("--format", format_, "dot or geojson")->required()->check(CLI::IsMember({"dot", "geojson"}));
    export_->add_option("--out", out_, "output file (default: standard output)");
    return topology;
  }

  int run(const Invocation&) override {
    if (check_->parsed()) {
      const Layout layout = load(check_layout_);
      const topology::NetworkGraph graph(layout);
      const topology::LayoutCheck check = topology::check_layout(layout, graph, site_pairs_);
      if (check_json_)
        std::cout << check_to_json(layout, check).dump(2) << "\n";
      else
        print_check(layout, check, site_pairs_);
      return check.passed() ? kExitOk : kExitCheckFailed;
    }
    if (show_->parsed()) {
      const Layout layout = load(show_layout_);
      const auto capacity = topology::summarise_capacity(layout);
      if (show_json_)
        std::cout << show_to_json(layout, capacity).dump(2) << "\n";
      else
        print_show(layout, capacity);
      return kExitOk;
    }
    const Layout layout = load(export_layout_);
    write_output(out_, format_ == "dot" ? topology::layout_to_dot(layout) : topology::layout_to_geojson(layout));
    return kExitOk;
  }

 private:
  CLI::App* check_ = nullptr;
  CLI::App* show_ = nullptr;
  CLI::App* export_ = nullptr;
  std::string check_layout_, show_layout_, export_layout_;
  bool check_json_ = false, site_pairs_ = false, show_json_ = false;
  std::string format_;
  std::string out_;
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_COMMAND(aicn::cli::TopologyCommand, "topology")
