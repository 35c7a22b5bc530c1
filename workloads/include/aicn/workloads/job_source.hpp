#pragma once
/// @file job_source.hpp
/// A stream of jobs in submit order. Sources are pulled one job at a time so that a
/// ten-million-job workload is never held in memory.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout.hpp"
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

using SourceFactory = std::function<std::unique_ptr<JobSource>(const config::ConfigNode& spec, const SourceContext&)>;

/// Workload sources by name (`workload: {source: NAME, ...}`), the way policies are registered.
class SourceRegistry {
 public:
  struct Entry {
    std::string description;
    SourceFactory factory;
  };
  static SourceRegistry& instance();
  bool add(const std::string& name, const std::string& description, SourceFactory factory);
  /// Builds the source the spec names; an unknown name fails listing the valid ones.
  std::unique_ptr<JobSource> create(const config::ConfigNode& spec, const SourceContext& context) const;
  const std::map<std::string, Entry>& entries() const { return entries_; }

 private:
  std::map<std::string, Entry> entries_;
};

}  // namespace aicn::workloads
