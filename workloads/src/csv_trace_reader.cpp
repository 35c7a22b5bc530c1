#include "aicn/workloads/csv_trace_reader.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <vector>

namespace aicn::workloads {
namespace {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  std::string field;
  while (std::getline(stream, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

}  // namespace

CsvTraceReader::CsvTraceReader(const std::string& path, const SourceContext& context)
    : path_(path), context_(context), in_(path) {
  if (!in_) throw config::ConfigError(path + ": cannot open job trace");
  std::string header;
  while (std::getline(in_, header)) {
    ++line_number_;
    if (!header.empty() && header[0] != '#') break;
  }
  if (!header.empty() && header.back() == '\r') header.pop_back();
  if (header != kHeader) fail("header", "expected the header '" + std::string(kHeader) + "', got '" + header + "'");
}

void CsvTraceReader::fail(const std::string& column, const std::string& message) const {
  throw config::ConfigError(path_ + ":" + std::to_string(line_number_) + ": " + column + ": " + message);
}

std::optional<Job> CsvTraceReader::next() {
  if (context_.max_jobs != 0 && emitted_ >= context_.max_jobs) return std::nullopt;
  std::string line;
  while (std::getline(in_, line)) {
    ++line_number_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const auto fields = split_csv_line(line);
    if (fields.size() != 9) fail("line", "expected 9 comma-separated fields, got " + std::to_string(fields.size()));
    auto number = [&](std::size_t index, const char* column) {
      double value = 0.0;
      const std::string& text = fields[index];
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value))
        fail(column, "expected a number, got '" + text + "'");
      return value;
    };
    Job job;
    job.id = static_cast<std::uint64_t>(number(0, "id"));
    if (fields[1] != "training") fail("kind", "unknown job kind '" + fields[1] + "' (valid kinds: training)");
    job.origin_hub = context_.layout->hub_index(fields[2]);
    if (job.origin_hub < 0) fail("origin_hub", "unknown hub '" + fields[2] + "' in this layout");
    if (context_.layout->home_site(job.origin_hub) < 0)
      fail("origin_hub", "hub '" + fields[2] + "' has no site, so its data has nowhere to live");
    job.submit_s = number(3, "submit_s");
    if (job.submit_s < last_submit_s_) fail("submit_s", "submit times must not decrease, got '" + fields[3] + "'");
    if (job.submit_s < 0) fail("submit_s", "must not be negative, got '" + fields[3] + "'");
    last_submit_s_ = job.submit_s;
    if (context_.horizon_s > 0.0 && job.submit_s >= context_.horizon_s) return std::nullopt;
    job.gpu_model = topology::find_gpu_model(fields[4]);
    if (job.gpu_model < 0)
      fail("gpu_model", "unknown GPU model '" + fields[4] + "' (known models: " + topology::gpu_model_names() + ")");
    const double gpus = number(5, "gpus");
    if (gpus < 1 || gpus != std::floor(gpus)) fail("gpus", "must be a positive integer, got '" + fields[5] + "'");
    job.gpus = static_cast<int>(gpus);
    job.flops = number(6, "flops");
    if (job.flops <= 0) fail("flops", "must be positive, got '" + fields[6] + "'");
    job.utilisation = number(7, "utilisation");
    if (job.utilisation <= 0 || job.utilisation > 1) fail("utilisation", "must be in (0, 1], got '" + fields[7] + "'");
    job.dataset_bytes = number(8, "dataset_bytes");
    if (job.dataset_bytes < 0) fail("dataset_bytes", "must not be negative, got '" + fields[8] + "'");
    ++emitted_;
    return job;
  }
  return std::nullopt;
}

void register_csv_trace_source(SourceRegistry& registry) {
  registry.add("aicn-csv", "replay a job trace in AICN's CSV format (see csv_trace_reader.hpp)",
               [](const config::ConfigNode& spec, const SourceContext& context) -> std::unique_ptr<JobSource> {
                 spec.expect_keys({"source", "path"});
                 const config::ConfigNode path_node = spec.required("path");
                 std::filesystem::path path(path_node.as_string());
                 if (path.is_relative() && !context.base_dir.empty()) path = std::filesystem::path(context.base_dir) / path;
                 if (!std::filesystem::exists(path)) path_node.fail("job trace '" + path.string() + "' does not exist");
                 return std::make_unique<CsvTraceReader>(path.string(), context);
               });
}

}  // namespace aicn::workloads
