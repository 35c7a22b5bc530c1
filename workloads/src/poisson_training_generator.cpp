#include "aicn/workloads/poisson_training_generator.hpp"

#include <algorithm>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <cmath>
#include <set>

#include "aicn/topology/checked_number.hpp"
#include "aicn/topology/input_limits.hpp"
#include "aicn/topology/units.hpp"
#include "aicn/workloads/distributions.hpp"
#include "aicn/workloads/formulas.hpp"
#include "aicn/workloads/job_classes.hpp"
#include "aicn/workloads/trace_options.hpp"

namespace aicn::workloads {
namespace {

using config::ConfigNode;

template <typename Id>
boost::random::discrete_distribution<std::size_t, double> weighted_draw(const std::vector<std::pair<Id, double>>& weights) {
  std::vector<double> w;
  w.reserve(weights.size());
  for (const auto& entry : weights) w.push_back(entry.second);
  return boost::random::discrete_distribution<std::size_t, double>(w.begin(), w.end());
}

}  // namespace

PoissonTrainingSpec PoissonTrainingSpec::parse(const ConfigNode& node, const topology::Layout& layout) {
  node.expect_keys({"source", "arrivals_per_hour", "origins", "gpu_models", "parameters", "tokens",
                    "target_duration", "utilisation", "max_gpus", "dataset_bytes_per_token", "accept_alternatives"});
  PoissonTrainingSpec spec;
  if (node.has("arrivals_per_hour")) spec.arrivals_per_hour = node.child("arrivals_per_hour").as_positive_double();

  spec.origin_weights = parse_origin_weights(node.child("origins"), layout);
  if (spec.origin_weights.empty()) node.fail("no origin hubs: the layout has no eastern hub and no 'origins' were given");

  if (node.has("gpu_models")) {
    spec.gpu_model_weights = parse_gpu_model_weights(node.child("gpu_models"), layout);
  } else {
    for (auto model : layout_models(layout)) spec.gpu_model_weights.emplace_back(model, 1.0);
  }

  parse_training_sizes(node, spec);
  if (node.has("accept_alternatives")) spec.accept_alternatives = node.child("accept_alternatives").as_bool();
  return spec;
}

PoissonTrainingGenerator::PoissonTrainingGenerator(PoissonTrainingSpec spec, const SourceContext& context)
    : spec_(std::move(spec)),
      context_(context),
      arrivals_(make_stream(context.seed, "poisson-training/arrivals")),
      sizes_(make_stream(context.seed, "poisson-training/sizes")),
      origin_draw_(weighted_draw(spec_.origin_weights)),
      model_draw_(weighted_draw(spec_.gpu_model_weights)) {}

std::optional<Job> PoissonTrainingGenerator::next() {
  if (context_.max_jobs != 0 && emitted_ >= context_.max_jobs) return std::nullopt;
  boost::random::exponential_distribution<double> gap(spec_.arrivals_per_hour / 3600.0);
  clock_s_ += gap(arrivals_);
  if (context_.horizon_s > 0.0 && clock_s_ >= context_.horizon_s) return std::nullopt;

  Job job;
  job.id = emitted_++;
  job.kind = JobKind::TRAINING;
  job.submit_s = clock_s_;
  job.origin_hub = spec_.origin_weights[origin_draw_(sizes_)].first;
  job.gpu_model = spec_.gpu_model_weights[model_draw_(sizes_)].first;
  const double parameters = draw_lognormal(sizes_, spec_.parameters);
  const double tokens = draw_lognormal(sizes_, spec_.tokens);
  const double target_s = draw_lognormal(sizes_, spec_.target_duration_s);
  job.utilisation = spec_.utilisation;
  job.flops = training_flops(parameters, tokens);
  // Enough GPUs for the FLOP rate and for the memory (16 N of state, plus each GPU's
  // activations: job_classes.hpp), whole servers above 8, at most max_gpus.
  job.gpus = training_gpus_for(training_flops_rate(parameters, tokens, target_s), parameters, spec_.utilisation,
                               job.gpu_model, spec_.max_gpus);
  job.memory_bytes = training_job_memory_bytes(parameters, job.gpus);
  job.dataset_bytes = tokens * spec_.dataset_bytes_per_token;
  if (spec_.accept_alternatives) add_alternative_models(job, spec_.gpu_model_weights);
  return job;
}

// Registered by name; nothing else refers to this source (job_source.hpp).
AICN_REGISTER_SOURCE("poisson-training",
             "training jobs from the eastern hubs, Poisson arrivals, sized by 6ND over a target duration", SourceInfo{},
             [](const config::ConfigNode& spec, const SourceContext& context) -> std::unique_ptr<JobSource> {
               PoissonTrainingSpec parsed = PoissonTrainingSpec::parse(spec, *context.layout);
               check_expected_jobs(spec.has("arrivals_per_hour") ? spec.child("arrivals_per_hour") : spec,
                                   parsed.arrivals_per_hour / 3600.0, context.horizon_s, context.max_jobs);
               return std::make_unique<PoissonTrainingGenerator>(std::move(parsed), context);
             })

}  // namespace aicn::workloads
