#include "aicn/topology/layout_overlay.hpp"

#include <cmath>
#include <string>

#include "aicn/topology/checked_number.hpp"
#include "aicn/topology/input_limits.hpp"
#include "aicn/topology/layout_loader.hpp"

namespace aicn::topology {
namespace {

using config::ConfigNode;

int site_named(const Layout& layout, const ConfigNode& node) {
  const int site = layout.site_index(node.as_string());
  if (site < 0) node.fail(layout.unknown_site_message(node.text()));
  return site;
}

/// The link named by a two-site list such as [zhangjiakou, horinger].
int link_named(const Layout& layout, const ConfigNode& between) {
  const auto ends = between.elements();
  if (ends.size() != 2) between.fail("a link joins exactly two sites, got '" + between.text() + "'");
  const int a = site_named(layout, ends[0]);
  const int b = site_named(layout, ends[1]);
  const int link = layout.link_index(a, b);
  if (link < 0) between.fail("no link joins '" + ends[0].text() + "' and '" + ends[1].text() + "'");
  return link;
}

void add_site(Layout& layout, const ConfigNode& node) {
  Site site = parse_site_entry(node, layout);
  if (layout.site_index(site.name) >= 0) node.child("name").fail("a site called '" + site.name + "' already exists");
  layout.sites.push_back(std::move(site));
}

void remove_site(Layout& layout, const ConfigNode& node) {
  const int removed = site_named(layout, node);
  if (layout.sites.size() == 1) node.fail("cannot remove '" + node.text() + "', the layout's only site");
  std::vector<Link> kept;
  for (Link link : layout.links) {
    if (link.a == removed || link.b == removed) continue;
    if (link.a > removed) --link.a;
    if (link.b > removed) --link.b;
    kept.push_back(link);
  }
  layout.links = std::move(kept);
  layout.sites.erase(layout.sites.begin() + removed);
}

void scale_pool(Layout& layout, const ConfigNode& node) {
  node.expect_keys({"site", "gpu", "factor", "gpus"});
  Site& site = layout.sites[static_cast<std::size_t>(site_named(layout, node.required("site")))];
  const ConfigNode model = node.required("gpu");
  GpuPool* pool = nullptr;
  for (auto& candidate : site.pools)
    if (gpu_model(candidate.gpu_model).name == model.as_string()) pool = &candidate;
  if (pool == nullptr) model.fail("site '" + site.name + "' has no pool of '" + model.text() + "'");
  if (node.has("factor") == node.has("gpus")) node.fail("give either factor or gpus");
  if (node.has("gpus")) {
    const ConfigNode gpus = node.child("gpus");
    pool->gpus = gpus.as_integer(1, limits::kMaxGpusPerPool);
    if (pool->gpus % pool->gpus_per_server != 0)
      gpus.fail("must be a multiple of gpus_per_server (" + std::to_string(pool->gpus_per_server) + "), got '" +
                gpus.text() + "'");
    return;
  }
  // Whole servers only: the scaled count is rounded to the nearest multiple of a server.
  const ConfigNode factor = node.child("factor");
  const double servers = std::round(pool->servers() * factor.as_positive_double());
  if (servers < 1) factor.fail("leaves no whole server of " + model.text() + " at '" + site.name + "', got '" + factor.text() + "'");
  const double gpus = servers * pool->gpus_per_server;
  if (gpus > limits::kMaxGpusPerPool)
    factor.fail("would give the pool of " + model.text() + " at '" + site.name + "' " + checked::format_count(gpus) +
                " GPUs, more than the " + std::to_string(limits::kMaxGpusPerPool) + " a pool may hold, got '" +
                factor.text() + "'");
  pool->gpus = checked::narrow<int>(gpus, factor.path(), 1, limits::kMaxGpusPerPool);
}

void set_link(Layout& layout, const ConfigNode& node) {
  node.expect_keys({"between", "bandwidth", "latency"});
  Link& link = layout.links[static_cast<std::size_t>(link_named(layout, node.required("between")))];
  if (!node.has("bandwidth") && !node.has("latency")) node.fail("give a new bandwidth, latency or both");
  if (node.has("bandwidth")) link.bandwidth_bps = node.child("bandwidth").as_bandwidth_bps();
  if (node.has("latency")) {
    const ConfigNode latency = node.child("latency");
    if (latency.text() == "auto") {
      link.latency_source = LatencySource::AUTO;
    } else {
      link.latency_source = LatencySource::GIVEN;
      link.latency_s = latency.as_duration_s();
    }
    derive_link_latency(link, layout.parameters);
  }
}

/// `set_energy: {site: NAME, electricity: {...}, pue: ...}`: the site's electricity mapping is
/// replaced as a whole (read as in a layout, e.g. `tariff: ndrc-2021`); its PUE only if given.
void set_energy(Layout& layout, const ConfigNode& node) {
  node.expect_keys({"site", "electricity", "pue"});
  Site& site = layout.sites[static_cast<std::size_t>(site_named(layout, node.required("site")))];
  if (!node.has("electricity") && !node.has("pue")) node.fail("give a new electricity mapping, pue or both");
  const SiteEnergy given = parse_site_energy(node.child("pue"), node.child("electricity"), site.province);
  if (node.has("electricity")) {
    const PueProfile pue = site.energy.pue;
    site.energy = given;
    site.energy.pue = pue;
  }
  if (node.has("pue")) site.energy.pue = given.pue;
  site.pue = site.energy.pue.mean();
}

void add_link(Layout& layout, const ConfigNode& node) { layout.links.push_back(parse_link_entry(node, layout)); }

void cut_link(Layout& layout, const ConfigNode& node) {
  layout.links.erase(layout.links.begin() + link_named(layout, node));
}

}  // namespace

bool is_layout_overlay(const ConfigNode& node) { return node.is_map() && node.has("base"); }

Layout apply_layout_patch(Layout layout, const ConfigNode& patch) {
  using Edit = void (*)(Layout&, const ConfigNode&);
  static const std::pair<const char*, Edit> kEdits[] = {{"add_site", add_site},   {"remove_site", remove_site},
                                                         {"scale_pool", scale_pool}, {"set_link", set_link},
                                                         {"add_link", add_link},   {"cut_link", cut_link},
                                                         {"set_energy", set_energy}};
  std::string names;
  for (const auto& [name, edit] : kEdits) names += (names.empty() ? "" : ", ") + std::string(name);
  for (const auto& entry : patch.elements()) {
    const auto items = entry.entries();
    if (items.size() != 1) entry.fail("each patch entry is exactly one edit (" + names + "), got '" + entry.text() + "'");
    const auto& [action, value] = items.front();
    Edit chosen = nullptr;
    for (const auto& [name, edit] : kEdits)
      if (action == name) chosen = edit;
    if (chosen == nullptr) value.fail("unknown edit '" + action + "' (valid edits: " + names + ")");
    chosen(layout, value);
    check_layout_size(layout, value);  // add_site and scale_pool may grow it past the bounds
  }
  return layout;
}

}  // namespace aicn::topology
