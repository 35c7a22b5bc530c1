#include "aicn/sim/scenario.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <map>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/policy/queue_discipline.hpp"
#include "scenario_market.hpp"
#include "scenario_placement.hpp"
#include "aicn/topology/checked_number.hpp"
#include "aicn/topology/input_limits.hpp"
#include "aicn/topology/layout_loader.hpp"
#include "aicn/workloads/job_source.hpp"
#include "aicn/workloads/lease_sources.hpp"

namespace aicn::embedded {
const std::map<std::string, std::string>& builtin_scenarios();
}

namespace aicn::sim {

using config::ConfigNode;

std::vector<std::pair<std::string, std::string>> default_simgrid_config() {
  return {
      // Max-min bandwidth sharing weighted by route latency (network.sharing: max-min makes it
      // plain), without LV08's TCP correction factors (latency x13.01, bandwidth x0.97), which
      // were fitted to LAN TCP flows, not to a provisioned optical backbone; a lone transfer
      // then takes latency + size / bandwidth exactly.
      {"network/model", "CM02"},
      // The default 4 MiB TCP window caps a long-haul flow at window/RTT (a 10 GB move over
      // 100 Gb/s and 10 ms took 49 s instead of 0.8 s). 0 removes the cap: bulk transfers on
      // the backbone use tuned, window-scaled flows.
      {"network/TCP-gamma", "0"},
      // No reverse-path acknowledgement traffic: the fibre is full duplex and modelled as
      // split-duplex links, so the ack stream does not compete with data.
      {"network/crosstraffic", "0"},
  };
}

const char* compute_model_name(ComputeModel model) { return model == ComputeModel::TIMER ? "timer" : "exec"; }

std::string periodic_count_problem(const char* key, double horizon_s, double interval_s) {
  const double count = horizon_s / interval_s;
  if (count <= limits::kMaxPeriodicEvents) return "";
  return "a " + checked::format_number(interval_s) + " s " + key + " over the " + checked::format_number(horizon_s) +
         " s horizon makes " + checked::format_count(std::round(count)) + " timer events, more than " +
         checked::format_count(limits::kMaxPeriodicEvents) + "; the smallest " + key + " for this horizon is " +
         checked::format_number(horizon_s / limits::kMaxPeriodicEvents) + " s";
}

std::string random_failure_problem(const topology::RandomFailures& failures, const topology::Layout& layout,
                                   double horizon_s) {
  // Each element fails about horizon / (mtbf + mttr) times, and every failure and repair
  // starts a network state.
  auto expected = [&](const topology::FailureRates& rates, std::size_t elements) {
    return rates.mtbf_s > 0 ? 2.0 * static_cast<double>(elements) * horizon_s / (rates.mtbf_s + rates.mttr_s) : 0.0;
  };
  const double states = expected(failures.links, layout.links.size()) + expected(failures.sites, layout.sites.size());
  if (states <= static_cast<double>(limits::kMaxNetworkStates)) return "";
  return "these failure rates make about " + checked::format_count(std::round(states)) + " network states over the " +
         checked::format_number(horizon_s) + " s horizon, more than " + std::to_string(limits::kMaxNetworkStates) +
         " (each holds a route per site pair); raise mtbf or shorten the horizon";
}

void check_run_size(const Scenario& scenario) {
  for (const auto& problem :
       {periodic_count_problem("sample_interval", scenario.horizon_s, scenario.sample_interval_s),
        scenario.dispatch_tick_s > 0 ? periodic_count_problem("dispatch_tick", scenario.horizon_s, scenario.dispatch_tick_s)
                                     : std::string(),
        random_failure_problem(scenario.random_failures, scenario.layout, scenario.horizon_s)})
    if (!problem.empty()) throw config::ConfigError(scenario.origin + ": " + problem);
}

ConfigNode option_value(const std::string& option, const std::string& text) {
  // A node built from a value has no position, so its errors read "--seed: ..." (no file, no line).
  return ConfigNode(YAML::Node(text), "", option);
}

std::uint64_t parse_seed(const ConfigNode& seed) {
  return seed.as_integer<std::uint64_t>(0, std::numeric_limits<std::uint64_t>::max());
}

double parse_horizon_s(const ConfigNode& horizon) {
  const double value = horizon.as_duration_s();
  // Far beyond any planning question (tests use 100000d as "until max_jobs"), and small enough
  // that a double still resolves simulated time to better than 0.1 ms.
  if (value > kMaxHorizonS) horizon.fail("must be at most 3650000d (10000 years), got '" + horizon.text() + "'");
  return value;
}

std::uint64_t parse_max_jobs(const ConfigNode& max_jobs) {
  return max_jobs.as_integer<std::uint64_t>(1, std::numeric_limits<std::uint64_t>::max());
}

namespace {

ComputeModel parse_compute_model(const ConfigNode& model) {
  const std::string text = model.as_string();
  if (text == "timer") return ComputeModel::TIMER;
  if (text == "exec") return ComputeModel::EXEC;
  model.fail("must be 'timer' or 'exec', got '" + text + "'");
}

/// The scenario's keys with the command line's overrides on top: a key an option replaces
/// is read from the option's value, through the same parser as the file's.
class Keys {
 public:
  Keys(const ConfigNode& root, const ScenarioOverrides& overrides) : root_(root), overrides_(overrides) {}
  const ConfigNode* override_of(std::string_view key) const {
    for (const auto& item : overrides_)
      if (item.key == key) return &item.value;
    return nullptr;
  }
  bool has(std::string_view key) const { return override_of(key) != nullptr || root_.has(key); }
  ConfigNode get(std::string_view key) const {
    if (const ConfigNode* value = override_of(key)) return *value;
    return root_.child(key);
  }

 private:
  const ConfigNode& root_;
  const ScenarioOverrides& overrides_;
};

/// The file's `policy:` (a name, or {name, params}) and, when an option replaces the policy, the
/// option's name. The file's params were written for the file's policy: another policy gets its
/// defaults.
void parse_policy(Scenario& scenario, const ConfigNode& root, const ConfigNode* override_name) {
  const auto& registry = policy::PolicyRegistry::instance();
  ConfigNode params(YAML::Node(), root.file(), "policy.params");
  if (root.has("policy")) {
    ConfigNode policy = root.child("policy");
    ConfigNode name = policy;
    if (policy.is_map()) {
      policy.expect_keys({"name", "params"});
      name = policy.required("name");
      params = policy.child("params");
    }
    scenario.policy = registry.at(name).name;
    // Checked against the policy's declared parameters now, before any result is written.
    scenario.policy_params = registry.validate(scenario.policy, params);
  }
  if (override_name == nullptr) return;
  const std::string name = registry.at(*override_name).name;
  if (root.has("policy") && name == scenario.policy) return;  // the file's params were written for it
  scenario.policy = name;
  scenario.policy_params = registry.validate(name, ConfigNode(YAML::Node(), "", "policy.params"));
}

}  // namespace

Scenario parse_scenario(const ConfigNode& root, const std::string& base_dir, const ScenarioOverrides& overrides) {
  root.expect_keys({"name", "description", "seed", "horizon", "drain", "max_jobs", "sample_interval",
                    "compute_model", "layout", "workload", "policy", "simgrid", "economics",
                    "dispatch_tick", "queue", "outages", "checkpoint_interval", "random_failures", "forecast",
                    "placement", "admission", "network", "data", "prices", "leases", "cross_site", "market"});
  const Keys keys(root, overrides);
  Scenario scenario;
  scenario.origin = root.file();
  scenario.base_dir = base_dir;
  if (root.has("name")) scenario.name = root.child("name").as_string();
  if (keys.has("seed")) scenario.seed = parse_seed(keys.get("seed"));
  if (keys.has("horizon")) scenario.horizon_s = parse_horizon_s(keys.get("horizon"));
  if (keys.has("drain")) scenario.drain = keys.get("drain").as_bool();
  if (keys.has("max_jobs")) scenario.max_jobs = parse_max_jobs(keys.get("max_jobs"));
  if (root.has("sample_interval")) scenario.sample_interval_s = root.child("sample_interval").as_duration_s();
  if (keys.has("compute_model")) scenario.compute_model = parse_compute_model(keys.get("compute_model"));

  scenario.layout = topology::resolve_layout(root.required("layout"), base_dir);
  if (root.has("outages")) scenario.outages = topology::parse_outages(root.child("outages"), scenario.layout);
  if (root.has("outages") && scenario.outages.size() > static_cast<std::size_t>(limits::kMaxNetworkStates))
    root.child("outages").fail(std::to_string(scenario.outages.size()) + " outage events, more than the " +
                               std::to_string(limits::kMaxNetworkStates) + " network states a run may hold");
  if (root.has("random_failures")) {
    const ConfigNode failures = root.child("random_failures");
    scenario.random_failures = topology::parse_random_failures(failures);
    if (const auto problem = random_failure_problem(scenario.random_failures, scenario.layout, scenario.horizon_s);
        !problem.empty())
      failures.fail(problem);
  }
  scenario.network = parse_network_settings(root.child("network"), scenario.layout);
  scenario.data = parse_data_settings(root.child("data"), scenario.layout);
  if (root.has("checkpoint_interval")) scenario.checkpoint_interval_s = root.child("checkpoint_interval").as_duration_s();

  scenario.workload = root.required("workload");
  {
    // Build the source once so that a bad workload spec fails now, not mid-run.
    workloads::SourceContext context{&scenario.layout, scenario.seed, scenario.horizon_s, scenario.max_jobs, base_dir};
    workloads::SourceRegistry::instance().create(scenario.workload, context);
  }

  parse_policy(scenario, root, keys.override_of("policy"));
  parse_placement(scenario, root, keys.override_of("placement"));

  scenario.economics = topology::parse_economics(root.child("economics"));
  // Price tiers and leases (docs/leasing.md): only a scenario that names them has them.
  if (root.has("prices")) {
    scenario.prices = topology::parse_site_prices(root.child("prices"));
    for (const auto& [site, list] : scenario.prices.by_site)
      if (scenario.layout.site_index(site) < 0)
        root.child("prices").child("sites").child(site).fail(scenario.layout.unknown_site_message(site));
    scenario.prices_given = true;
  }
  if (root.has("leases")) {
    const workloads::LeaseContext context{&scenario.layout, &scenario.prices, scenario.seed, scenario.horizon_s, base_dir};
    scenario.leases = workloads::load_leases(root.child("leases"), context);
    scenario.leases_given = true;
  }
  if (root.has("market")) parse_market(scenario, root.child("market"));
  if (root.has("cross_site")) parse_cross_site(root.child("cross_site"), scenario.cross_site);

  if (root.has("dispatch_tick")) {
    const ConfigNode tick = root.child("dispatch_tick");
    scenario.dispatch_tick_s = tick.as_duration_s();
    if (!(scenario.dispatch_tick_s > 0)) tick.fail("must be a positive duration, got '" + tick.text() + "'");
  }

  if (keys.has("forecast")) {
    const ConfigNode forecast = keys.get("forecast");
    forecast.expect_keys({"relative_error"});
    if (forecast.has("relative_error")) {
      const ConfigNode error = forecast.child("relative_error");
      scenario.forecast_relative_error = error.as_double();
      if (!(scenario.forecast_relative_error >= 0.0 && scenario.forecast_relative_error <= 1.0))
        error.fail("a relative forecast error is a fraction from 0 (perfect) to 1, got '" + error.text() + "'");
    }
  }

  if (keys.has("queue")) {
    const ConfigNode queue = keys.get("queue");
    scenario.queue_discipline = policy::QueueDisciplineRegistry::instance().at(queue).name;
  }

  // Periodic timers whose count would keep the engine (and the trace file) growing for days.
  if (const auto problem = periodic_count_problem("sample_interval", scenario.horizon_s, scenario.sample_interval_s);
      !problem.empty()) {
    const ConfigNode culprit = root.has("sample_interval") ? root.child("sample_interval") : keys.get("horizon");
    culprit.fail("'" + culprit.text() + (root.has("sample_interval") ? "' is too short: " : "' is too long: ") + problem);
  }
  if (scenario.dispatch_tick_s > 0)
    if (const auto problem = periodic_count_problem("dispatch_tick", scenario.horizon_s, scenario.dispatch_tick_s);
        !problem.empty())
      root.child("dispatch_tick").fail("'" + root.child("dispatch_tick").text() + "' is too short: " + problem);

  scenario.simgrid_config = default_simgrid_config();
  if (root.has("simgrid")) {
    for (const auto& [key, value] : root.child("simgrid").entries()) {
      const std::string text = value.as_string();
      scenario.simgrid_config_source.insert_or_assign(key, value);
      bool replaced = false;
      for (auto& [existing_key, existing_value] : scenario.simgrid_config) {
        if (existing_key == key) {
          existing_value = text;
          replaced = true;
        }
      }
      if (!replaced) scenario.simgrid_config.emplace_back(key, text);
    }
  }
  if (scenario.network.sharing == BandwidthSharing::MAX_MIN) {
    // SimGrid's CM02 weights a flow by its route latency once that latency is paid; a flow
    // whose latency is 0 keeps weight 1. So every flow gets latency 0 inside SimGrid (and no
    // weight-S term), and Transfers pays the route latency before the flow starts.
    for (const char* key : {"network/latency-factor", "network/weight-S"}) {
      // A resolved scenario lists them as 0 itself, and must run again as it is.
      if (const auto given = scenario.simgrid_config_source.find(key); given != scenario.simgrid_config_source.end()) {
        if (given->second.as_double() != 0.0)
          given->second.fail(std::string("must be 0 with network.sharing: max-min (which sets it so), got '") +
                             given->second.text() + "'");
        continue;
      }
      scenario.simgrid_config.emplace_back(key, "0");
    }
  }
  return scenario;
}

Scenario load_scenario_file(const std::string& path, const ScenarioOverrides& overrides) {
  const std::string base_dir = std::filesystem::absolute(path).parent_path().string();
  return parse_scenario(ConfigNode::load_file(path), base_dir, overrides);
}

Scenario load_builtin_scenario(const std::string& name, const ScenarioOverrides& overrides) {
  const auto& scenarios = embedded::builtin_scenarios();
  auto found = scenarios.find(name);
  if (found == scenarios.end()) throw config::ConfigError("no built-in scenario called '" + name + "'");
  Scenario scenario = parse_scenario(ConfigNode::load_text(found->second, "built-in scenario " + name),
                                     std::filesystem::current_path().string(), overrides);
  return scenario;
}

std::vector<std::string> builtin_scenario_names() {
  std::vector<std::string> names;
  for (const auto& [name, text] : embedded::builtin_scenarios()) names.push_back(name);
  return names;
}

void set_policy(Scenario& scenario, const std::string& policy) {
  const auto& registry = policy::PolicyRegistry::instance();
  const std::string name = registry.at(policy).name;  // throws std::invalid_argument naming the valid ones
  if (name == scenario.policy) return;  // the file's params were written for this policy: keep them
  scenario.policy = name;
  scenario.policy_params = registry.validate(name, ConfigNode(YAML::Node(), "", "policy.params"));
}

void set_queue_discipline(Scenario& scenario, const std::string& discipline) {
  scenario.queue_discipline = policy::QueueDisciplineRegistry::instance().at(discipline).name;
}

std::string resolved_scenario_yaml(const Scenario& scenario) {
  YAML::Node root;
  root["name"] = scenario.name;
  root["seed"] = scenario.seed;
  root["horizon"] = std::to_string(scenario.horizon_s) + "s";
  root["drain"] = scenario.drain;
  if (scenario.max_jobs > 0) root["max_jobs"] = scenario.max_jobs;
  root["sample_interval"] = std::to_string(scenario.sample_interval_s) + "s";
  root["compute_model"] = compute_model_name(scenario.compute_model);
  root["layout"] = topology::layout_to_yaml(scenario.layout);
  if (!scenario.outages.empty()) root["outages"] = topology::outages_to_yaml(scenario.outages, scenario.layout);
  if (scenario.random_failures.any()) root["random_failures"] = topology::random_failures_to_yaml(scenario.random_failures);
  if (!scenario.outages.empty() || scenario.random_failures.any())
    root["checkpoint_interval"] = std::to_string(scenario.checkpoint_interval_s) + "s";
  root["workload"] = YAML::Clone(scenario.workload.yaml());
  root["policy"]["name"] = scenario.policy;
  if (scenario.policy_params.source().defined())
    root["policy"]["params"] = YAML::Clone(scenario.policy_params.source().yaml());
  root["queue"] = scenario.queue_discipline;
  if (scenario.admit_now) root["admission"] = "now";
  // Only when set: runs with the built-in pools keep their resolved scenario as it was.
  if (!scenario.placement.empty()) {
    root["placement"]["name"] = scenario.placement;
    if (scenario.placement_params.source().defined())
      root["placement"]["params"] = YAML::Clone(scenario.placement_params.source().yaml());
  }
  if (scenario.dispatch_tick_s > 0) root["dispatch_tick"] = std::to_string(scenario.dispatch_tick_s) + "s";
  if (scenario.forecast_relative_error > 0) root["forecast"]["relative_error"] = scenario.forecast_relative_error;
  for (const auto& [key, value] : scenario.simgrid_config) root["simgrid"][key] = value;
  root["economics"] = topology::economics_to_yaml(scenario.economics);
  // Only when set: resolved files of runs without it stay as they were.
  const NetworkSettings& network = scenario.network;
  if (network.sharing != BandwidthSharing::LATENCY_WEIGHTED || network.has_background() || network.has_site_limits())
    root["network"] = network_settings_to_yaml(network, scenario.layout);
  if (!scenario.data.is_default()) root["data"] = data_settings_to_yaml(scenario.data, scenario.layout);
  if (scenario.prices_given) {
    root["prices"]["default"] = topology::price_list_to_yaml(scenario.prices.base);
    for (const auto& [site, list] : scenario.prices.by_site) root["prices"]["sites"][site] = topology::price_list_to_yaml(list);
  }
  if (scenario.leases_given) {
    // The market's matches are made again from `market`, not repeated as leases.
    const bool market = !scenario.market_yaml.IsNull();  // a default YAML::Node is null, not undefined
    const std::vector<topology::Lease> own(scenario.leases.begin(),
                                           scenario.leases.begin() + static_cast<std::ptrdiff_t>(market ? scenario.market_leases_from
                                                                                                        : scenario.leases.size()));
    root["leases"] = topology::leases_to_yaml(own, scenario.layout);
    if (market) root["market"] = scenario.market_yaml;
  }
  if (scenario.cross_site.given) root["cross_site"] = cross_site_to_yaml(scenario.cross_site);
  YAML::Emitter out;
  out << YAML::Comment("Resolved AICN scenario (from " + scenario.origin + "): layout expanded, scenario defaults filled in, workload as written. Run it again with: aicn run THIS_FILE");
  out << YAML::Newline << root;
  return std::string(out.c_str()) + "\n";
}

}  // namespace aicn::sim
