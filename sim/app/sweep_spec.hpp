#pragma once
/// @file sweep_spec.hpp
/// A sweep file (`aicn sweep SWEEP.yaml`): a base scenario, the seeds every cell runs, and the
/// cells, either the cartesian grid of `axes` (each a scenario key path and its values) or an
/// explicit `cells` list. Each cell is the base scenario with its values set at their key
/// paths; it is validated here, so a bad axis value fails before any run starts.
#include <cstdint>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "aicn/topology/config_node.hpp"

namespace aicn::cli {

/// A key path that does not reach into the base scenario (its message names the sweep file).
class SweepSettingError : public config::ConfigError {
 public:
  using config::ConfigError::ConfigError;
};

/// One value of an axis (or one setting of a listed cell) and where the sweep file gave it.
struct SweepSetting {
  std::string key;    ///< scenario key path, e.g. "policy.name", "layout.patch", "workload.arrivals_per_hour"
  std::string label;  ///< the text in folder names and CSV columns
  config::ConfigNode value;
};

struct SweepCellSpec {
  std::string name;  ///< folder name: the labels joined by '+', or the cell's `name:`
  std::vector<SweepSetting> settings;
};

struct SweepSpec {
  std::string file;  ///< the sweep file, as given
  std::string name;
  std::string base_path;     ///< the base scenario file (absolute), or "" for a built-in one
  std::string base_builtin;  ///< the built-in scenario's name when base_path is ""
  std::vector<std::uint64_t> seeds;
  std::vector<std::string> axes;  ///< column names: the key paths, in order
  std::vector<SweepCellSpec> cells;
  std::size_t reference = 0;  ///< index into cells
  int retries = 1;            ///< a failed run is tried again this many times
};

/// Reads and checks a sweep file; config::ConfigError naming the file, line, key and value.
SweepSpec load_sweep_spec(const std::string& path);

/// The base scenario's YAML tree (a fresh copy) and the name errors in it are reported under.
config::ConfigNode load_base_scenario(const SweepSpec& spec);

/// The base with the cell's settings applied (a fresh tree); the settings' own nodes are
/// copied without their marks, so that a message about them does not cite a line of the base.
/// A relative workload `path` is made absolute against `base_dir`.
YAML::Node apply_settings(const config::ConfigNode& base, const std::vector<SweepSetting>& settings,
                          const std::string& base_dir);

/// The directory relative paths of the base scenario are resolved against.
std::string base_directory(const SweepSpec& spec);

}  // namespace aicn::cli
