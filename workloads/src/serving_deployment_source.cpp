// mode: requests of the mooncake and azure-llm readers: one persistent deployment of the
// trace's model. Its replicas are serving jobs (one weight transfer each, then a load time,
// then held while the demand needs them); every request gets a user city and is handed to the
// run, which measures its latency (docs/serving.md).
#include "serving_deployment_source.hpp"

#include <algorithm>

#include "aicn/topology/gpu_catalog.hpp"
#include "aicn/topology/gpu_memory_bandwidth.hpp"
#include "aicn/workloads/formulas.hpp"
#include "aicn/workloads/job_classes.hpp"
#include "aicn/workloads/serving_plan.hpp"
#include "aicn/workloads/trace_readers.hpp"
#include "trace_reader_rules.hpp"

namespace aicn::workloads {
namespace {

using config::ConfigNode;

class DeploymentSource final : public JobSource, public ServingPlanSource {
 public:
  DeploymentSource(ServingPlan plan, std::vector<ReplicaLifetime> lifetimes, Job replica, ReaderCounts counts)
      : plan_(std::move(plan)), lifetimes_(std::move(lifetimes)), replica_(std::move(replica)), counts_(counts) {
    for (std::uint64_t id = 0; id < lifetimes_.size(); ++id) plan_.replica_jobs.push_back(id);
  }

  std::optional<Job> next() override {
    if (next_ >= lifetimes_.size()) return std::nullopt;
    const ReplicaLifetime& lifetime = lifetimes_[next_];
    Job job = replica_;
    job.id = next_++;
    job.submit_s = lifetime.start_s;
    job.duration_s = plan_.load_s + (lifetime.end_s - lifetime.start_s);  // loading, then serving
    job.flops = lifetime.flops;
    return job;
  }
  const ReaderCounts* reader_counts() const override { return &counts_; }
  const ServingPlan& serving_plan() const override { return plan_; }

 private:
  ServingPlan plan_;
  std::vector<ReplicaLifetime> lifetimes_;
  Job replica_;
  ReaderCounts counts_;
  std::size_t next_ = 0;
};

/// The hub whose home site holds the weights: `weights_hub`, else the origin with the largest weight.
int weights_hub(const ConfigNode& spec, const SourceContext& context, const TraceOptions& options) {
  if (spec.has("weights_hub")) {
    const ConfigNode node = spec.child("weights_hub");
    const std::string problem = origin_hub_problem(*context.layout, node.as_string());
    if (!problem.empty()) node.fail(problem);
    return context.layout->hub_index(node.as_string());
  }
  auto best = options.origin_weights.begin();
  for (auto it = options.origin_weights.begin(); it != options.origin_weights.end(); ++it)
    if (it->second > best->second) best = it;
  return best->first;
}

double positive_duration(const ConfigNode& spec, const char* key, double fallback) {
  if (!spec.has(key)) return fallback;
  const double value = spec.child(key).as_duration_s();
  if (!(value > 0.0)) spec.child(key).fail("must be a positive duration, got '" + spec.child(key).text() + "'");
  return value;
}

}  // namespace

std::unique_ptr<JobSource> make_deployment_source(const ConfigNode& spec, const SourceContext& context, bool mooncake) {
  const TraceOptions options = trace_rules::parse_options(spec, context);
  const std::string path = resolve_trace_path(spec.required("path"), context.base_dir);
  const auto model = trace_rules::required_model(spec, *context.layout, mooncake ? "Mooncake" : "Azure LLM");
  const topology::GpuModel& gpu = topology::gpu_model(model);

  InferenceServiceSize size;
  size.parameters = spec.has("parameters") ? spec.child("parameters").as_positive_double() : 7e9;
  if (spec.has("kv_cache_fraction")) size.kv_cache_fraction = spec.child("kv_cache_fraction").as_double();
  size.mean_tokens_per_s = 0.0;  // one replica: its GPUs are what the weights and KV cache need
  Job replica = size_inference_service(size, model);

  ServingPlan plan;
  plan.roofline.parameters = size.parameters;
  plan.roofline.gpus = replica.gpus;
  plan.roofline.peak_flops = gpu.peak_fp16_flops;
  plan.roofline.memory_bandwidth_bps = topology::gpu_memory_bandwidth_bps(model);
  if (spec.has("utilisation")) {
    plan.roofline.utilisation = spec.child("utilisation").as_double();
    if (!(plan.roofline.utilisation > 0.0 && plan.roofline.utilisation <= 1.0))
      spec.child("utilisation").fail("must be in (0, 1], got '" + spec.child("utilisation").text() + "'");
  }
  if (spec.has("batch_slots")) plan.roofline.batch_slots = spec.child("batch_slots").as_integer(1, 4096);
  plan.slo.ttft_s = positive_duration(spec, "ttft_slo", plan.slo.ttft_s);
  plan.slo.tpot_s = positive_duration(spec, "tpot_slo", plan.slo.tpot_s);
  // Weights from local storage into GPU memory, each GPU its shard in parallel (docs/serving.md).
  const double load_bytes_per_s_per_gpu =
      spec.has("load_bandwidth") ? spec.child("load_bandwidth").as_bandwidth_bps() / 8.0 : 5e9;
  if (!(load_bytes_per_s_per_gpu > 0.0)) spec.child("load_bandwidth").fail("must be positive");
  plan.load_s = kInferenceBytesPerParameter * size.parameters / (replica.gpus * load_bytes_per_s_per_gpu);

  ScalingRule rule;
  rule.interval_s = positive_duration(spec, "interval", 60.0);
  rule.keep_s = positive_duration(spec, "scale_down_after", rule.keep_s);
  if (spec.has("target_load")) {
    rule.target_load = spec.child("target_load").as_double();
    if (!(rule.target_load > 0.0 && rule.target_load <= 1.0))
      spec.child("target_load").fail("must be in (0, 1], got '" + spec.child("target_load").text() + "'");
  }

  ReaderCounts counts;
  std::vector<ServingRequest> requests = mooncake ? read_mooncake_requests(path, options.skip_bad, counts)
                                                  : read_azure_requests(path, options.skip_bad, counts);
  RandomEngine origins = make_stream(context.seed, "trace/origins");
  const std::vector<double> cumulative = cumulative_weights(options.origin_weights);
  for (ServingRequest& request : requests) {
    request.arrival_s = options.map_time(request.arrival_s);
    request.user_hub = options.origin_weights[draw_weighted(origins, cumulative)].first;  // drawn for every line, kept or not
  }
  std::erase_if(requests, [&](const ServingRequest& r) {
    return r.arrival_s < 0.0 || (context.horizon_s > 0.0 && r.arrival_s >= context.horizon_s);
  });
  std::vector<ReplicaLifetime> lifetimes = plan_replicas(requests, plan.roofline, rule);
  if (context.max_jobs != 0 && lifetimes.size() > context.max_jobs) lifetimes.resize(context.max_jobs);

  replica.origin_hub = weights_hub(spec, context, options);
  replica.dataset_bytes = kInferenceBytesPerParameter * size.parameters;  // the weights, once per replica
  replica.utilisation = plan.roofline.utilisation;
  plan.requests = std::move(requests);
  return std::make_unique<DeploymentSource>(std::move(plan), std::move(lifetimes), std::move(replica), counts);
}

}  // namespace aicn::workloads
