#include "aicn/workloads/csv_trace_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "aicn/topology/checked_number.hpp"
#include "aicn/topology/input_limits.hpp"

namespace aicn::workloads {
namespace {

const std::vector<std::string> kOptionalColumns{"priority",     "gpu_milli",        "alternative_gpu_models",
                                                "duration_s",   "memory_bytes",     "checkpoint_bytes",
                                                "destination_hub", "checkpoint_interval_s", "latency_budget_s",
                                                "dataset",      "base_model",       "base_model_bytes",
                                                "result_bytes", "earliest_start_s", "deadline_s",
                                                "interruptible"};

std::string format_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator)) parts.push_back(part);
  return parts;
}

}  // namespace

CsvTraceReader::CsvTraceReader(const std::string& path, const SourceContext& context, bool skip_bad)
    : context_(context), in_(path), skip_bad_(skip_bad) {
  std::string header;
  bool found = false;
  while (in_.next(header)) {
    if (!header.empty() && header[0] != '#') {
      found = true;
      break;
    }
  }
  const std::string required = kHeader;
  if (!found || header.compare(0, required.size(), required) != 0 ||
      (header.size() > required.size() && header[required.size()] != ','))
    throw config::ConfigError(in_.where() + "header: expected the header '" + required +
                              "' (optionally followed by more columns), got '" + header + "'");
  const auto columns = split_csv(header, in_);
  for (std::size_t i = 9; i < columns.size(); ++i) {
    if (std::find(kOptionalColumns.begin(), kOptionalColumns.end(), columns[i]) == kOptionalColumns.end())
      throw config::ConfigError(in_.where() + "header: unknown column '" + columns[i] + "'");
    if (std::find(optional_columns_.begin(), optional_columns_.end(), columns[i]) != optional_columns_.end())
      throw config::ConfigError(in_.where() + "header: column '" + columns[i] + "' appears twice");
    optional_columns_.push_back(columns[i]);
  }
}

Job CsvTraceReader::parse(const std::vector<std::string>& fields) const {
  auto fail = [&](const std::string& column, const std::string& message) {
    throw config::ConfigError(in_.where() + column + ": " + message);
  };
  const std::size_t expected = 9 + optional_columns_.size();
  if (fields.size() != expected)
    fail("line", "expected " + std::to_string(expected) + " comma-separated fields, got " + std::to_string(fields.size()));
  auto number = [&](const std::string& text, const std::string& column) {
    const auto value = parse_finite_number(text);
    if (!value) fail(column, "expected a number, got '" + text + "'");
    return *value;
  };
  // A whole number within [lo, hi] (as a double, so "64" and "6.4e1" both read as 64).
  auto whole = [&]<typename T>(const std::string& text, const std::string& column, T lo, T hi) {
    const auto value = checked::to_integer<T>(number(text, column), lo, hi);
    if (!value) fail(column, "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got '" + text + "'");
    return *value;
  };
  auto hub = [&](const std::string& name, const std::string& column) {
    if (const std::string problem = origin_hub_problem(*context_.layout, name); !problem.empty()) fail(column, problem);
    return context_.layout->hub_index(name);
  };
  auto model = [&](const std::string& name, const std::string& column) {
    const auto id = topology::find_gpu_model(name);
    if (id < 0) fail(column, "unknown GPU model '" + name + "' (known models: " + topology::gpu_model_names() + ")");
    return id;
  };
  Job job;
  // Ids are read as numbers; above 2^53 a double no longer tells neighbouring ids apart.
  job.id = whole(fields[0], "id", std::uint64_t{0}, std::uint64_t{1} << 53);
  const auto kind = parse_job_kind(fields[1]);
  if (!kind) fail("kind", "unknown job kind '" + fields[1] + "' (valid kinds: " + std::string(job_kind_names()) + ")");
  job.kind = *kind;
  job.origin_hub = hub(fields[2], "origin_hub");
  job.submit_s = number(fields[3], "submit_s");
  if (job.submit_s < 0) fail("submit_s", "must not be negative, got '" + fields[3] + "'");
  if (job.submit_s < last_submit_s_) fail("submit_s", "submit times must not decrease, got '" + fields[3] + "'");
  if (job.is_compute()) {
    job.gpu_model = model(fields[4], "gpu_model");
    job.gpus = whole(fields[5], "gpus", 1, limits::kMaxGpusPerJob);
  } else if (number(fields[5], "gpus") != 0) {
    fail("gpus", "a data transfer holds no GPUs, got '" + fields[5] + "'");
  } else {
    job.gpus = 0;
  }
  job.flops = number(fields[6], "flops");
  job.utilisation = number(fields[7], "utilisation");
  if (job.utilisation <= 0 || job.utilisation > 1) fail("utilisation", "must be in (0, 1], got '" + fields[7] + "'");
  job.dataset_bytes = number(fields[8], "dataset_bytes");
  if (job.dataset_bytes < 0) fail("dataset_bytes", "must not be negative, got '" + fields[8] + "'");
  for (std::size_t i = 0; i < optional_columns_.size(); ++i) {
    const std::string& column = optional_columns_[i];
    const std::string& text = fields[9 + i];
    if (text.empty()) continue;
    if (column == "priority") {
      job.priority = whole(text, column, std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
    } else if (column == "gpu_milli") {
      job.gpu_milli = whole(text, column, 1, kMilliPerGpu);
    } else if (column == "alternative_gpu_models") {
      for (const auto& name : split(text, '|')) job.alternative_gpu_models.push_back(model(name, column));
    } else if (column == "duration_s") {
      job.duration_s = number(text, column);
      if (job.duration_s < 0) fail(column, "must not be negative, got '" + text + "'");
    } else if (column == "memory_bytes") {
      job.memory_bytes = number(text, column);
      if (job.memory_bytes < 0) fail(column, "must not be negative, got '" + text + "'");
    } else if (column == "checkpoint_bytes") {
      job.checkpoint_bytes = number(text, column);
      if (job.checkpoint_bytes < 0) fail(column, "must not be negative, got '" + text + "'");
    } else if (column == "checkpoint_interval_s") {
      job.checkpoint_interval_s = number(text, column);
      if (job.checkpoint_interval_s < 0) fail(column, "must not be negative, got '" + text + "'");
    } else if (column == "latency_budget_s") {
      job.latency_budget_s = number(text, column);
      if (job.latency_budget_s < 0) fail(column, "must not be negative, got '" + text + "'");
    } else if (column == "destination_hub") {
      job.destination_hub = hub(text, column);
    } else if (column == "dataset") {
      job.dataset = text;
    } else if (column == "base_model") {
      job.base_model = text;
    } else if (column == "earliest_start_s") {
      job.earliest_start_s = number(text, column);
      if (job.earliest_start_s < 0) fail(column, "must not be negative, got '" + text + "'");
    } else if (column == "deadline_s") {
      job.deadline_s = number(text, column);  // empty = no deadline (skipped above)
    } else if (column == "interruptible") {
      if (text == "1" || text == "true") {
        job.interruptible = true;
      } else if (text != "0" && text != "false") {
        fail(column, "must be 0, 1, true or false, got '" + text + "'");
      }
    } else if (column == "base_model_bytes" || column == "result_bytes") {
      const double bytes = number(text, column);
      if (bytes < 0) fail(column, "must not be negative, got '" + text + "'");
      (column == "result_bytes" ? job.result_bytes : job.base_model_bytes) = bytes;
    }
  }
  if (job.gpu_milli < kMilliPerGpu && job.gpus != 1) fail("gpu_milli", "a GPU share needs gpus = 1");
  if (job.is_compute() && job.flops <= 0 && job.duration_s <= 0)
    fail("flops", "must be positive (or give a duration_s), got '" + fields[6] + "'");
  if (!job.is_compute() && job.destination_hub < 0) fail("destination_hub", "a data transfer needs a destination hub");
  if (!job.is_compute() && (job.interruptible || job.has_deadline() || job.earliest_start_s > 0))
    fail("deadline_s", "a data transfer takes no earliest start, deadline or interruptible flag");
  if (job.has_deadline() && !(job.deadline_s > std::max(job.submit_s, job.earliest_start_s)))
    fail("deadline_s", "must be after the submit time and the earliest start, got '" +
                           format_number(job.deadline_s) + "' (submit_s " + format_number(job.submit_s) +
                           ", earliest_start_s " + format_number(job.earliest_start_s) + ")");
  if (job.base_model_bytes > 0 && job.base_model.empty())
    fail("base_model_bytes", "a base model's bytes need its name in column base_model");
  return job;
}

std::optional<Job> CsvTraceReader::next() {
  if (context_.max_jobs != 0 && emitted_ >= context_.max_jobs) return std::nullopt;
  std::string line;
  while (in_.next(line)) {
    if (line.empty() || line[0] == '#') continue;
    ++counts_.lines_read;
    Job job;
    try {
      job = parse(split_csv(line, in_));
    } catch (const config::ConfigError&) {
      if (!skip_bad_) throw;
      ++counts_.bad_lines;
      continue;
    }
    last_submit_s_ = job.submit_s;
    if (context_.horizon_s > 0.0 && job.submit_s >= context_.horizon_s) return std::nullopt;
    ++emitted_;
    return job;
  }
  return std::nullopt;
}

std::string csv_full_header() {
  std::string header = CsvTraceReader::kHeader;
  for (const auto& column : kOptionalColumns) {
    header += ',';
    header += column;
  }
  return header;
}

std::string csv_row(const Job& job, const topology::Layout& layout) {
  auto hub_name = [&](int hub) { return hub >= 0 ? layout.hubs[static_cast<std::size_t>(hub)].name : std::string(); };
  std::string alternatives;
  for (const auto model : job.alternative_gpu_models) {
    if (!alternatives.empty()) alternatives += '|';
    alternatives += topology::gpu_model(model).name;
  }
  const bool share = is_gpu_share(job.gpus, job.gpu_milli);
  const std::vector<std::string> fields{std::to_string(job.id),
                                        std::string(job_kind_name(job.kind)),
                                        hub_name(job.origin_hub),
                                        format_number(job.submit_s),
                                        job.gpu_model >= 0 ? topology::gpu_model(job.gpu_model).name : std::string(),
                                        std::to_string(job.gpus),
                                        format_number(job.flops),
                                        format_number(job.utilisation),
                                        format_number(job.dataset_bytes),
                                        std::to_string(job.priority),
                                        share ? std::to_string(job.gpu_milli) : std::string(),
                                        alternatives,
                                        format_number(job.duration_s),
                                        format_number(job.memory_bytes),
                                        format_number(job.checkpoint_bytes),
                                        hub_name(job.destination_hub),
                                        format_number(job.checkpoint_interval_s),
                                        format_number(job.latency_budget_s),
                                        job.dataset,
                                        job.base_model,
                                        format_number(job.base_model_bytes),
                                        format_number(job.result_bytes),
                                        format_number(job.earliest_start_s),
                                        job.has_deadline() ? format_number(job.deadline_s) : std::string(),
                                        job.interruptible ? "1" : "0"};
  std::string row;
  for (const auto& field : fields) {
    if (!row.empty() || &field != &fields.front()) row += ',';
    row += field;
  }
  return row;
}

// Registered by name; nothing else refers to this source (job_source.hpp).
AICN_REGISTER_SOURCE("aicn-csv", "replay a job trace in AICN's CSV format (docs/workloads.md)", SourceInfo{true},
             [](const config::ConfigNode& spec, const SourceContext& context) -> std::unique_ptr<JobSource> {
               spec.expect_keys({"source", "path", "skip_bad"});
               const std::string path = resolve_trace_path(spec.required("path"), context.base_dir);
               const bool skip_bad = spec.has("skip_bad") && spec.child("skip_bad").as_bool();
               return std::make_unique<CsvTraceReader>(path, context, skip_bad);
             })

}  // namespace aicn::workloads
