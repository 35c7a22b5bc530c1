#include "aicn/workloads/trace_readers.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <iomanip>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

#include "aicn/workloads/job_classes.hpp"
#include "aicn/workloads/line_reader.hpp"

namespace aicn::workloads {
namespace {

using config::ConfigError;
using config::ConfigNode;

double parse_number(const std::string& text, const LineReader& in, const std::string& column) {
  std::string_view field(text);
  while (!field.empty() && field.front() == ' ') field.remove_prefix(1);  // SWF pads with spaces
  const auto value = parse_finite_number(field);
  if (!value) throw ConfigError(in.where() + column + ": expected a number, got '" + text + "'");
  return *value;
}

std::vector<std::string> split_on(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator))
    if (!part.empty()) parts.push_back(part);
  return parts;
}

topology::GpuModelId default_model(const topology::Layout& layout) {
  const auto a100 = topology::find_gpu_model("A100-80GB");
  for (const auto& site : layout.sites)
    for (const auto& pool : site.pools)
      if (pool.gpu_model == a100) return a100;
  for (const auto& site : layout.sites)
    if (!site.pools.empty()) return site.pools.front().gpu_model;
  return a100;
}

topology::GpuModelId parse_model(const ConfigNode& node) {
  const auto model = topology::find_gpu_model(node.as_string());
  if (model < 0) node.fail("unknown GPU model '" + node.text() + "' (known models: " + topology::gpu_model_names() + ")");
  return model;
}

/// Base of the line-per-job readers: origin draws, time mapping, horizon and max_jobs.
class ReplayReader : public JobSource {
 public:
  ReplayReader(const std::string& path, TraceOptions options, const SourceContext& context)
      : in_(path),
        options_(std::move(options)),
        context_(context),
        origins_(make_stream(context.seed, "trace/origins")),
        origin_cumulative_(cumulative_weights(options_.origin_weights)) {}

  std::optional<Job> next() override {
    if (context_.max_jobs != 0 && emitted_ >= context_.max_jobs) return std::nullopt;
    std::string line;
    while (in_.next(line)) {
      std::optional<Job> job;
      try {
        job = parse_line(line);
      } catch (const ConfigError&) {
        if (!options_.skip_bad) throw;
        ++counts_.bad_lines;
        continue;
      }
      if (!job) continue;
      job->submit_s = options_.map_time(job->submit_s);
      if (job->submit_s < last_submit_s_)
        throw ConfigError(in_.where() + "submit times must not decrease (" + std::to_string(job->submit_s) + " after " +
                          std::to_string(last_submit_s_) + ")");
      last_submit_s_ = job->submit_s;
      if (job->submit_s < 0) {  // shifted before time 0
        ++counts_.filtered;
        continue;
      }
      if (context_.horizon_s > 0.0 && job->submit_s >= context_.horizon_s) return std::nullopt;
      job->origin_hub = options_.origin_weights[draw_weighted(origins_, origin_cumulative_)].first;
      if (job->duration_s > 0) job->duration_s *= options_.time_scale;
      job->id = emitted_++;
      return job;
    }
    return std::nullopt;
  }

  const ReaderCounts* reader_counts() const override { return &counts_; }

 protected:
  /// A job in trace time (origin and id are set by next()), nothing for a line that holds no
  /// job (comments, headers, filtered rows); throws ConfigError for a malformed line.
  virtual std::optional<Job> parse_line(const std::string& line) = 0;

  LineReader in_;
  TraceOptions options_;
  SourceContext context_;
  ReaderCounts counts_;

 private:
  RandomEngine origins_;
  std::vector<double> origin_cumulative_;
  std::uint64_t emitted_ = 0;
  double last_submit_s_ = -1e300;
};

/// Standard Workload Format: ';' comment lines, then 18 whitespace-separated numbers per job.
class SwfReader final : public ReplayReader {
 public:
  SwfReader(const std::string& path, TraceOptions options, const SourceContext& context, topology::GpuModelId model,
            double procs_per_gpu, JobKind kind)
      : ReplayReader(path, std::move(options), context), model_(model), procs_per_gpu_(procs_per_gpu), kind_(kind) {}

 private:
  std::optional<Job> parse_line(const std::string& line) override {
    if (line.empty() || line[0] == ';' || line.find_first_not_of(" \t") == std::string::npos) return std::nullopt;
    ++counts_.lines_read;
    std::istringstream stream(line);
    std::vector<std::string> fields;
    for (std::string field; stream >> field;) fields.push_back(field);
    if (fields.size() != 18)
      throw ConfigError(in_.where() + "line: expected 18 SWF fields, got " + std::to_string(fields.size()));
    const double submit = parse_number(fields[1], in_, "submit time (field 2)");
    double run = parse_number(fields[3], in_, "run time (field 4)");
    double procs = parse_number(fields[4], in_, "allocated processors (field 5)");
    if (procs <= 0) procs = parse_number(fields[7], in_, "requested processors (field 8)");
    if (procs <= 0) throw ConfigError(in_.where() + "processors: neither allocated nor requested processors are given");
    if (run <= 0) run = parse_number(fields[8], in_, "requested time (field 9)");
    Job job;
    job.kind = kind_;
    job.submit_s = submit;
    job.gpu_model = model_;
    job.gpus = std::max(1, static_cast<int>(std::ceil(procs / procs_per_gpu_ - 1e-9)));
    job.duration_s = std::max(run, 1.0);  // unknown or zero run times count as one second
    job.flops = 0.0;
    return job;
  }

  topology::GpuModelId model_;
  double procs_per_gpu_;
  JobKind kind_;
};

/// Alibaba openb pods: name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,
/// creation_time,deletion_time,scheduled_time.
class OpenbReader final : public ReplayReader {
 public:
  OpenbReader(const std::string& path, TraceOptions options, const SourceContext& context,
              std::vector<std::pair<std::string, topology::GpuModelId>> model_map, topology::GpuModelId fallback)
      : ReplayReader(path, std::move(options), context), model_map_(std::move(model_map)), fallback_(fallback) {
    std::string header;
    if (!in_.next(header) || !header.starts_with("name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time"))
      throw ConfigError(in_.where() + "header: expected an openb pod list header "
                                      "(name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time)");
  }

 private:
  topology::GpuModelId map_model(const std::string& name) const {
    for (const auto& [openb, model] : model_map_)
      if (openb == name) return model;
    return fallback_;
  }

  std::optional<Job> parse_line(const std::string& line) override {
    if (line.empty()) return std::nullopt;
    ++counts_.lines_read;
    const auto fields = split_csv(line);
    if (fields.size() != 11) throw ConfigError(in_.where() + "line: expected 11 comma-separated fields, got " + std::to_string(fields.size()));
    const double num_gpu = parse_number(fields[3], in_, "num_gpu");
    const double created = parse_number(fields[8], in_, "creation_time");
    const double deleted = parse_number(fields[9], in_, "deletion_time");
    const double scheduled = fields[10].empty() ? created : parse_number(fields[10], in_, "scheduled_time");
    if (num_gpu < 0 || num_gpu != std::floor(num_gpu)) throw ConfigError(in_.where() + "num_gpu: must be a whole number, got '" + fields[3] + "'");
    if (num_gpu == 0) {  // CPU-only pods: AICN models GPUs only
      ++counts_.filtered;
      return std::nullopt;
    }
    Job job;
    job.kind = fields[6] == "LS" ? JobKind::INFERENCE_SERVICE : JobKind::TRAINING;
    job.priority = fields[6] == "LS" ? 2 : fields[6] == "Burstable" ? 1 : 0;
    job.submit_s = created;
    job.gpus = static_cast<int>(num_gpu);
    if (job.gpus == 1 && !fields[4].empty()) {
      const double milli = parse_number(fields[4], in_, "gpu_milli");
      if (milli < 1 || milli > kMilliPerGpu) throw ConfigError(in_.where() + "gpu_milli: must be in [1, 1000], got '" + fields[4] + "'");
      job.gpu_milli = static_cast<int>(milli);
    }
    const auto spec = split_on(fields[5], '|');
    std::vector<topology::GpuModelId> models;
    for (const auto& name : spec) {
      const auto model = map_model(name);
      if (std::find(models.begin(), models.end(), model) == models.end()) models.push_back(model);
    }
    job.gpu_model = models.empty() ? fallback_ : models.front();
    job.alternative_gpu_models.assign(models.empty() ? models.end() : models.begin() + 1, models.end());
    job.duration_s = std::max(deleted - scheduled, 1.0);  // pods deleted as they start count as one second
    job.flops = 0.0;
    return job;
  }

  std::vector<std::pair<std::string, topology::GpuModelId>> model_map_;
  topology::GpuModelId fallback_;
};

/// Serving jobs from a token-demand series: one job per non-empty interval, holding the
/// replicas that interval's demand needs for the interval (a service re-sized every interval).
class TokenDemandSource final : public JobSource {
 public:
  TokenDemandSource(TokenDemandSeries series, InferenceServiceSize size, topology::GpuModelId model, TraceOptions options,
                    const SourceContext& context, ReaderCounts counts)
      : counts_(counts),
        series_(std::move(series)),
        size_(size),
        model_(model),
        options_(std::move(options)),
        context_(context),
        origins_(make_stream(context.seed, "trace/origins")),
        origin_cumulative_(cumulative_weights(options_.origin_weights)) {}

  std::optional<Job> next() override {
    while (bin_ < series_.tokens.size()) {
      if (context_.max_jobs != 0 && emitted_ >= context_.max_jobs) return std::nullopt;
      const std::size_t bin = bin_++;
      if (series_.tokens[bin] <= 0) continue;
      const double submit = options_.map_time(static_cast<double>(bin) * series_.interval_s);
      if (submit < 0) continue;
      if (context_.horizon_s > 0.0 && submit >= context_.horizon_s) return std::nullopt;
      InferenceServiceSize size = size_;
      size.mean_tokens_per_s = series_.tokens[bin] / series_.interval_s;
      size.peak_to_mean = 1.0;
      size.lifetime_s = series_.interval_s * options_.time_scale;
      Job job = size_inference_service(size, model_);
      job.flops = 2.0 * size.parameters * series_.tokens[bin];  // the tokens of this interval, exactly
      job.submit_s = submit;
      job.origin_hub = options_.origin_weights[draw_weighted(origins_, origin_cumulative_)].first;
      job.id = emitted_++;
      return job;
    }
    return std::nullopt;
  }
  const ReaderCounts* reader_counts() const override { return &counts_; }
  const TokenDemandSeries& series() const { return series_; }

 private:
  ReaderCounts counts_;
  TokenDemandSeries series_;
  InferenceServiceSize size_;
  topology::GpuModelId model_;
  TraceOptions options_;
  SourceContext context_;
  RandomEngine origins_;
  std::vector<double> origin_cumulative_;
  std::size_t bin_ = 0;
  std::uint64_t emitted_ = 0;
};

void add_demand(TokenDemandSeries& series, double t_s, double tokens) {
  const auto bin = static_cast<std::size_t>(std::max(0.0, t_s) / series.interval_s);
  if (bin >= series.tokens.size()) series.tokens.resize(bin + 1, 0.0);
  series.tokens[bin] += tokens;
  ++series.requests;
}

/// Seconds of "YYYY-MM-DD HH:MM:SS[.fraction]" since the epoch, as UTC (only differences matter).
double parse_timestamp(const std::string& text, const LineReader& in) {
  std::tm tm{};
  std::istringstream stream(text.substr(0, 19));
  stream >> std::get_time(&tm, "%Y-%m-%d %H:%M:%S");
  if (stream.fail() || text.size() < 19) throw ConfigError(in.where() + "TIMESTAMP: expected 'YYYY-MM-DD HH:MM:SS', got '" + text + "'");
  double fraction = 0.0;
  if (text.size() > 19) fraction = parse_number("0" + text.substr(19), in, "TIMESTAMP");
  return static_cast<double>(timegm(&tm)) + fraction;
}

template <typename ParseLine>
TokenDemandSeries read_demand(const std::string& path, double interval_s, bool skip_bad, ReaderCounts& counts,
                              ParseLine parse_line, bool has_header) {
  TokenDemandSeries series;
  series.interval_s = interval_s;
  LineReader in(path);
  std::string line;
  if (has_header && !in.next(line)) throw ConfigError(in.where() + "the file is empty");
  bool first = true;
  double origin_s = 0.0;
  while (in.next(line)) {
    if (line.empty()) continue;
    ++counts.lines_read;
    double t_s = 0.0;
    double tokens = 0.0;
    try {
      parse_line(line, in, t_s, tokens);
    } catch (const ConfigError&) {
      if (!skip_bad) throw;
      ++counts.bad_lines;
      continue;
    }
    if (first) origin_s = t_s;
    first = false;
    if (t_s < origin_s) throw ConfigError(in.where() + "timestamps must not go before the first request");
    // The series has one slot per interval up to the last request: one timestamp typo
    // (year 4046) asked for 8.5 GB. 10 million intervals is 19 years of 1-minute intervals.
    constexpr double kMaxIntervals = 1e7;
    if ((t_s - origin_s) / interval_s >= kMaxIntervals)
      throw ConfigError(in.where() + "timestamp: " + std::to_string(t_s - origin_s) +
                        " s after the first request is more than 10,000,000 intervals of " + std::to_string(interval_s) +
                        " s; is the timestamp right? (or give the source a longer interval)");
    add_demand(series, t_s - origin_s, tokens);
  }
  return series;
}

TraceOptions parse_options(const ConfigNode& spec, const SourceContext& context) {
  return TraceOptions::parse(spec, *context.layout);
}

std::unique_ptr<JobSource> make_demand_source(const ConfigNode& spec, const SourceContext& context, bool mooncake) {
  spec.expect_keys({"source", "path", "interval", "parameters", "gpu_model", "utilisation", "kv_cache_fraction",
                    AICN_TRACE_OPTION_KEYS});
  const TraceOptions options = parse_options(spec, context);
  const std::string path = resolve_trace_path(spec.required("path"), context.base_dir);
  const double interval_s = spec.has("interval") ? spec.child("interval").as_duration_s() : 60.0;
  if (!(interval_s > 0)) spec.child("interval").fail("must be positive");
  InferenceServiceSize size;
  size.parameters = spec.has("parameters") ? spec.child("parameters").as_positive_double() : 7e9;
  if (spec.has("utilisation")) size.utilisation = spec.child("utilisation").as_positive_double();
  if (spec.has("kv_cache_fraction")) size.kv_cache_fraction = spec.child("kv_cache_fraction").as_double();
  const auto model = spec.has("gpu_model") ? parse_model(spec.child("gpu_model")) : default_model(*context.layout);
  ReaderCounts counts;
  TokenDemandSeries series = mooncake ? read_mooncake_demand(path, interval_s, options.skip_bad, counts)
                                      : read_azure_demand(path, interval_s, options.skip_bad, counts);
  return std::make_unique<TokenDemandSource>(std::move(series), size, model, options, context, counts);
}

}  // namespace

double TokenDemandSeries::total() const { return std::accumulate(tokens.begin(), tokens.end(), 0.0); }

TokenDemandSeries read_mooncake_demand(const std::string& path, double interval_s, bool skip_bad, ReaderCounts& counts) {
  return read_demand(
      path, interval_s, skip_bad, counts,
      [](const std::string& line, const LineReader& in, double& t_s, double& tokens) {
        const auto json = nlohmann::json::parse(line, nullptr, false);
        if (json.is_discarded() || !json.is_object()) throw ConfigError(in.where() + "line: not a JSON object");
        for (const char* key : {"timestamp", "input_length", "output_length"})
          if (!json.contains(key) || !json[key].is_number() || json[key].get<double>() < 0)
            throw ConfigError(in.where() + key + ": missing or not a non-negative number");
        t_s = json["timestamp"].get<double>() / 1000.0;  // milliseconds
        tokens = json["input_length"].get<double>() + json["output_length"].get<double>();
      },
      false);
}

TokenDemandSeries read_azure_demand(const std::string& path, double interval_s, bool skip_bad, ReaderCounts& counts) {
  return read_demand(
      path, interval_s, skip_bad, counts,
      [](const std::string& line, const LineReader& in, double& t_s, double& tokens) {
        const auto fields = split_csv(line);
        if (fields.size() != 3) throw ConfigError(in.where() + "line: expected 3 comma-separated fields, got " + std::to_string(fields.size()));
        t_s = parse_timestamp(fields[0], in);
        const double context_tokens = parse_number(fields[1], in, "ContextTokens");
        const double generated = parse_number(fields[2], in, "GeneratedTokens");
        if (context_tokens < 0 || generated < 0) throw ConfigError(in.where() + "tokens: must not be negative");
        tokens = context_tokens + generated;
      },
      true);
}

topology::Site read_openb_site(const std::string& path, const std::vector<std::pair<std::string, topology::GpuModelId>>& model_map,
                               topology::GpuModelId default_model_id, int& nodes, int& gpus) {
  LineReader in(path);
  std::string line;
  if (!in.next(line) || !line.starts_with("sn,cpu_milli,memory_mib,gpu,model"))
    throw ConfigError(in.where() + "header: expected 'sn,cpu_milli,memory_mib,gpu,model'");
  std::map<topology::GpuModelId, int> by_model;
  nodes = 0;
  gpus = 0;
  while (in.next(line)) {
    if (line.empty()) continue;
    const auto fields = split_csv(line);
    if (fields.size() != 5) throw ConfigError(in.where() + "line: expected 5 comma-separated fields, got " + std::to_string(fields.size()));
    const double count = parse_number(fields[3], in, "gpu");
    ++nodes;
    if (count <= 0) continue;
    topology::GpuModelId model = default_model_id;
    for (const auto& [openb, mapped] : model_map)
      if (openb == fields[4]) model = mapped;
    by_model[model] += static_cast<int>(count);
    gpus += static_cast<int>(count);
  }
  topology::Site site;
  site.name = "openb";
  for (const auto& [model, count] : by_model)
    site.pools.push_back(topology::GpuPool{model, (count + 7) / 8 * 8, 8});  // whole 8-GPU servers
  return site;
}

// Registered by name; nothing else refers to this source (job_source.hpp).
AICN_REGISTER_SOURCE("swf", "replay a Standard Workload Format log (.swf or .swf.gz); processors become GPUs", SourceInfo{true},
             [](const ConfigNode& spec, const SourceContext& context) -> std::unique_ptr<JobSource> {
               spec.expect_keys({"source", "path", "gpu_model", "procs_per_gpu", "kind", AICN_TRACE_OPTION_KEYS});
               TraceOptions options = parse_options(spec, context);
               const std::string path = resolve_trace_path(spec.required("path"), context.base_dir);
               const auto model = spec.has("gpu_model") ? parse_model(spec.child("gpu_model")) : default_model(*context.layout);
               const double procs_per_gpu = spec.has("procs_per_gpu") ? spec.child("procs_per_gpu").as_positive_double() : 1.0;
               JobKind kind = JobKind::TRAINING;
               if (spec.has("kind")) {
                 const auto parsed = parse_job_kind(spec.child("kind").as_string());
                 if (!parsed || *parsed == JobKind::DATA_TRANSFER)
                   spec.child("kind").fail("must be a compute job class (" + std::string(job_kind_names()) + ")");
                 kind = *parsed;
               }
               return std::make_unique<SwfReader>(path, std::move(options), context, model, procs_per_gpu, kind);
             })
AICN_REGISTER_SOURCE("openb", "replay Alibaba openb GPU pods (whole or shared GPUs, model constraints)", SourceInfo{true},
             [](const ConfigNode& spec, const SourceContext& context) -> std::unique_ptr<JobSource> {
               spec.expect_keys({"source", "path", "gpu_model", "gpu_models", AICN_TRACE_OPTION_KEYS});
               TraceOptions options = parse_options(spec, context);
               const std::string path = resolve_trace_path(spec.required("path"), context.base_dir);
               const auto fallback = spec.has("gpu_model") ? parse_model(spec.child("gpu_model")) : default_model(*context.layout);
               std::vector<std::pair<std::string, topology::GpuModelId>> model_map;
               if (spec.has("gpu_models"))
                 for (const auto& [openb, model] : spec.child("gpu_models").entries()) model_map.emplace_back(openb, parse_model(model));
               return std::make_unique<OpenbReader>(path, std::move(options), context, std::move(model_map), fallback);
             })
AICN_REGISTER_SOURCE("mooncake", "Mooncake (Kimi) requests aggregated into token demand; one serving job per interval", SourceInfo{true},
             [](const ConfigNode& spec, const SourceContext& context) { return make_demand_source(spec, context, true); })
AICN_REGISTER_SOURCE("azure-llm", "Azure LLM inference requests aggregated into token demand; one serving job per interval", SourceInfo{true},
             [](const ConfigNode& spec, const SourceContext& context) { return make_demand_source(spec, context, false); })

}  // namespace aicn::workloads
