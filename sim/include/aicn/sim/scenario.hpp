#pragma once
/// @file scenario.hpp
/// A scenario file: which layout, which workload, which policy, seed and horizon, and the
/// SimGrid settings. Loaded, validated and resolved here; the resolved form is saved beside
/// every result so a run can be reproduced from its output folder alone.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "aicn/sim/data_settings.hpp"
#include "aicn/sim/network_settings.hpp"
#include "aicn/topology/config_node.hpp"
#include "aicn/topology/economics.hpp"
#include "aicn/topology/layout.hpp"
#include "aicn/topology/lease.hpp"
#include "aicn/topology/outage_schedule.hpp"
#include "aicn/topology/param_spec.hpp"
#include "aicn/topology/price_tiers.hpp"
#include "aicn/workloads/cross_site_training.hpp"

namespace aicn::sim {

/// How GPU compute is represented in SimGrid (both give the same run times; see README).
enum class ComputeModel {
  TIMER,  ///< an engine timer of the job's exact duration (fast)
  EXEC,   ///< one SimGrid exec per GPU server the job holds
};

/// Synchronisation of training jobs that a policy splits over several sites.
struct CrossSiteSettings {
  /// Scheme, H, batch, overlap, in-site fabric, convergence penalty (parameters and peaks
  /// come from each job and its parts).
  workloads::TrainingStepInputs step;
  /// Consecutive rounds are simulated as one WAN communication of their bytes; their number M
  /// is the largest that keeps one such chunk under this share of the job's rounds (docs).
  double aggregation_error = 0.01;
  int aggregation_rounds = 0;  ///< M given directly (1 = every round its own communication); 0 = from the error
  bool given = false;          ///< the scenario wrote the key (the resolved scenario repeats it)
};

struct Scenario {
  std::string name = "unnamed";
  std::string origin;    ///< the file it came from, or "built-in scenario NAME"
  std::string base_dir;  ///< for relative paths inside the scenario
  std::uint64_t seed = 1;
  double horizon_s = 30 * 86400.0;  ///< arrivals stop here; the run stops here unless drain
  bool drain = false;               ///< keep simulating after the horizon until all work is done
  std::uint64_t max_jobs = 0;       ///< 0 = no cap on the number of submitted jobs
  double sample_interval_s = 3600.0;
  ComputeModel compute_model = ComputeModel::TIMER;
  topology::Layout layout;
  /// Scheduled link outages (`outages:`), in time order; see topology/outage_schedule.hpp.
  std::vector<topology::OutageEvent> outages;
  /// Seeded random failures (`random_failures:`), drawn when the run starts from the scenario
  /// seed's "outages" stream, so `--seed` and `--horizon` overrides apply to them.
  topology::RandomFailures random_failures;
  /// How often running jobs checkpoint; a site outage loses the work since the last one.
  double checkpoint_interval_s = 3600.0;
  config::ConfigNode workload{YAML::Node(), "", "workload"};
  std::string policy = "local-first";
  /// `policy.params` checked against the policy's declared parameters, defaults filled in.
  registry::ParamValues policy_params;
  double dispatch_tick_s = 0.0;  ///< also ask the policy every this often; 0 = only on events
  /// Scenario key `forecast.relative_error`: the standard deviation of the relative error of
  /// the price and carbon changes ahead that policies see (0: a perfect forecast). The errors
  /// are drawn from the scenario seed (sim/src/view_energy.cpp); the accounting charges the
  /// actual values.
  double forecast_relative_error = 0.0;
  std::string queue_discipline = "fifo";  ///< local queue discipline of every pool (policy/queue_discipline.hpp)
  /// Placement policy inside every site (policy/placement_policy.hpp); empty = the built-in
  /// best-fit pools (gpu_allocator.hpp), as before the key existed.
  std::string placement;
  registry::ParamValues placement_params;
  /// `admission: now`: a job that cannot start the moment it reaches its pool is rejected
  /// (the saturation experiment); `queue` (the default): it waits in the local queue.
  bool admit_now = false;
  /// SimGrid --cfg settings, AICN's defaults first, then the scenario's own overrides.
  std::vector<std::pair<std::string, std::string>> simgrid_config;
  /// Where each setting the scenario wrote came from (`simgrid.KEY` at its line), so that a key or
  /// value SimGrid refuses is reported there; AICN's own defaults have no entry.
  std::map<std::string, config::ConfigNode> simgrid_config_source;
  /// Background load, per-site transfer limits and bandwidth sharing (scenario key `network`).
  NetworkSettings network;
  /// Copies kept at sites, checkpoints and returned results (scenario key `data`).
  DataSettings data;
  /// Power and business model (scenario key `economics`; the brief's figures by default).
  topology::Economics economics = topology::Economics::defaults();
  /// Price tiers per site (scenario key `prices`; the seed's August 2024 table by default).
  topology::SitePrices prices;
  bool prices_given = false;  ///< the scenario wrote `prices` (then its books use them)
  /// Lease contracts (scenario key `leases`), resolved against the layout; docs/leasing.md.
  std::vector<topology::Lease> leases;
  bool leases_given = false;  ///< the scenario wrote `leases` (even empty): its summary has the books
  /// The trading platform (scenario key `market`, docs/leasing.md): its matches are the leases
  /// from `market_leases_from` on (after the `leases` key's), each keeping for the platform
  /// `platform_yuan_per_gpu_hour[i - market_leases_from]` (buyer's price less the AIDC's).
  std::size_t market_leases_from = 0;
  std::vector<double> platform_yuan_per_gpu_hour;
  YAML::Node market_yaml;  ///< the key as given (the resolved scenario repeats it, not its leases)
  /// How split training jobs synchronise (scenario key `cross_site`; docs/cross-site-training.md).
  CrossSiteSettings cross_site;
};

/// Parses the scenario key `cross_site` into `settings` (errors name the key and value).
void parse_cross_site(const config::ConfigNode& node, CrossSiteSettings& settings);
/// The `cross_site` mapping as the resolved scenario writes it.
YAML::Node cross_site_to_yaml(const CrossSiteSettings& settings);

/// The SimGrid settings AICN applies unless a scenario overrides them, with reasons in the .cpp.
std::vector<std::pair<std::string, std::string>> default_simgrid_config();

/// The longest horizon a scenario may ask for (10,000 years: 3.15e11 s, where a double's
/// spacing is still 6e-5 s).
constexpr double kMaxHorizonS = 3650000 * 86400.0;

/// A command-line value that replaces a scenario key (`--seed 7` replaces `seed:`). It is read
/// by the key's own parser, so a bad value is refused exactly as in the file, naming the option:
/// "--max-jobs: must be a positive integer, got '-5'". Keys that take one: seed, horizon,
/// drain, max_jobs, compute_model, policy, queue, placement.
struct ScenarioOverride {
  std::string key;           ///< the scenario key, e.g. "max_jobs"
  config::ConfigNode value;  ///< from option_value()
};
using ScenarioOverrides = std::vector<ScenarioOverride>;

/// An option's text as a scalar whose errors name the option ("--seed: ...", no file or line).
config::ConfigNode option_value(const std::string& option, const std::string& text);

/// The parsers of the keys an option may replace, shared by the file and the command line.
std::uint64_t parse_seed(const config::ConfigNode& seed);
double parse_horizon_s(const config::ConfigNode& horizon);
std::uint64_t parse_max_jobs(const config::ConfigNode& max_jobs);

/// Parses and validates a scenario, `overrides` replacing the keys they name; errors name the
/// file, key path and bad value (or the option and its value).
Scenario parse_scenario(const config::ConfigNode& root, const std::string& base_dir,
                        const ScenarioOverrides& overrides = {});
Scenario load_scenario_file(const std::string& path, const ScenarioOverrides& overrides = {});
/// A scenario compiled into the binary (sim/scenarios/*.yaml), e.g. "national-default".
Scenario load_builtin_scenario(const std::string& name, const ScenarioOverrides& overrides = {});
std::vector<std::string> builtin_scenario_names();

/// Replaces the policy, checking the name (std::invalid_argument lists the valid ones). The
/// file's `policy.params` were written for the file's policy: another policy gets its defaults.
void set_policy(Scenario& scenario, const std::string& policy);

/// Replaces the local queue discipline, checking the name (std::invalid_argument lists the valid ones).
void set_queue_discipline(Scenario& scenario, const std::string& discipline);

/// The resolved scenario as YAML text: the layout expanded with derived latencies, every
/// scenario-level default filled in, the workload spec as written.
std::string resolved_scenario_yaml(const Scenario& scenario);

const char* compute_model_name(ComputeModel model);

/// Why `horizon_s / interval_s` periodic events of scenario key `key` (sample_interval,
/// dispatch_tick) are too many to run (limits::kMaxPeriodicEvents), naming the count and the
/// smallest interval allowed for this horizon; "" when they are not.
std::string periodic_count_problem(const char* key, double horizon_s, double interval_s);

/// Refuses (config::ConfigError naming the scenario) a run whose sample or dispatch timers or
/// random failures exceed the bounds of aicn/topology/input_limits.hpp. parse_scenario checks
/// the file's own values; call this again after a command-line override (e.g. --horizon).
void check_run_size(const Scenario& scenario);

}  // namespace aicn::sim
