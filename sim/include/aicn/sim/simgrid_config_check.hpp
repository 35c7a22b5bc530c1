#pragma once
/// @file simgrid_config_check.hpp
/// The scenario's `simgrid:` settings checked against SimGrid's own configuration registry
/// before a run starts. SimGrid refuses an unknown key with an exception, but an unknown model
/// name or an out-of-list value with xbt_die (an abort, exit 134, no line naming the scenario);
/// so the settings are first tried in a short-lived child process, whose death is read here
/// and reported as an input error at the scenario's line:
///   "s.yaml:7: simgrid.network/model: 'NotAModel' is not a valid value (valid: CM02, LV08, ...)".
#include "aicn/sim/scenario.hpp"

namespace aicn::sim {

/// Throws config::ConfigError naming the key (with the nearest valid key when it is unknown)
/// or the value (with the valid values when SimGrid lists them). Does nothing when the
/// scenario sets no `simgrid:` key: AICN's own defaults are known to be valid.
void check_simgrid_config(const Scenario& scenario);

}  // namespace aicn::sim
