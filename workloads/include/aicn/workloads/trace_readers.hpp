#pragma once
/// @file trace_readers.hpp
/// Readers of public traces, registered as workload sources (formats in README, Workloads):
///   swf       Standard Workload Format (Parallel Workloads Archive), .swf or .swf.gz
///   openb     Alibaba openb GPU pods (cluster-trace-gpu-v2023), whole or shared GPUs
///   mooncake  Mooncake (Kimi) request trace, JSONL, aggregated into token demand, or (mode:
///             requests) a persistent deployment serving each request (serving_plan.hpp)
///   azure-llm Azure LLM inference trace 2023, CSV, aggregated into token demand
/// Every reader streams its file, takes the shared TraceOptions (origins, time_scale,
/// time_shift, skip_bad) and names file and line in every error.
#include <string>
#include <vector>

#include "aicn/topology/layout.hpp"
#include "aicn/workloads/job_source.hpp"
#include "aicn/workloads/serving_model.hpp"
#include "aicn/workloads/trace_options.hpp"

namespace aicn::workloads {

/// Token demand in fixed intervals: tokens[i] arrived in [i x interval, (i+1) x interval)
/// of trace time (relative to the first request).
struct TokenDemandSeries {
  double interval_s = 60.0;
  std::vector<double> tokens;
  std::uint64_t requests = 0;
  double total() const;
};

/// Aggregates a Mooncake JSONL trace (timestamp in ms, input_length, output_length): each
/// request adds input + output tokens to the interval of its timestamp.
TokenDemandSeries read_mooncake_demand(const std::string& path, double interval_s, bool skip_bad, ReaderCounts& counts);
/// Aggregates an Azure LLM inference CSV (TIMESTAMP, ContextTokens, GeneratedTokens).
TokenDemandSeries read_azure_demand(const std::string& path, double interval_s, bool skip_bad, ReaderCounts& counts);

/// Every request of a Mooncake JSONL trace (arrival relative to the first, user_hub -1), in arrival order.
std::vector<ServingRequest> read_mooncake_requests(const std::string& path, bool skip_bad, ReaderCounts& counts);
/// Every request of an Azure LLM inference CSV, as read_mooncake_requests.
std::vector<ServingRequest> read_azure_requests(const std::string& path, bool skip_bad, ReaderCounts& counts);

/// The openb node list (sn,cpu_milli,memory_mib,gpu,model) as one site: a pool per mapped
/// catalogue model holding all its GPUs, 8 per server (nodes with fewer GPUs are pooled:
/// the site is a capacity model, not a node-by-node replica). `model_map` maps openb model
/// names to catalogue ids; unmapped models go to `default_model`.
topology::Site read_openb_site(const std::string& path, const std::vector<std::pair<std::string, topology::GpuModelId>>& model_map,
                               topology::GpuModelId default_model, int& nodes, int& gpus);

/// The same list keeping every node's shape: a pool per mapped catalogue model whose `nodes`
/// count the servers of each (GPUs, CPU, memory) shape; CPU-only nodes join the first pool as
/// shapes of 0 GPUs. Only placement (node) pools use the CPU and memory figures.
topology::Site read_openb_site_nodes(const std::string& path,
                                     const std::vector<std::pair<std::string, topology::GpuModelId>>& model_map,
                                     topology::GpuModelId default_model, int& nodes, int& gpus);

}  // namespace aicn::workloads
