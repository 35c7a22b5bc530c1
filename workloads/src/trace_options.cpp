#include "aicn/workloads/trace_options.hpp"

#include <algorithm>
#include <boost/random/uniform_real_distribution.hpp>
#include <filesystem>

#include "aicn/topology/checked_number.hpp"

namespace aicn::workloads {

using config::ConfigNode;

std::string origin_hub_problem(const topology::Layout& layout, const std::string& name) {
  const int hub = layout.hub_index(name);
  if (hub < 0) return "unknown hub '" + name + "' in this layout";
  if (layout.home_site(hub) < 0) return "hub '" + name + "' has no site, so its data has nowhere to live";
  return "";
}

std::vector<std::pair<int, double>> parse_origin_weights(const ConfigNode& node, const topology::Layout& layout) {
  std::vector<std::pair<int, double>> weights;
  if (node.defined()) {
    for (const auto& [hub_name, weight] : node.entries()) {
      if (const std::string problem = origin_hub_problem(layout, hub_name); !problem.empty()) weight.fail(problem);
      weights.emplace_back(layout.hub_index(hub_name), weight.as_positive_double());
    }
    if (weights.empty()) node.fail("must list at least one hub");
    return weights;
  }
  for (std::size_t hub = 0; hub < layout.hubs.size(); ++hub)
    if (layout.hubs[hub].side == topology::Side::EAST && layout.home_site(static_cast<int>(hub)) >= 0)
      weights.emplace_back(static_cast<int>(hub), 1.0);
  return weights;
}

std::set<topology::GpuModelId> layout_models(const topology::Layout& layout) {
  std::set<topology::GpuModelId> present;
  for (const auto& site : layout.sites)
    for (const auto& pool : site.pools) present.insert(pool.gpu_model);
  return present;
}

std::vector<std::pair<topology::GpuModelId, double>> parse_gpu_model_weights(const ConfigNode& node,
                                                                             const topology::Layout& layout) {
  const auto present = layout_models(layout);
  std::vector<std::pair<topology::GpuModelId, double>> models;
  if (node.is_scalar()) {
    const std::string word = node.as_string();
    if (word != "capacity") node.fail("must be a mapping {MODEL: weight, ...} or 'capacity', got '" + word + "'");
    // Each model weighted by the layout's installed dense FP16 peak of it: a job's GPU-hours
    // are FLOPs / (peak x u), so demand per GPU is then the same for every model.
    for (const auto model : present) {
      double peak_flops = 0.0;
      for (const auto& site : layout.sites)
        for (const auto& pool : site.pools)
          if (pool.gpu_model == model) peak_flops += pool.gpus * topology::gpu_model(model).peak_fp16_flops;
      if (peak_flops > 0.0) models.emplace_back(model, peak_flops);
    }
    if (models.empty()) node.fail("'capacity': the layout has no GPUs");
    return models;
  }
  for (const auto& [model_name, weight] : node.entries()) {
    const auto model = topology::find_gpu_model(model_name);
    if (model < 0) weight.fail("unknown GPU model '" + model_name + "' (known models: " + topology::gpu_model_names() + ")");
    if (!present.count(model)) weight.fail("no site in this layout has GPU model '" + model_name + "'");
    models.emplace_back(model, weight.as_positive_double());
  }
  if (models.empty()) node.fail("must list at least one GPU model");
  return models;
}

TraceOptions TraceOptions::parse(const ConfigNode& spec, const topology::Layout& layout) {
  TraceOptions options;
  options.origin_weights = parse_origin_weights(spec.child("origins"), layout);
  if (options.origin_weights.empty())
    spec.fail("no origin hubs: the layout has no eastern hub with a site and no 'origins' were given");
  if (spec.has("time_scale")) options.time_scale = spec.child("time_scale").as_positive_double();
  if (spec.has("time_shift")) {
    const ConfigNode shift = spec.child("time_shift");
    const std::string text = shift.as_string();
    options.time_shift_s = text.starts_with("-") ? -ConfigNode(YAML::Node(text.substr(1)), shift.file(), shift.path()).as_duration_s()
                                                 : shift.as_duration_s();
  }
  if (spec.has("skip_bad")) options.skip_bad = spec.child("skip_bad").as_bool();
  return options;
}

void check_expected_jobs(const ConfigNode& rate_node, double rate_per_s, double horizon_s, std::uint64_t max_jobs) {
  if (max_jobs != 0 && static_cast<double>(max_jobs) <= limits::kMaxExpectedJobs) return;
  const double expected = rate_per_s * horizon_s;
  if (expected <= limits::kMaxExpectedJobs) return;
  rate_node.fail("this rate over the " + checked::format_number(horizon_s) + " s horizon makes about " +
                 checked::format_count(std::round(expected)) + " jobs, more than " +
                 checked::format_count(limits::kMaxExpectedJobs) + "; lower it, shorten the horizon or set max_jobs");
}

std::size_t draw_weighted(RandomEngine& engine, const std::vector<double>& cumulative) {
  boost::random::uniform_real_distribution<double> uniform(0.0, cumulative.back());
  const double u = uniform(engine);
  const auto found = std::upper_bound(cumulative.begin(), cumulative.end(), u);
  return std::min(static_cast<std::size_t>(found - cumulative.begin()), cumulative.size() - 1);
}

std::string resolve_trace_path(const ConfigNode& path_node, const std::string& base_dir) {
  std::filesystem::path path(path_node.as_string());
  if (path.is_relative() && !base_dir.empty()) path = std::filesystem::path(base_dir) / path;
  std::error_code error;  // a name the OS refuses (too long, say) is an input error, not a throw
  if (!std::filesystem::exists(path, error))
    path_node.fail("trace file '" + path.string() + "' does not exist" + (error ? " (" + error.message() + ")" : ""));
  return path.string();
}

}  // namespace aicn::workloads
