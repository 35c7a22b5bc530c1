#pragma once
/// @file csv_trace_reader.hpp
/// Source `aicn-csv`: AICN's own job trace format, read line by line. Any trace can be
/// converted into it. Columns (header line required, in this order):
///   id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes
/// e.g. `7,training,JJJ,3600,A100-80GB,64,1.2e21,0.45,4e10`. Lines starting with '#' are
/// comments. Submit times must not decrease.
#include <fstream>
#include <string>

#include "aicn/workloads/job_source.hpp"

namespace aicn::workloads {

class CsvTraceReader final : public JobSource {
 public:
  static constexpr const char* kHeader = "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes";

  CsvTraceReader(const std::string& path, const SourceContext& context);
  std::optional<Job> next() override;

 private:
  [[noreturn]] void fail(const std::string& column, const std::string& message) const;

  std::string path_;
  SourceContext context_;
  std::ifstream in_;
  std::size_t line_number_ = 0;
  std::uint64_t emitted_ = 0;
  double last_submit_s_ = 0.0;
};

void register_csv_trace_source(SourceRegistry& registry);

}  // namespace aicn::workloads
