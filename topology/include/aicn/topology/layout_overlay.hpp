#pragma once
/// @file layout_overlay.hpp
/// What-if edits of a base layout, written in a scenario instead of a copied layout file:
///
///   layout:
///     base: china-national            # built-in name or file
///     name: cn-no-wuhu                # optional; default "<base>+patch"
///     patch:
///       - remove_site: wuhu
///       - add_site: {name: ulanqab, hub: IM, lat: 41.0, lon: 113.1, pools: [{gpu: H800, gpus: 1024}]}
///       - scale_pool: {site: horinger, gpu: H800, factor: 2}      # or gpus: 8192
///       - set_link: {between: [zhangjiakou, horinger], bandwidth: 1.6Tbps}
///       - add_link: {between: [ulanqab, zhangjiakou], bandwidth: 800Gbps, latency: auto}
///       - cut_link: [tianfu, zhangjiakou]
///
/// Edits apply in order; each is validated like the layout file itself, and an error names the
/// patch entry (e.g. "layout.patch[3].cut_link") and the bad value.
#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout.hpp"

namespace aicn::topology {

/// Applies a `patch:` list to `layout` and returns the edited layout.
Layout apply_layout_patch(Layout layout, const config::ConfigNode& patch);

/// True when a scenario's `layout:` value is an overlay ({base: ..., patch: [...]}).
bool is_layout_overlay(const config::ConfigNode& node);

}  // namespace aicn::topology
