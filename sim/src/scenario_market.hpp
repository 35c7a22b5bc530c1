#pragma once
// The scenario key `market` (docs/leasing.md): the trading platform's supply quotes and demand
// bids, matched in rounds by a registered matching rule before the run; every match becomes a
// lease of the buyer hub at the quote's site (it reserves its GPUs in the run like any lease),
// billed to the AIDC at the seller's price, the platform keeping the rest.
#include "aicn/sim/scenario.hpp"

namespace aicn::sim {

/// Reads `market:` and appends its matches to scenario.leases (after the `leases` key's).
void parse_market(Scenario& scenario, const config::ConfigNode& node);

}  // namespace aicn::sim
