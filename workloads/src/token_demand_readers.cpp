// Token-demand readers: Mooncake (JSONL) and Azure LLM inference (CSV) request logs summed
// into tokens per interval, and the source that turns each non-empty interval into one
// serving job sized for that interval's demand.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <iomanip>
#include <numeric>
#include <sstream>

#include "aicn/topology/checked_number.hpp"
#include "aicn/topology/input_limits.hpp"
#include "aicn/workloads/job_classes.hpp"
#include "aicn/workloads/line_reader.hpp"
#include "aicn/workloads/trace_readers.hpp"
#include "serving_deployment_source.hpp"
#include "trace_reader_rules.hpp"

namespace aicn::workloads {
namespace {

using config::ConfigError;
using config::ConfigNode;
using trace_rules::parse_number;
using trace_rules::parse_options;
using trace_rules::required_model;

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

void add_demand(TokenDemandSeries& series, double t_s, double tokens, const LineReader& in) {
  // One interval per slot from the first request on: a timestamp far in the future (or a
  // tiny interval) would otherwise allocate without bound.
  const double slot = std::floor(std::max(0.0, t_s) / series.interval_s);
  if (!(slot < limits::kMaxDemandIntervals))
    throw ConfigError(in.where() + "timestamp: " + checked::format_count(t_s) + " s after the first request is interval " +
                      checked::format_count(slot) + " of " + checked::format_number(series.interval_s) +
                      " s; at most " + checked::format_count(limits::kMaxDemandIntervals) +
                      " intervals are kept (use a longer interval, or check the timestamps)");
  const auto bin = checked::narrow<std::size_t>(slot, "token demand interval");
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

/// Calls on_request(t_s, prompt, output, in) for every request line, t_s relative to the first.
template <typename ParseLine, typename OnRequest>
void read_requests(const std::string& path, bool skip_bad, ReaderCounts& counts, ParseLine parse_line, bool has_header,
                   OnRequest on_request) {
  LineReader in(path);
  std::string line;
  if (has_header && !in.next(line)) throw ConfigError(in.where() + "the file is empty");
  bool first = true;
  double origin_s = 0.0;
  while (in.next(line)) {
    if (line.empty()) continue;
    ++counts.lines_read;
    double t_s = 0.0;
    double prompt = 0.0;
    double output = 0.0;
    try {
      parse_line(line, in, t_s, prompt, output);
    } catch (const ConfigError&) {
      if (!skip_bad) throw;
      ++counts.bad_lines;
      continue;
    }
    if (first) origin_s = t_s;
    first = false;
    if (t_s < origin_s) throw ConfigError(in.where() + "timestamps must not go before the first request");
    on_request(t_s - origin_s, prompt, output, in);
  }
}

void parse_mooncake_line(const std::string& line, const LineReader& in, double& t_s, double& prompt, double& output) {
  const auto json = nlohmann::json::parse(line, nullptr, false);
  if (json.is_discarded() || !json.is_object()) throw ConfigError(in.where() + "line: not a JSON object");
  for (const char* key : {"timestamp", "input_length", "output_length"})
    if (!json.contains(key) || !json[key].is_number() || json[key].get<double>() < 0)
      throw ConfigError(in.where() + key + ": missing or not a non-negative number");
  t_s = json["timestamp"].get<double>() / 1000.0;  // milliseconds
  prompt = json["input_length"].get<double>();
  output = json["output_length"].get<double>();
}

void parse_azure_line(const std::string& line, const LineReader& in, double& t_s, double& prompt, double& output) {
  const auto fields = split_csv(line, in);
  if (fields.size() != 3) throw ConfigError(in.where() + "line: expected 3 comma-separated fields, got " + std::to_string(fields.size()));
  t_s = parse_timestamp(fields[0], in);
  prompt = parse_number(fields[1], in, "ContextTokens");
  output = parse_number(fields[2], in, "GeneratedTokens");
  if (prompt < 0 || output < 0) throw ConfigError(in.where() + "tokens: must not be negative");
}

template <typename ParseLine>
TokenDemandSeries read_demand(const std::string& path, double interval_s, bool skip_bad, ReaderCounts& counts,
                              ParseLine parse_line, bool has_header) {
  TokenDemandSeries series;
  series.interval_s = interval_s;
  read_requests(path, skip_bad, counts, parse_line, has_header,
                [&](double t_s, double prompt, double output, const LineReader& in) { add_demand(series, t_s, prompt + output, in); });
  return series;
}

template <typename ParseLine>
std::vector<ServingRequest> read_request_list(const std::string& path, bool skip_bad, ReaderCounts& counts,
                                              ParseLine parse_line, bool has_header) {
  std::vector<ServingRequest> requests;
  read_requests(path, skip_bad, counts, parse_line, has_header, [&](double t_s, double prompt, double output, const LineReader&) {
    requests.push_back(ServingRequest{t_s, -1, prompt, output});
  });
  // Timestamps may tie or step back after the first; the queue wants arrival order (stable: file order on ties).
  std::stable_sort(requests.begin(), requests.end(), [](const auto& a, const auto& b) { return a.arrival_s < b.arrival_s; });
  return requests;
}

std::unique_ptr<JobSource> make_demand_source(const ConfigNode& spec, const SourceContext& context, bool mooncake) {
  spec.expect_keys({"source", "path", "interval", "parameters", "gpu_model", "utilisation", "kv_cache_fraction",
                    AICN_TRACE_OPTION_KEYS, AICN_DEPLOYMENT_KEYS});
  const std::string mode = spec.has("mode") ? spec.child("mode").as_string() : "intervals";
  if (mode != "intervals" && mode != "requests") spec.child("mode").fail("must be intervals or requests, got '" + mode + "'");
  if (mode == "requests") return make_deployment_source(spec, context, mooncake);
  for (const char* key : {AICN_DEPLOYMENT_KEYS})
    if (std::string(key) != "mode" && spec.has(key)) spec.child(key).fail("is a key of mode: requests only");
  const TraceOptions options = parse_options(spec, context);
  const std::string path = resolve_trace_path(spec.required("path"), context.base_dir);
  const double interval_s = spec.has("interval") ? spec.child("interval").as_duration_s() : 60.0;
  if (!(interval_s > 0)) spec.child("interval").fail("must be positive");
  InferenceServiceSize size;
  size.parameters = spec.has("parameters") ? spec.child("parameters").as_positive_double() : 7e9;
  if (spec.has("utilisation")) size.utilisation = spec.child("utilisation").as_positive_double();
  if (spec.has("kv_cache_fraction")) size.kv_cache_fraction = spec.child("kv_cache_fraction").as_double();
  const auto model = required_model(spec, *context.layout, mooncake ? "Mooncake" : "Azure LLM");
  ReaderCounts counts;
  TokenDemandSeries series = mooncake ? read_mooncake_demand(path, interval_s, options.skip_bad, counts)
                                      : read_azure_demand(path, interval_s, options.skip_bad, counts);
  return std::make_unique<TokenDemandSource>(std::move(series), size, model, options, context, counts);
}

}  // namespace

double TokenDemandSeries::total() const { return std::accumulate(tokens.begin(), tokens.end(), 0.0); }

TokenDemandSeries read_mooncake_demand(const std::string& path, double interval_s, bool skip_bad, ReaderCounts& counts) {
  return read_demand(path, interval_s, skip_bad, counts, parse_mooncake_line, false);
}

TokenDemandSeries read_azure_demand(const std::string& path, double interval_s, bool skip_bad, ReaderCounts& counts) {
  return read_demand(path, interval_s, skip_bad, counts, parse_azure_line, true);
}

std::vector<ServingRequest> read_mooncake_requests(const std::string& path, bool skip_bad, ReaderCounts& counts) {
  return read_request_list(path, skip_bad, counts, parse_mooncake_line, false);
}

std::vector<ServingRequest> read_azure_requests(const std::string& path, bool skip_bad, ReaderCounts& counts) {
  return read_request_list(path, skip_bad, counts, parse_azure_line, true);
}

AICN_REGISTER_SOURCE("mooncake", "Mooncake (Kimi) requests: token demand, one serving job per interval; mode: requests, a persistent deployment and each request's latency", SourceInfo{true},
             [](const ConfigNode& spec, const SourceContext& context) { return make_demand_source(spec, context, true); })
AICN_REGISTER_SOURCE("azure-llm", "Azure LLM inference requests: as mooncake (mode: intervals or requests)", SourceInfo{true},
             [](const ConfigNode& spec, const SourceContext& context) { return make_demand_source(spec, context, false); })

}  // namespace aicn::workloads
