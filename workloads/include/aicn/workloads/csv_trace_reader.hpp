#pragma once
/// @file csv_trace_reader.hpp
/// Source `aicn-csv`: AICN's own job trace format, read line by line. Any trace can be
/// converted into it (`aicn workload generate` writes it). The header line is required and
/// starts with the nine original columns, in this order:
///   id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes
/// Optional columns may follow, in any order (absent ones take the Job defaults):
///   priority, gpu_milli, alternative_gpu_models ('|'-separated), duration_s, memory_bytes,
///   checkpoint_bytes, destination_hub, checkpoint_interval_s, latency_budget_s, dataset, base_model,
///   base_model_bytes, result_bytes, earliest_start_s, deadline_s (empty = none), interruptible (0/1)
/// e.g. `7,training,JJJ,3600,A100-80GB,64,1.2e21,0.45,4e10`. Lines starting with '#' are
/// comments. Submit times must not decrease. A data-transfer row has gpus 0, flops 0, an
/// empty gpu_model and a destination_hub.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "aicn/workloads/job_source.hpp"
#include "aicn/workloads/line_reader.hpp"
#include "aicn/workloads/trace_options.hpp"

namespace aicn::workloads {

class CsvTraceReader final : public JobSource {
 public:
  static constexpr const char* kHeader = "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes";

  CsvTraceReader(const std::string& path, const SourceContext& context, bool skip_bad = false);
  std::optional<Job> next() override;
  const ReaderCounts& counts() const { return counts_; }
  const ReaderCounts* reader_counts() const override { return &counts_; }

 private:
  /// Parses one data line; throws config::ConfigError naming the file, line and column.
  Job parse(const std::vector<std::string>& fields) const;

  SourceContext context_;
  LineReader in_;
  bool skip_bad_;
  std::vector<std::string> optional_columns_;
  ReaderCounts counts_;
  std::uint64_t emitted_ = 0;
  double last_submit_s_ = 0.0;
};

/// The full header `aicn workload generate` writes: the nine columns plus every optional one.
std::string csv_full_header();
/// One line of the full format for `job` (no newline); numbers round-trip exactly.
std::string csv_row(const Job& job, const topology::Layout& layout);

}  // namespace aicn::workloads
