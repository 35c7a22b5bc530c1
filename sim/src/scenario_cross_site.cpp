// The scenario key `cross_site`: how training jobs that a policy splits over several sites
// synchronise (the inputs of workloads/cross_site_training.hpp that are not the job's own).
#include <cstdio>
#include <string>

#include "aicn/sim/scenario.hpp"
#include "aicn/topology/units.hpp"

namespace aicn::sim {
namespace {

double fraction(const config::ConfigNode& node, double high) {
  const double value = node.as_double();
  if (!(value >= 0.0 && value <= high))
    node.fail("must be from 0 to " + checked::format_number(high) + ", got '" + node.text() + "'");
  return value;
}

std::string seconds_text(double s) {
  return checked::format_number(s) + "s";
}

}  // namespace

void parse_cross_site(const config::ConfigNode& node, CrossSiteSettings& settings) {
  node.expect_map();
  node.expect_keys({"scheme", "local_steps", "tokens_per_step", "overlap", "fabric_bandwidth", "fabric_latency",
                    "gpus_per_replica", "gradient_bytes_per_parameter", "extra_steps", "activation_bytes",
                    "microbatches", "aggregation_error", "aggregation_rounds"});
  settings.given = true;
  workloads::TrainingStepInputs& step = settings.step;
  if (node.has("scheme")) {
    const config::ConfigNode scheme = node.child("scheme");
    try {
      step.scheme = workloads::parse_sync_scheme(scheme.as_string());
    } catch (const std::invalid_argument& error) {
      scheme.fail(error.what());
    }
  }
  if (node.has("local_steps")) step.local_steps = node.child("local_steps").as_integer<int>(1, 1'000'000'000);
  if (node.has("tokens_per_step")) step.tokens_per_step = node.child("tokens_per_step").as_positive_double();
  if (node.has("overlap")) step.overlap = fraction(node.child("overlap"), 1.0);
  if (node.has("fabric_bandwidth")) {
    step.fabric_bps_per_gpu = node.child("fabric_bandwidth").as_bandwidth_bps();
    if (!(step.fabric_bps_per_gpu > 0.0)) node.child("fabric_bandwidth").fail("must be a positive bandwidth");
  }
  if (node.has("fabric_latency")) {
    // 0s is allowed here (no per-hop latency), unlike durations elsewhere.
    const config::ConfigNode latency = node.child("fabric_latency");
    try {
      step.fabric_latency_s = units::parse_duration_s(latency.as_string());
    } catch (const units::UnitError& error) {
      latency.fail(error.what());
    }
    if (!(step.fabric_latency_s >= 0.0 && step.fabric_latency_s <= 1.0))
      latency.fail("must be from 0s to 1s, got '" + latency.text() + "'");
  }
  if (node.has("gpus_per_replica"))
    step.gpus_per_replica = node.child("gpus_per_replica").as_integer<int>(1, 1'000'000);
  if (node.has("gradient_bytes_per_parameter"))
    step.gradient_bytes_per_parameter = node.child("gradient_bytes_per_parameter").as_positive_double();
  if (node.has("extra_steps")) step.extra_steps = fraction(node.child("extra_steps"), 100.0);
  if (node.has("activation_bytes")) step.activation_bytes_per_microbatch = node.child("activation_bytes").as_bytes();
  if (node.has("microbatches")) step.microbatches = node.child("microbatches").as_integer<int>(1, 1'000'000);
  if (node.has("aggregation_error")) {
    settings.aggregation_error = fraction(node.child("aggregation_error"), 1.0);
    if (!(settings.aggregation_error > 0.0)) node.child("aggregation_error").fail("must be above 0, got '0'");
  }
  if (node.has("aggregation_rounds"))
    settings.aggregation_rounds = node.child("aggregation_rounds").as_integer<int>(0, 1'000'000'000);
  if (step.scheme == workloads::SyncScheme::PIPELINE && !(step.activation_bytes_per_microbatch > 0.0))
    node.fail("scheme pipeline needs activation_bytes (bytes of one micro-batch's activations at a stage boundary)");
}

YAML::Node cross_site_to_yaml(const CrossSiteSettings& settings) {
  const workloads::TrainingStepInputs& step = settings.step;
  YAML::Node node;
  node["scheme"] = workloads::sync_scheme_name(step.scheme);
  node["local_steps"] = step.local_steps;
  node["tokens_per_step"] = step.tokens_per_step;
  node["overlap"] = step.overlap;
  node["fabric_bandwidth"] = checked::format_number(step.fabric_bps_per_gpu) + "bps";
  node["fabric_latency"] = seconds_text(step.fabric_latency_s);
  node["gpus_per_replica"] = step.gpus_per_replica;
  node["gradient_bytes_per_parameter"] = step.gradient_bytes_per_parameter;
  node["extra_steps"] = step.extra_steps;
  if (step.activation_bytes_per_microbatch > 0.0)
    node["activation_bytes"] = checked::format_number(step.activation_bytes_per_microbatch) + "B";
  node["microbatches"] = step.microbatches;
  node["aggregation_error"] = settings.aggregation_error;
  node["aggregation_rounds"] = settings.aggregation_rounds;
  return node;
}

}  // namespace aicn::sim
