// Workload source `exponential-jobs`: Poisson arrivals and exponentially distributed run
// times of a fixed GPU count, the M/M/c textbook workload (validation against queueing
// theory, simple what-if studies).
#include "aicn/workloads/job_source.hpp"

#include <boost/random/discrete_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include <limits>

#include "aicn/topology/input_limits.hpp"
#include "aicn/topology/units.hpp"
#include "aicn/workloads/random_streams.hpp"
#include "aicn/workloads/trace_options.hpp"

namespace aicn::workloads {
namespace {

using config::ConfigNode;

struct ExponentialJobsSpec {
  double arrivals_per_hour = 60.0;
  double mean_run_time_s = 3600.0;
  int gpus = 1;
  topology::GpuModelId gpu_model = -1;
  std::vector<int> origins;
  std::vector<double> origin_weights;
  double dataset_bytes = 0.0;
  int priority_levels = 1;

  static ExponentialJobsSpec parse(const ConfigNode& node, const topology::Layout& layout) {
    node.expect_keys({"source", "arrivals_per_hour", "mean_run_time", "gpus", "gpu_model", "origins", "dataset_bytes",
                      "priority_levels"});
    ExponentialJobsSpec spec;
    if (node.has("arrivals_per_hour")) spec.arrivals_per_hour = node.child("arrivals_per_hour").as_positive_double();
    if (node.has("mean_run_time")) {
      const ConfigNode run_time = node.child("mean_run_time");
      spec.mean_run_time_s = run_time.as_duration_s();
      if (!(spec.mean_run_time_s > 0)) run_time.fail("must be a positive duration, got '" + run_time.text() + "'");
    }
    if (node.has("gpus")) spec.gpus = node.child("gpus").as_integer(1, limits::kMaxGpusPerJob);
    if (node.has("gpu_model")) {
      const ConfigNode model = node.child("gpu_model");
      spec.gpu_model = topology::find_gpu_model(model.as_string());
      if (spec.gpu_model < 0)
        model.fail("unknown GPU model '" + model.text() + "' (known models: " + topology::gpu_model_names() + ")");
    } else {
      // Only an unambiguous default: the layout's one model. With several, the first pool's
      // model would depend on the order the layout happens to list its sites in.
      const auto models = layout_models(layout);
      if (models.size() != 1)
        node.fail("gpu_model is required: the layout has " + std::to_string(models.size()) +
                  " GPU models, so none is the obvious one");
      spec.gpu_model = *models.begin();
    }
    if (node.has("origins")) {
      for (const auto& [hub, weight] : parse_origin_weights(node.child("origins"), layout)) {
        spec.origins.push_back(hub);
        spec.origin_weights.push_back(weight);
      }
    } else {
      for (std::size_t hub = 0; hub < layout.hubs.size(); ++hub) {
        if (layout.home_site(static_cast<int>(hub)) < 0) continue;
        spec.origins.push_back(static_cast<int>(hub));
        spec.origin_weights.push_back(1.0);
      }
    }
    if (spec.origins.empty()) node.fail("no hub with a site to submit jobs from");
    if (node.has("dataset_bytes")) {
      const ConfigNode bytes = node.child("dataset_bytes");
      try {
        spec.dataset_bytes = units::parse_bytes(bytes.as_string());
      } catch (const units::UnitError& e) {
        bytes.fail(e.what());
      }
      if (spec.dataset_bytes < 0) bytes.fail("must not be negative, got '" + bytes.text() + "'");
    }
    // Priorities are drawn uniformly from 0 to priority_levels - 1 (an int).
    if (node.has("priority_levels"))
      spec.priority_levels = node.child("priority_levels").as_integer(1, std::numeric_limits<int>::max());
    return spec;
  }
};

class ExponentialJobs final : public JobSource {
 public:
  ExponentialJobs(ExponentialJobsSpec spec, const SourceContext& context)
      : spec_(std::move(spec)),
        context_(context),
        arrivals_(make_stream(context.seed, "exponential-jobs/arrivals")),
        run_times_(make_stream(context.seed, "exponential-jobs/run-times")),
        attributes_(make_stream(context.seed, "exponential-jobs/attributes")),
        origin_(spec_.origin_weights.begin(), spec_.origin_weights.end()) {}

  std::optional<Job> next() override {
    if (context_.max_jobs != 0 && emitted_ >= context_.max_jobs) return std::nullopt;
    boost::random::exponential_distribution<double> gap(spec_.arrivals_per_hour / 3600.0);
    clock_s_ += gap(arrivals_);
    if (context_.horizon_s > 0.0 && clock_s_ >= context_.horizon_s) return std::nullopt;
    Job job;
    job.id = emitted_++;
    job.submit_s = clock_s_;
    job.origin_hub = spec_.origins[origin_(attributes_)];
    job.gpu_model = spec_.gpu_model;
    job.gpus = spec_.gpus;
    // Full utilisation, so the run time is flops / (gpus x peak) exactly.
    boost::random::exponential_distribution<double> run_time(1.0 / spec_.mean_run_time_s);
    job.utilisation = 1.0;
    job.flops = run_time(run_times_) * job.gpus * topology::gpu_model(job.gpu_model).peak_fp16_flops;
    job.dataset_bytes = spec_.dataset_bytes;
    boost::random::uniform_int_distribution<int> priority(0, spec_.priority_levels - 1);
    job.priority = priority(attributes_);
    return job;
  }

 private:
  ExponentialJobsSpec spec_;
  SourceContext context_;
  RandomEngine arrivals_;
  RandomEngine run_times_;
  RandomEngine attributes_;
  /// Built once (a discrete_distribution keeps no state between draws, so the draws are the same).
  boost::random::discrete_distribution<std::size_t, double> origin_;
  double clock_s_ = 0.0;
  std::uint64_t emitted_ = 0;
};

}  // namespace

// Registered by name; nothing else refers to this source (job_source.hpp).
AICN_REGISTER_SOURCE("exponential-jobs",
             "Poisson arrivals, exponential run times, a fixed GPU count and model (the M/M/c workload)", SourceInfo{},
             [](const ConfigNode& spec, const SourceContext& context) -> std::unique_ptr<JobSource> {
               ExponentialJobsSpec parsed = ExponentialJobsSpec::parse(spec, *context.layout);
               check_expected_jobs(spec.has("arrivals_per_hour") ? spec.child("arrivals_per_hour") : spec,
                                   parsed.arrivals_per_hour / 3600.0, context.horizon_s, context.max_jobs);
               return std::make_unique<ExponentialJobs>(std::move(parsed), context);
             })

}  // namespace aicn::workloads
