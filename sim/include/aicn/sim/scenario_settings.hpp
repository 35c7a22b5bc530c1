#pragma once
/// @file scenario_settings.hpp
/// Loading a scenario with what the command line changes in it: whole keys replaced by their
/// own options (--seed, --horizon, ...: ScenarioOverrides) and any key set with
/// `--set KEY.PATH=VALUE` or `--layout NAME|FILE` (config::KeySetting), written into the
/// document before it is validated. One function, shared by `aicn run`, `aicn compare` and
/// `aicn sweep`, so every command accepts the same settings with the same messages.
#include <optional>
#include <string>
#include <vector>

#include "aicn/sim/scenario.hpp"
#include "aicn/topology/key_settings.hpp"

namespace aicn::sim {

/// `--layout NAME|FILE` as a setting of the key `layout`. A FILE that exists relative to the
/// working directory is written as an absolute path (a `layout:` path in the file is relative
/// to the scenario's folder; an option's is relative to where the command runs).
config::KeySetting layout_setting(const std::string& name_or_path);

/// `--policy TEXT` when it carries parameters, as a setting of the key `policy`: either YAML
/// (`{name: cost-aware, params: {max_extra_wait: 1h}}`) or `NAME:KEY=VALUE,KEY=VALUE`
/// (`cost-aware:max_extra_wait=1h,transfer_yuan_per_gb=0.1`). std::nullopt for a plain name, which
/// keeps the file's params when it names the file's policy (ScenarioOverride "policy").
std::optional<config::KeySetting> policy_setting(const std::string& option, const std::string& text);

/// `--set` texts ("horizon=7d") read into settings (std::invalid_argument naming a bad one).
std::vector<config::KeySetting> key_settings(const std::vector<std::string>& texts);

/// The scenario at `path` (the built-in national default when empty) with `settings` written
/// into its document and `overrides` on top. A ConfigError about a set value names the
/// setting: "--set horizon=soon: horizon: ...".
Scenario load_scenario_with(const std::string& path, const ScenarioOverrides& overrides,
                            const std::vector<config::KeySetting>& settings);

}  // namespace aicn::sim
