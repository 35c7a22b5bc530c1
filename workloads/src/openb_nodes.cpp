// The openb node list as a site that keeps every node's shape (`aicn workload openb-site`).
#include <algorithm>
#include <map>
#include <tuple>

#include "aicn/topology/checked_number.hpp"
#include "aicn/topology/config_node.hpp"
#include "aicn/topology/input_limits.hpp"
#include "aicn/workloads/line_reader.hpp"
#include "aicn/workloads/trace_readers.hpp"
#include "trace_reader_rules.hpp"

namespace aicn::workloads {

using config::ConfigError;
using trace_rules::parse_number;

topology::Site read_openb_site_nodes(const std::string& path,
                                     const std::vector<std::pair<std::string, topology::GpuModelId>>& model_map,
                                     topology::GpuModelId default_model, int& nodes, int& gpus) {
  LineReader in(path);
  std::string line;
  if (!in.next(line) || !line.starts_with("sn,cpu_milli,memory_mib,gpu,model"))
    throw ConfigError(in.where() + "header: expected 'sn,cpu_milli,memory_mib,gpu,model'");
  // Per catalogue model (-1: CPU-only nodes), the node count per shape (GPUs, CPU, memory).
  std::map<topology::GpuModelId, std::map<std::tuple<int, std::int64_t, std::int64_t>, int>> shapes;
  nodes = 0;
  gpus = 0;
  const auto whole = [&](const std::string& text, const char* column, std::int64_t hi) {
    const auto value = checked::to_integer<std::int64_t>(parse_number(text, in, column), 0, hi);
    if (!value)
      throw ConfigError(in.where() + column + ": must be a whole number from 0 to " + std::to_string(hi) + ", got '" + text + "'");
    return *value;
  };
  while (in.next(line)) {
    if (line.empty()) continue;
    const auto fields = split_csv(line, in);
    if (fields.size() != 5) throw ConfigError(in.where() + "line: expected 5 comma-separated fields, got " + std::to_string(fields.size()));
    const std::int64_t cpu = whole(fields[1], "cpu_milli", std::int64_t{1} << 40);
    const std::int64_t memory = whole(fields[2], "memory_mib", std::int64_t{1} << 40);
    const int count = static_cast<int>(whole(fields[3], "gpu", limits::kMaxGpusPerServer));
    ++nodes;
    topology::GpuModelId model = -1;
    if (count > 0) {
      model = default_model;
      for (const auto& [openb, mapped] : model_map)
        if (openb == fields[4]) model = mapped;
    }
    if (static_cast<std::int64_t>(gpus) + count > limits::kMaxGpusPerPool)
      throw ConfigError(in.where() + "gpu: the node list holds more than " + std::to_string(limits::kMaxGpusPerPool) + " GPUs");
    gpus += count;
    ++shapes[model][{count, cpu, memory}];
  }
  topology::Site site;
  site.name = "openb";
  for (const auto& [model, by_shape] : shapes) {
    if (model < 0) continue;
    topology::GpuPool pool;
    pool.gpu_model = model;
    pool.gpus_per_server = 1;
    for (const auto& [shape, count] : by_shape) {
      const auto [node_gpus, cpu, memory] = shape;
      pool.nodes.push_back(topology::NodeGroup{count, cpu, memory, node_gpus});
      pool.gpus += count * node_gpus;
      pool.gpus_per_server = std::max(pool.gpus_per_server, node_gpus);
    }
    site.pools.push_back(std::move(pool));
  }
  if (site.pools.empty()) throw ConfigError(path + ": the node list has no GPU node");
  // CPU-only nodes join the first pool as shapes of 0 GPUs: the site is one cluster, and
  // CPU-only pods may run on them (or on the CPUs of GPU nodes).
  if (auto cpu_only = shapes.find(-1); cpu_only != shapes.end())
    for (const auto& [shape, count] : cpu_only->second)
      site.pools.front().nodes.push_back(topology::NodeGroup{count, std::get<1>(shape), std::get<2>(shape), 0});
  return site;
}

}  // namespace aicn::workloads
