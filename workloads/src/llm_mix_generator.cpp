#include "aicn/workloads/llm_mix_generator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <boost/random/uniform_real_distribution.hpp>
#include <set>

#include "aicn/topology/checked_number.hpp"
#include "aicn/topology/input_limits.hpp"
#include "aicn/topology/units.hpp"
#include "aicn/workloads/job_classes.hpp"
#include "aicn/workloads/trace_options.hpp"

namespace aicn::workloads {
namespace {

using config::ConfigNode;
constexpr double kHour = 3600.0;
constexpr double kDay = 86400.0;

std::vector<std::pair<int, double>> western_hubs(const topology::Layout& layout) {
  std::vector<std::pair<int, double>> hubs;
  for (std::size_t hub = 0; hub < layout.hubs.size(); ++hub)
    if (layout.hubs[hub].side == topology::Side::WEST && layout.home_site(static_cast<int>(hub)) >= 0)
      hubs.emplace_back(static_cast<int>(hub), 1.0);
  return hubs;
}


/// Demand is mostly eastern: where the layout has the national hubs, JJJ 28 %, YRD 33 %,
/// GBA 24 %, Chengdu-Chongqing 10 % (the national-default scenario's split, an assumption
/// following population and AI-company density), and 5 % from the western hubs together.
/// Other layouts: every eastern hub equally.
std::vector<std::pair<int, double>> default_origins(const topology::Layout& layout) {
  const std::vector<std::pair<std::string, double>> east{{"JJJ", 0.28}, {"YRD", 0.33}, {"GBA", 0.24}, {"CC", 0.10}};
  std::vector<std::pair<int, double>> weights;
  for (const auto& [name, weight] : east) {
    const int hub = layout.hub_index(name);
    if (hub < 0 || layout.home_site(hub) < 0) return parse_origin_weights(ConfigNode(YAML::Node(), "", ""), layout);
    weights.emplace_back(hub, weight);
  }
  const auto west = western_hubs(layout);
  for (const auto& [hub, unused] : west) weights.emplace_back(hub, 0.05 / static_cast<double>(west.size()));
  return weights;
}

/// The calibrated default of one class (sources in docs/workloads.md, "The default mix and its sources").
MixClassSpec default_class(JobKind kind, const topology::Layout& layout) {
  MixClassSpec spec;
  spec.kind = kind;
  spec.arrival.process = ArrivalSpec::Process::DIURNAL;
  spec.arrival.shape = helios_venus_diurnal_shape();
  spec.origins = kind == JobKind::DATA_TRANSFER ? parse_origin_weights(ConfigNode(YAML::Node(), "", ""), layout)
                                               : default_origins(layout);
  for (auto model : layout_models(layout)) spec.gpu_models.emplace_back(model, 1.0);
  switch (kind) {
    case JobKind::TRAINING:  // few, large, long: pre-training runs and their restarts
      spec.arrival.rate_per_s = 1.5 / kHour;
      spec.priority = 1;
      spec.parameters = {3e9, 1.2, 1e8, 1.75e11};
      spec.tokens = {6e10, 1.2, 1e8, 2e12};
      spec.target_duration_s = {12 * kHour, 1.0, 600, 30 * kDay};
      break;
    case JobKind::FINE_TUNING:  // supervised fine-tuning of open base models
      spec.arrival.rate_per_s = 30.0 / kHour;
      spec.priority = 1;
      spec.parameters = {7e9, 0.8, 1e9, 7e10};
      spec.tokens = {2e7, 1.5, 1e5, 1e10};
      spec.target_duration_s = {40 * 60.0, 1.0, 300, 3 * kDay};
      break;
    case JobKind::BATCH_INFERENCE:  // evaluation and offline generation: most jobs, small
      spec.arrival.rate_per_s = 115.0 / kHour;
      spec.parameters = {7e9, 0.8, 1e9, 7e10};
      spec.tokens = {1.2e6, 1.6, 1e4, 1e10};
      spec.target_duration_s = {kHour, 0.5, 600, kDay};
      break;
    case JobKind::INFERENCE_SERVICE:  // deployments of online models from the demand regions
      spec.arrival.process = ArrivalSpec::Process::POISSON;
      spec.arrival.rate_per_s = 0.5 / kHour;
      spec.priority = 2;
      spec.parameters = {1.3e10, 1.0, 1e9, 1.75e11};
      break;
    case JobKind::DATA_TRANSFER:  // data sets east to west, models and checkpoints back
      spec.arrival.process = ArrivalSpec::Process::POISSON;
      spec.arrival.rate_per_s = 2.0 / kHour;
      spec.destinations = western_hubs(layout);
      spec.gpu_models.clear();
      break;
  }
  return spec;
}

ArrivalSpec parse_arrival(const ConfigNode& node, ArrivalSpec spec) {
  if (node.has("arrivals_per_hour")) spec.rate_per_s = node.child("arrivals_per_hour").as_positive_double() / kHour;
  if (node.has("arrival")) {
    const ConfigNode process = node.child("arrival");
    const std::string name = process.as_string();
    if (name == "poisson") spec.process = ArrivalSpec::Process::POISSON;
    else if (name == "diurnal") spec.process = ArrivalSpec::Process::DIURNAL;
    else if (name == "bursts") spec.process = ArrivalSpec::Process::BURSTS;
    else process.fail("arrival must be poisson, diurnal or bursts, got '" + name + "'");
  }
  if (node.has("bursts")) {
    const ConfigNode bursts = node.child("bursts");
    bursts.expect_keys({"factor", "mean_length", "mean_gap", "diurnal"});
    if (bursts.has("factor")) spec.burst_factor = bursts.child("factor").as_positive_double();
    if (bursts.has("mean_length")) spec.burst_mean_s = bursts.child("mean_length").as_duration_s();
    if (bursts.has("mean_gap")) spec.quiet_mean_s = bursts.child("mean_gap").as_duration_s();
    if (bursts.has("diurnal")) spec.diurnal_bursts = bursts.child("diurnal").as_bool();
  }
  return spec;
}

MixClassSpec parse_class(const ConfigNode& node, MixClassSpec spec, const topology::Layout& layout) {
  if (!node.defined()) return spec;
  node.expect_keys({"arrivals_per_hour", "arrival", "bursts", "priority", "origins", "destinations", "gpu_models",
                    "accept_alternatives", "parameters", "tokens", "target_duration", "utilisation", "max_gpus",
                    "dataset_bytes_per_token", "tokens_per_s", "lifetime", "kv_cache_fraction", "peak_to_mean",
                    "bytes", "return_fraction", "checkpoint_interval", "latency_budget", "rescale", "target_gpus"});
  spec.arrival = parse_arrival(node, spec.arrival);
  if (node.has("priority"))
    spec.priority = node.child("priority").as_integer(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
  if (node.has("origins")) spec.origins = parse_origin_weights(node.child("origins"), layout);
  if (node.has("destinations")) spec.destinations = parse_origin_weights(node.child("destinations"), layout);
  if (node.has("gpu_models")) spec.gpu_models = parse_gpu_model_weights(node.child("gpu_models"), layout);
  if (node.has("accept_alternatives")) spec.accept_alternatives = node.child("accept_alternatives").as_bool();
  parse_training_sizes(node, spec);
  spec.tokens_per_s = parse_lognormal(node.child("tokens_per_s"), spec.tokens_per_s);
  spec.lifetime_s = parse_lognormal(node.child("lifetime"), spec.lifetime_s, units::parse_duration_s);
  if (node.has("kv_cache_fraction")) spec.kv_cache_fraction = node.child("kv_cache_fraction").as_double();
  if (node.has("peak_to_mean")) spec.peak_to_mean = node.child("peak_to_mean").as_positive_double();
  spec.bytes = parse_lognormal(node.child("bytes"), spec.bytes, units::parse_bytes);
  if (node.has("return_fraction")) {
    const ConfigNode fraction = node.child("return_fraction");
    spec.return_fraction = fraction.as_double();
    if (spec.return_fraction < 0 || spec.return_fraction > 1) fraction.fail("must be in [0, 1], got '" + fraction.text() + "'");
  }
  if (node.has("target_gpus")) spec.target_gpus = parse_lognormal(node.child("target_gpus"), LognormalSpec{8, 1.0, 1, 4096});
  if (node.has("rescale")) {
    // Every rescale interval of every service is one job: below a second (faster than any
    // deployment re-sizes) a 1ns rescale would emit jobs without end.
    const ConfigNode rescale = node.child("rescale");
    spec.rescale_interval_s = rescale.as_duration_s();
    if (spec.rescale_interval_s < 1.0) rescale.fail("must be at least 1s, got '" + rescale.text() + "'");
  }
  if (node.has("latency_budget")) spec.latency_budget_s = node.child("latency_budget").as_duration_s();
  if (node.has("checkpoint_interval")) spec.checkpoint_interval_s = node.child("checkpoint_interval").as_duration_s();
  return spec;
}

DiurnalShape parse_shape(const ConfigNode& node) {
  if (!node.defined()) return helios_venus_diurnal_shape();
  if (node.is_scalar()) {
    const std::string name = node.as_string();
    if (name == "helios-venus") return helios_venus_diurnal_shape();
    if (name == "flat") return normalised_shape(DiurnalShape{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
    node.fail("diurnal must be helios-venus, flat or a list of 24 relative rates, got '" + name + "'");
  }
  const auto values = node.elements();
  if (values.size() != 24) node.fail("needs 24 hourly values, got " + std::to_string(values.size()));
  DiurnalShape raw{};
  double sum = 0.0;
  for (std::size_t h = 0; h < 24; ++h) {
    raw[h] = values[h].as_double();
    if (raw[h] < 0) values[h].fail("must not be negative");
    sum += raw[h];
  }
  if (!(sum > 0)) node.fail("at least one hourly value must be positive");
  return normalised_shape(raw);
}

}  // namespace

LlmMixSpec LlmMixSpec::defaults(const topology::Layout& layout) {
  LlmMixSpec spec;
  for (int k = 0; k < kJobKindCount; ++k) spec.classes.push_back(default_class(static_cast<JobKind>(k), layout));
  return spec;
}

LlmMixSpec LlmMixSpec::parse(const ConfigNode& node, const topology::Layout& layout) {
  node.expect_keys({"source", "origins", "gpu_models", "diurnal", "horizon", "classes"});
  const DiurnalShape shape = parse_shape(node.child("diurnal"));
  LlmMixSpec spec;
  if (node.has("horizon")) spec.horizon_s = node.child("horizon").as_duration_s();
  std::vector<MixClassSpec> defaults = LlmMixSpec::defaults(layout).classes;
  for (auto& entry : defaults) {
    entry.arrival.shape = shape;
    if (node.has("origins"))
      entry.origins = parse_origin_weights(node.child("origins"), layout);
    if (node.has("gpu_models") && entry.kind != JobKind::DATA_TRANSFER)
      entry.gpu_models = parse_gpu_model_weights(node.child("gpu_models"), layout);
  }
  if (!node.has("classes")) {
    spec.classes = defaults;
  } else {
    const ConfigNode classes = node.child("classes");
    for (const auto& [name, class_node] : classes.entries()) {
      const auto kind = parse_job_kind(name);
      if (!kind) class_node.fail("unknown job class '" + name + "' (valid classes: " + std::string(job_kind_names()) + ")");
      for (const auto& existing : spec.classes)
        if (existing.kind == *kind) class_node.fail("class '" + name + "' is given twice");
      spec.classes.push_back(parse_class(class_node, defaults[static_cast<std::size_t>(*kind)], layout));
    }
    std::sort(spec.classes.begin(), spec.classes.end(), [](const auto& a, const auto& b) { return a.kind < b.kind; });
    if (spec.classes.empty()) classes.fail("must list at least one class");
  }
  for (const auto& entry : spec.classes) {
    const std::string where = "class " + std::string(job_kind_name(entry.kind));
    if (entry.origins.empty()) node.fail(where + ": no origin hubs (the layout has no eastern hub with a site)");
    if (entry.kind == JobKind::DATA_TRANSFER && entry.destinations.empty())
      node.fail(where + ": no destination hubs (the layout has no western hub with a site)");
    if (entry.kind != JobKind::DATA_TRANSFER && entry.gpu_models.empty()) node.fail(where + ": no GPU models");
  }
  return spec;
}

LlmMixGenerator::LlmMixGenerator(LlmMixSpec spec, const SourceContext& context) : context_(context) {
  if (spec.horizon_s > 0.0 && (context_.horizon_s <= 0.0 || spec.horizon_s < context_.horizon_s))
    context_.horizon_s = spec.horizon_s;
  for (auto& entry : spec.classes) {
    const std::string name = "llm-mix/" + std::string(job_kind_name(entry.kind));
    ClassStream stream{entry, ArrivalProcess(entry.arrival, make_stream(context.seed, name + "/arrivals")),
                       make_stream(context.seed, name + "/sizes"), cumulative_weights(entry.origins),
                       cumulative_weights(entry.destinations), cumulative_weights(entry.gpu_models), Job{},
                       {}, 0.0, 0, InferenceServiceSize{}};
    streams_.push_back(std::move(stream));
  }
  for (auto& stream : streams_) {
    stream.next_service_s = stream.arrivals.next();
    stream.pending = next_of(stream);
  }
}

Job LlmMixGenerator::draw(ClassStream& stream, double submit_s) {
  const MixClassSpec& spec = stream.spec;
  RandomEngine& rng = stream.sizes;
  // Every class draws in the same order on its own stream: origin, model, then sizes.
  const int origin = spec.origins[draw_weighted(rng, stream.origin_cumulative)].first;
  Job job;
  if (spec.kind == JobKind::DATA_TRANSFER) {
    const int destination = spec.destinations[draw_weighted(rng, stream.destination_cumulative)].first;
    boost::random::uniform_real_distribution<double> uniform(0.0, 1.0);
    const bool back = uniform(rng) < spec.return_fraction;  // a model or checkpoint returning east
    job = size_data_transfer(draw_lognormal(rng, spec.bytes), back ? destination : origin, back ? origin : destination);
  } else {
    const topology::GpuModelId model = spec.gpu_models[draw_weighted(rng, stream.model_cumulative)].first;
    const double parameters = draw_lognormal(rng, spec.parameters);
    if (spec.kind == JobKind::INFERENCE_SERVICE) {
      InferenceServiceSize size;
      size.parameters = parameters;
      size.mean_tokens_per_s = draw_lognormal(rng, spec.tokens_per_s);
      size.lifetime_s = draw_lognormal(rng, spec.lifetime_s);
      size.peak_to_mean = spec.peak_to_mean > 0 ? spec.peak_to_mean
                                                : *std::max_element(spec.arrival.shape.begin(), spec.arrival.shape.end());
      size.utilisation = spec.utilisation;
      size.kv_cache_fraction = spec.kv_cache_fraction;
      size.max_gpus = spec.max_gpus;
      job = size_inference_service(size, model);
      job.latency_budget_s = spec.latency_budget_s;
      stream.last_service_size = size;
    } else {
      const double tokens = draw_lognormal(rng, spec.tokens);
      const double target_s = draw_lognormal(rng, spec.target_duration_s);
      if (spec.kind == JobKind::BATCH_INFERENCE) {
        job = size_batch_inference(parameters, tokens, target_s, spec.utilisation, spec.dataset_bytes_per_token, model,
                                   spec.max_gpus);
      } else {
        TrainingSize size;
        size.parameters = parameters;
        size.tokens = tokens;
        size.target_duration_s = target_s;
        size.utilisation = spec.utilisation;
        size.max_gpus = spec.max_gpus;
        size.dataset_bytes_per_token = spec.dataset_bytes_per_token;
        if (spec.target_gpus)
          size.target_gpus = checked::saturate<int>(std::round(draw_lognormal(rng, *spec.target_gpus)), "target_gpus", 1,
                                                    limits::kMaxGpusPerJob);
        job = spec.kind == JobKind::TRAINING ? size_pretraining(size, model) : size_fine_tuning(size, model);
        job.checkpoint_interval_s = spec.checkpoint_interval_s;
      }
    }
    if (spec.accept_alternatives) add_alternative_models(job, spec.gpu_models);
  }
  if (job.is_compute()) job.origin_hub = origin;
  job.submit_s = submit_s;
  job.priority = spec.priority;
  return job;
}

Job LlmMixGenerator::next_of(ClassStream& stream) {
  const bool rescaled = stream.spec.kind == JobKind::INFERENCE_SERVICE && stream.spec.rescale_interval_s > 0.0;
  if (!rescaled) {
    Job job = draw(stream, stream.next_service_s);
    stream.next_service_s = stream.arrivals.next();
    return job;
  }
  using Interval = ClassStream::Interval;
  auto later = [](const Interval& a, const Interval& b) { return a.start_s != b.start_s ? a.start_s > b.start_s : a.order > b.order; };
  if (stream.alive.empty() || stream.next_service_s <= stream.alive.front().start_s) {
    Job service = draw(stream, stream.next_service_s);
    stream.alive.push_back({service.submit_s, stream.services++, service.submit_s + service.duration_s, service,
                            stream.last_service_size});
    std::push_heap(stream.alive.begin(), stream.alive.end(), later);
    stream.next_service_s = stream.arrivals.next();
  }
  std::pop_heap(stream.alive.begin(), stream.alive.end(), later);
  Interval interval = stream.alive.back();
  stream.alive.pop_back();
  const double step = stream.spec.rescale_interval_s;
  const double end_s = std::min(interval.end_s, (std::floor(interval.start_s / step) + 1.0) * step);
  // Replicas for the busiest hour the interval touches (the shape is constant within an hour).
  double factor = 0.0;
  const double first_hour_s = std::floor(interval.start_s / kHour) * kHour;
  for (double t = first_hour_s; t < end_s && t < first_hour_s + kDay; t += kHour)
    factor = std::max(factor, stream.spec.arrival.shape[static_cast<std::size_t>(std::fmod(t, kDay) / kHour) % 24]);
  InferenceServiceSize size = interval.size;
  size.peak_to_mean = factor;
  size.lifetime_s = end_s - interval.start_s;
  Job job = size_inference_service(size, interval.service.gpu_model);
  job.flops = 2.0 * size.parameters * size.mean_tokens_per_s * factor * size.lifetime_s;  // tokens served now
  job.origin_hub = interval.service.origin_hub;
  job.priority = interval.service.priority;
  job.latency_budget_s = interval.service.latency_budget_s;
  job.submit_s = interval.start_s;
  if (end_s < interval.end_s) {
    interval.start_s = end_s;
    stream.alive.push_back(interval);
    std::push_heap(stream.alive.begin(), stream.alive.end(), later);
  }
  return job;
}

std::optional<Job> LlmMixGenerator::next() {
  if (streams_.empty() || (context_.max_jobs != 0 && emitted_ >= context_.max_jobs)) return std::nullopt;
  // The earliest pending job of all classes; ties go to the class listed first.
  auto earliest = std::min_element(streams_.begin(), streams_.end(),
                                   [](const auto& a, const auto& b) { return a.pending.submit_s < b.pending.submit_s; });
  if (context_.horizon_s > 0.0 && earliest->pending.submit_s >= context_.horizon_s) return std::nullopt;
  Job job = earliest->pending;
  job.id = emitted_++;
  earliest->pending = next_of(*earliest);
  return job;
}

// Registered by name; nothing else refers to this source (job_source.hpp).
AICN_REGISTER_SOURCE("llm-mix", "five LLM job classes with their own arrivals, sizes and seeded streams (docs/workloads.md)", SourceInfo{},
             [](const config::ConfigNode& spec, const SourceContext& context) -> std::unique_ptr<JobSource> {
               LlmMixSpec parsed = LlmMixSpec::parse(spec, *context.layout);
               double rate_per_s = 0.0;
               for (const auto& entry : parsed.classes) rate_per_s += entry.arrival.mean_rate_per_s();
               check_expected_jobs(spec.has("classes") ? spec.child("classes") : spec, rate_per_s, context.horizon_s,
                                   context.max_jobs);
               return std::make_unique<LlmMixGenerator>(std::move(parsed), context);
             })

}  // namespace aicn::workloads
