#pragma once
/// @file lease_sources.hpp
/// Where a scenario's leases come from (docs/leasing.md): the `leases:` key is a sequence of
/// leases (topology::parse_leases), or a mapping with `file` (a lease CSV) and/or `generate`
/// (a generated lease stream drawn from the scenario's seed). Errors name file, line, key and
/// value; a CSV's rows are read with the keys of the YAML form, one column per key.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout.hpp"
#include "aicn/topology/lease.hpp"
#include "aicn/topology/price_tiers.hpp"

namespace aicn::workloads {

/// What a lease source needs of the scenario.
struct LeaseContext {
  const topology::Layout* layout = nullptr;
  const topology::SitePrices* prices = nullptr;
  std::uint64_t seed = 0;
  double horizon_s = 0.0;   ///< generated leases start before it
  std::string base_dir;     ///< for a relative `file`
};

std::vector<topology::Lease> load_leases(const config::ConfigNode& node, const LeaseContext& context);

/// A lease CSV's text as the YAML sequence parse_leases reads: the header names the columns
/// (id, lessee, site, hub, gpu, gpus, start, term, tier, price), each row becomes one mapping
/// on the row's own line (so errors name the CSV's line), an empty field leaves its key out.
/// Throws config::ConfigError naming `origin` and the line for an unknown or repeated column,
/// a row with the wrong number of fields, a broken quote or a control character.
config::ConfigNode lease_csv_node(std::string_view text, const std::string& origin);

/// The generated lease stream (`leases: {generate: {...}}`), given the leases already there
/// (a CSV's): Poisson arrivals of contracts over [0, horizon), each a whole number of servers
/// of one GPU model for a month or a year, placed at a site where the pool has room.
std::vector<topology::Lease> generate_leases(const config::ConfigNode& node, const LeaseContext& context,
                                             const std::vector<topology::Lease>& existing);

}  // namespace aicn::workloads
