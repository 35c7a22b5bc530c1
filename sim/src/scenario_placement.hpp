#pragma once
// The scenario key `placement` (a placement policy inside every site, or none: the built-in
// best-fit pools) and the `--placement` option that replaces it.
#include "aicn/sim/scenario.hpp"

namespace aicn::sim {

/// Reads `placement:` (a name, or {name, params}) and `admission:`; `override_name` (from
/// --placement) replaces the name, and the file's params only stay when written for that policy.
void parse_placement(Scenario& scenario, const config::ConfigNode& root, const config::ConfigNode* override_name);

}  // namespace aicn::sim
