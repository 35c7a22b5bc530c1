// Line-per-job trace readers: SWF logs and Alibaba openb pod lists, and the openb node list
// as a one-site layout. The token-demand readers are in token_demand_readers.cpp.
#include "aicn/workloads/trace_readers.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "aicn/topology/checked_number.hpp"
#include "aicn/topology/input_limits.hpp"
#include "aicn/workloads/job_classes.hpp"
#include "aicn/workloads/line_reader.hpp"
#include "trace_reader_rules.hpp"

namespace aicn::workloads {
namespace {

using config::ConfigError;
using config::ConfigNode;

// parse_number, split_on and the GPU-model rules are shared with the token-demand readers
// (token_demand_readers.cpp).
using trace_rules::model_for_unnamed_rows;
using trace_rules::parse_model;
using trace_rules::parse_number;
using trace_rules::parse_options;
using trace_rules::required_model;
using trace_rules::split_on;

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
    const double gpus = std::max(1.0, std::ceil(procs / procs_per_gpu_ - 1e-9));
    const auto whole_gpus = checked::to_integer<int>(gpus, 1, limits::kMaxGpusPerJob);
    if (!whole_gpus)
      throw ConfigError(in_.where() + "processors: " + checked::format_number(procs) + " processors at procs_per_gpu " +
                        checked::format_number(procs_per_gpu_) + " need " + checked::format_number(gpus) +
                        " GPUs, more than a job may hold (" + std::to_string(limits::kMaxGpusPerJob) + ")");
    job.gpus = *whole_gpus;
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
              std::vector<std::pair<std::string, topology::GpuModelId>> model_map, topology::GpuModelId fallback, bool cpu_pods)
      : ReplayReader(path, std::move(options), context), model_map_(std::move(model_map)), fallback_(fallback),
        cpu_pods_(cpu_pods) {
    std::string header;
    if (!in_.next(header) || !header.starts_with("name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time"))
      throw ConfigError(in_.where() + "header: expected an openb pod list header "
                                      "(name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time)");
  }

 private:
  /// The catalogue model of openb model `name`, or the fallback (the spec's gpu_model, else
  /// the layout's only model); a row with neither is an error naming the row and the value.
  topology::GpuModelId map_model(const std::string& name, const std::string& spec) const {
    for (const auto& [openb, model] : model_map_)
      if (openb == name) return model;
    if (fallback_ < 0)
      throw ConfigError(in_.where() + "gpu_spec: " +
                        (name.empty() ? std::string("the pod names no GPU model") : "openb model '" + name + "' is not mapped") +
                        ", got '" + spec + "'; map it with gpu_models: {" + (name.empty() ? "MODEL" : name) +
                        ": ...} or give gpu_model for unmapped pods");
    return fallback_;
  }

  std::optional<Job> parse_line(const std::string& line) override {
    if (line.empty()) return std::nullopt;
    ++counts_.lines_read;
    const auto fields = split_csv(line, in_);
    if (fields.size() != 11) throw ConfigError(in_.where() + "line: expected 11 comma-separated fields, got " + std::to_string(fields.size()));
    const double num_gpu = parse_number(fields[3], in_, "num_gpu");
    const double created = parse_number(fields[8], in_, "creation_time");
    const double deleted = parse_number(fields[9], in_, "deletion_time");
    const double scheduled = fields[10].empty() ? created : parse_number(fields[10], in_, "scheduled_time");
    const auto gpus = checked::to_integer<int>(num_gpu, 0, limits::kMaxGpusPerJob);
    if (!gpus)
      throw ConfigError(in_.where() + "num_gpu: must be a whole number from 0 to " + std::to_string(limits::kMaxGpusPerJob) +
                        ", got '" + fields[3] + "'");
    // qos decides the job class and priority; a value outside the trace's four classes is
    // refused rather than read as training. Guaranteed keeps priority 0, as it always had here.
    static const std::pair<const char*, std::pair<JobKind, int>> kQos[] = {{"LS", {JobKind::INFERENCE_SERVICE, 2}},
                                                                          {"Burstable", {JobKind::TRAINING, 1}},
                                                                          {"BE", {JobKind::TRAINING, 0}},
                                                                          {"Guaranteed", {JobKind::TRAINING, 0}}};
    const std::pair<JobKind, int>* qos = nullptr;
    for (const auto& [name, meaning] : kQos)
      if (fields[6] == name) qos = &meaning;
    if (qos == nullptr)
      throw ConfigError(in_.where() + "qos: must be one of LS, Burstable, BE, Guaranteed, got '" + fields[6] + "'");
    // pod_phase is not replayed, but a value outside Kubernetes' five phases means the
    // columns are not what the header says.
    static const std::string_view kPhases[] = {"Pending", "Running", "Succeeded", "Failed", "Unknown"};
    if (std::find(std::begin(kPhases), std::end(kPhases), fields[7]) == std::end(kPhases))
      throw ConfigError(in_.where() + "pod_phase: must be one of Pending, Running, Succeeded, Failed, Unknown, got '" +
                        fields[7] + "'");
    if (*gpus == 0 && !cpu_pods_) {  // CPU-only pods only with `cpu_pods: true` (they need a node pool's CPUs)
      ++counts_.filtered;
      return std::nullopt;
    }
    Job job;
    // Host CPU and memory the pod asks (whole millicores and MiB); node pools check them.
    const auto cpu = checked::to_integer<std::int64_t>(parse_number(fields[1], in_, "cpu_milli"), 0, std::int64_t{1} << 40);
    if (!cpu) throw ConfigError(in_.where() + "cpu_milli: must be a whole number from 0 to 2^40, got '" + fields[1] + "'");
    const auto memory = checked::to_integer<std::int64_t>(parse_number(fields[2], in_, "memory_mib"), 0, std::int64_t{1} << 40);
    if (!memory) throw ConfigError(in_.where() + "memory_mib: must be a whole number from 0 to 2^40, got '" + fields[2] + "'");
    job.cpu_milli = *cpu;
    job.memory_mib = *memory;
    job.kind = qos->first;
    job.priority = qos->second;
    job.submit_s = created;
    job.gpus = *gpus;
    if (job.gpus == 1 && !fields[4].empty()) {
      const auto milli = checked::to_integer<int>(parse_number(fields[4], in_, "gpu_milli"), 1, kMilliPerGpu);
      if (!milli) throw ConfigError(in_.where() + "gpu_milli: must be a whole number from 1 to 1000, got '" + fields[4] + "'");
      job.gpu_milli = *milli;
    }
    const auto spec = split_on(fields[5], '|');
    std::vector<topology::GpuModelId> models;
    for (const auto& name : spec) {
      const auto model = map_model(name, fields[5]);
      if (std::find(models.begin(), models.end(), model) == models.end()) models.push_back(model);
    }
    if (models.empty()) models.push_back(map_model("", fields[5]));
    job.gpu_model = models.front();
    job.alternative_gpu_models.assign(models.begin() + 1, models.end());
    job.duration_s = std::max(deleted - scheduled, 1.0);  // pods deleted as they start count as one second
    job.flops = 0.0;
    return job;
  }

  std::vector<std::pair<std::string, topology::GpuModelId>> model_map_;
  topology::GpuModelId fallback_;
  bool cpu_pods_;
};

}  // namespace

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
    const auto fields = split_csv(line, in);
    if (fields.size() != 5) throw ConfigError(in.where() + "line: expected 5 comma-separated fields, got " + std::to_string(fields.size()));
    const auto count = checked::to_integer<int>(parse_number(fields[3], in, "gpu"), 0, limits::kMaxGpusPerServer);
    if (!count)
      throw ConfigError(in.where() + "gpu: must be a whole number from 0 to " + std::to_string(limits::kMaxGpusPerServer) +
                        ", got '" + fields[3] + "'");
    ++nodes;
    if (*count == 0) continue;
    topology::GpuModelId model = default_model_id;
    for (const auto& [openb, mapped] : model_map)
      if (openb == fields[4]) model = mapped;
    if (static_cast<std::int64_t>(gpus) + *count > limits::kMaxGpusPerPool)
      throw ConfigError(in.where() + "gpu: the node list holds more than " + std::to_string(limits::kMaxGpusPerPool) +
                        " GPUs, more than one site's pool may hold");
    by_model[model] += *count;
    gpus += *count;
  }
  topology::Site site;
  site.name = "openb";
  for (const auto& [model, count] : by_model)
    site.pools.push_back(topology::GpuPool{model, (count + 7) / 8 * 8, 8, {}});  // whole 8-GPU servers
  return site;
}

// Registered by name; nothing else refers to this source (job_source.hpp).
AICN_REGISTER_SOURCE("swf", "replay a Standard Workload Format log (.swf or .swf.gz); processors become GPUs", SourceInfo{true},
             [](const ConfigNode& spec, const SourceContext& context) -> std::unique_ptr<JobSource> {
               spec.expect_keys({"source", "path", "gpu_model", "procs_per_gpu", "kind", AICN_TRACE_OPTION_KEYS});
               TraceOptions options = parse_options(spec, context);
               const std::string path = resolve_trace_path(spec.required("path"), context.base_dir);
               const auto model = required_model(spec, *context.layout, "SWF");
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
               spec.expect_keys({"source", "path", "gpu_model", "gpu_models", "cpu_pods", AICN_TRACE_OPTION_KEYS});
               TraceOptions options = parse_options(spec, context);
               const std::string path = resolve_trace_path(spec.required("path"), context.base_dir);
               const auto fallback = model_for_unnamed_rows(spec, *context.layout);
               std::vector<std::pair<std::string, topology::GpuModelId>> model_map;
               if (spec.has("gpu_models"))
                 for (const auto& [openb, model] : spec.child("gpu_models").entries()) model_map.emplace_back(openb, parse_model(model));
               const bool cpu_pods = spec.has("cpu_pods") && spec.child("cpu_pods").as_bool();
               return std::make_unique<OpenbReader>(path, std::move(options), context, std::move(model_map), fallback, cpu_pods);
             })
}  // namespace aicn::workloads
