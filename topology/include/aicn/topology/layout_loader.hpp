#pragma once
/// @file layout_loader.hpp
/// Reads layouts from YAML (a built-in name, a file, or an inline mapping) and writes the
/// resolved layout back as YAML. The format is documented in topology/layouts/tiny-3site.yaml.
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout.hpp"

namespace aicn::topology {

/// Builds and validates a layout from a YAML mapping; errors name the key path.
Layout parse_layout(const config::ConfigNode& node);
/// Resolves a scenario's `layout:` value: a built-in name, a path to a YAML file, an inline
/// layout, or an overlay {base: NAME_OR_FILE, patch: [...]} (see layout_overlay.hpp); a file
/// may hold an overlay too. Relative paths are taken relative to `base_dir`.
Layout resolve_layout(const config::ConfigNode& node, const std::string& base_dir);
/// Loads a built-in layout by name or a layout (or overlay) file by path.
Layout load_layout(const std::string& name_or_path);

/// Names of the layouts compiled into the binary (topology/layouts/*.yaml).
std::vector<std::string> builtin_layout_names();
/// The YAML text of a built-in layout, or an empty string.
std::string builtin_layout_text(const std::string& name);

/// Refuses, naming `node`, a layout beyond limits::kMaxSites sites or kMaxGpusPerLayout GPUs
/// (checked after loading and after every overlay edit).
void check_layout_size(const Layout& layout, const config::ConfigNode& node);

/// One `sites:` entry, checked against `layout` (its hubs); the duplicate-name check is the caller's.
Site parse_site_entry(const config::ConfigNode& node, const Layout& layout);
/// One `links:` entry, checked against `layout` (its sites, its existing links, its parameters).
Link parse_link_entry(const config::ConfigNode& node, const Layout& layout);
/// Sets a link's latency (and route length) from its LatencySource and the layout parameters.
void derive_link_latency(Link& link, const LayoutParameters& parameters);

/// The layout with every derived value filled in (latencies in seconds, bandwidths in bps).
YAML::Node layout_to_yaml(const Layout& layout);

}  // namespace aicn::topology
