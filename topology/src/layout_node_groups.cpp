#include "layout_node_groups.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "aicn/topology/checked_number.hpp"
#include "aicn/topology/input_limits.hpp"

namespace aicn::topology {

using config::ConfigNode;

void parse_node_groups(const ConfigNode& node, GpuPool& pool) {
  if (node.has("gpus_per_server")) node.child("gpus_per_server").fail("give either nodes or gpus_per_server, not both");
  const ConfigNode list = node.child("nodes");
  if (list.elements().empty()) list.fail("must list at least one node shape");
  std::int64_t gpus = 0;
  pool.gpus_per_server = 1;
  for (const ConfigNode& item : list.elements()) {
    item.expect_keys({"count", "gpus", "cpus", "memory"});
    NodeGroup group;
    group.count = item.required("count").as_integer(1, limits::kMaxGpusPerPool);
    group.gpus = item.required("gpus").as_integer(0, limits::kMaxGpusPerServer);  // 0: a CPU-only node
    if (item.has("cpus")) {
      const ConfigNode cpus = item.child("cpus");
      const auto milli = checked::to_integer<std::int64_t>(std::round(cpus.as_double() * 1000.0), 1, std::int64_t{1} << 40);
      if (!milli) cpus.fail("must be a number of cores from 0.001 to 1e9, got '" + cpus.text() + "'");
      group.cpu_milli = *milli;
    }
    if (item.has("memory")) {
      const ConfigNode memory = item.child("memory");
      const auto mib = checked::to_integer<std::int64_t>(std::round(memory.as_bytes() / 1048576.0), 1, std::int64_t{1} << 40);
      if (!mib) memory.fail("must be a size from 1 MiB to 1 EiB, got '" + memory.text() + "'");
      group.memory_mib = *mib;
    }
    gpus += std::int64_t{group.count} * group.gpus;
    if (gpus > limits::kMaxGpusPerPool)
      item.fail("the pool's nodes hold more than " + std::to_string(limits::kMaxGpusPerPool) + " GPUs");
    pool.gpus_per_server = std::max(pool.gpus_per_server, group.gpus);
    pool.nodes.push_back(group);
  }
  pool.gpus = static_cast<int>(gpus);
  if (pool.gpus == 0) list.fail("a pool's nodes need at least one GPU");
  if (node.has("gpus") && node.child("gpus").as_integer(1, limits::kMaxGpusPerPool) != pool.gpus)
    node.child("gpus").fail("must equal the GPUs of its nodes (" + std::to_string(pool.gpus) + "), got '" +
                            node.child("gpus").text() + "'");
}

}  // namespace aicn::topology
