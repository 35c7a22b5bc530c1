#pragma once
/// @file job_source.hpp
/// A stream of jobs in submit order. Sources are pulled one job at a time so that a
/// ten-million-job workload is never held in memory.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout.hpp"
#include "aicn/topology/registry.hpp"
#include "aicn/workloads/job.hpp"
#include "aicn/workloads/trace_options.hpp"

namespace aicn::workloads {

class JobSource {
 public:
  virtual ~JobSource() = default;
  /// The next job (submit times never decrease), or nothing when the stream has ended.
  virtual std::optional<Job> next() = 0;
  /// Trace readers: lines read, skipped as malformed, filtered out; nothing for generators.
  virtual const ReaderCounts* reader_counts() const { return nullptr; }
};

/// What every source needs to know about the scenario it feeds.
struct SourceContext {
  const topology::Layout* layout = nullptr;
  std::uint64_t seed = 1;
  double horizon_s = 0.0;       ///< no job is submitted at or after the horizon
  std::uint64_t max_jobs = 0;   ///< 0 = unlimited
  std::string base_dir;         ///< for relative trace paths
};

/// What a source factory is given: its `workload:` spec (it checks its own keys) and the scenario.
struct SourceRequest {
  const config::ConfigNode& spec;
  const SourceContext& context;
};

/// Facts about a source beyond its name and description.
struct SourceInfo {
  bool reads_trace = false;  ///< replays a file (takes `path`, `skip_bad`), rather than generating
};

/// Workload sources by name (`workload: {source: NAME, ...}`), the way policies are registered.
class SourceRegistry final : public registry::Registry<JobSource, SourceRequest, SourceInfo> {
 public:
  static SourceRegistry& instance();
  /// Builds the source the spec's `source` key names; an unknown name fails at its line,
  /// listing the valid ones.
  std::unique_ptr<JobSource> create(const config::ConfigNode& spec, const SourceContext& context) const;

 private:
  SourceRegistry() : Registry("workload source") {}
};

}  // namespace aicn::workloads

/// Registers a workload source from its own file. The factory (the last argument) is callable as
/// factory(const config::ConfigNode& spec, const SourceContext& context) -> std::unique_ptr<JobSource>;
/// `info` is a SourceInfo.
#define AICN_REGISTER_SOURCE(name, description, info, ...)                                                \
  namespace {                                                                                          \
  [[maybe_unused]] const bool AICN_REGISTRY_CONCAT(aicn_source_registered_, __LINE__) =                \
      ::aicn::workloads::SourceRegistry::instance().add(                                               \
          {name, description, {},                                                                      \
           [](const ::aicn::workloads::SourceRequest& request) -> std::unique_ptr<::aicn::workloads::JobSource> { \
             return (__VA_ARGS__)(request.spec, request.context);                                        \
           },                                                                                          \
           info});                                                                                     \
  }
