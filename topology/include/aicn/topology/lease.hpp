#pragma once
/// @file lease.hpp
/// Lease contracts: a lessee rents `gpus` GPUs of one model at a site (or at any site of a
/// hub) from `start` for `term`, billed at a price tier. While it runs the lease reserves that
/// capacity: the dispatcher cannot give it to others, the lessee's jobs run on it, and what the
/// lessee leaves unused is paid but idle. The lessee is the demand of one origin hub (AICN's
/// jobs carry no customer name): compute jobs from that hub use the lease. Pure: parsed and resolved against a layout here; sim/ runs them.
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout.hpp"
#include "aicn/topology/price_tiers.hpp"

namespace aicn::topology {

struct Lease {
  std::string id;
  int lessee_hub = -1;          ///< jobs from this origin hub use the lease
  std::string where;            ///< the site or hub as written (for the resolved scenario)
  bool any_site_of_hub = false; ///< `hub:` given: resolved to a site of that hub
  int site = -1;                ///< resolved site index
  int pool = -1;                ///< resolved pool index at the site (first pool of the model)
  GpuModelId model = -1;
  int gpus = 0;
  double start_s = 0.0;
  double term_s = 0.0;
  PriceTier tier = PriceTier::HOURLY;
  double yuan_per_gpu_hour = 0.0;  ///< the tier's price at the site (or the lease's own `price`)
  bool price_given = false;

  double end_s() const { return start_s + term_s; }
  /// What the whole term costs: gpus x term hours x price.
  double term_yuan() const { return gpus * term_s / 3600.0 * yuan_per_gpu_hour; }
};

/// Reads `leases:` (a sequence of mappings) and resolves each against `layout` and the sites' `prices`. A hub lease goes to the hub's
/// first site (layout order) with a pool of the model that has `gpus` GPUs; the GPUs leased at
/// one pool at any moment must fit in it. Errors name file, line, key and value.
std::vector<Lease> parse_leases(const config::ConfigNode& node, const Layout& layout, const SitePrices& prices);
/// The leases in resolved form (inline, every value explicit).
YAML::Node leases_to_yaml(const std::vector<Lease>& leases, const Layout& layout);

}  // namespace aicn::topology
