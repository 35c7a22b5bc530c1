#pragma once
// A layout pool's node shapes (`nodes:`), read by the layout loader.
#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout.hpp"

namespace aicn::topology {

/// `nodes: [{count: 100, gpus: 8, cpus: 96, memory: 512GiB}, ...]` of pool `node`: fills the
/// pool's `nodes`, `gpus` and `gpus_per_server` (the largest node); errors name the key.
void parse_node_groups(const config::ConfigNode& node, GpuPool& pool);

}  // namespace aicn::topology
