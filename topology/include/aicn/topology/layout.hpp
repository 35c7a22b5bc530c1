#pragma once
/// @file layout.hpp
/// A site layout: hubs, AI data-centre sites with their GPU pools, the demand regions users
/// and data come from, and the fibre links between sites. Plain data, validated by the
/// loader; all quantities in SI units (distances in km, as great-circle figures are quoted).
#include <cstdint>
#include <string>
#include <vector>

#include "aicn/topology/gpu_catalog.hpp"
#include "aicn/topology/site_energy.hpp"

namespace aicn::topology {

enum class Side { EAST, WEST };

struct Hub {
  std::string name;       ///< short id, e.g. "JJJ"
  std::string full_name;  ///< e.g. "Beijing-Tianjin-Hebei"
  Side side = Side::EAST;
};

/// Identical servers inside a pool (a node shape): `count` servers of `gpus` GPUs, CPU and memory.
struct NodeGroup {
  int count = 0;
  std::int64_t cpu_milli = 0;   ///< per server, millicores (layout key `cpus`, in cores); 0 = not modelled
  std::int64_t memory_mib = 0;  ///< per server, MiB (layout key `memory`, a size); 0 = not modelled
  int gpus = 0;                 ///< per server
};

/// GPUs of one model at one site, grouped into servers.
struct GpuPool {
  GpuModelId gpu_model = -1;
  int gpus = 0;
  int gpus_per_server = 8;  ///< with `nodes`: the largest server's GPUs
  /// Node shapes (layout key `nodes`); empty: gpus / gpus_per_server uniform servers that
  /// state no CPU or memory. Only node pools (scenario key `placement`) use CPU and memory.
  std::vector<NodeGroup> nodes;
  int servers() const {
    if (nodes.empty()) return gpus / gpus_per_server;
    int count = 0;
    for (const auto& group : nodes) count += group.count;
    return count;
  }
};

struct Site {
  std::string name;
  int hub = -1;  ///< index into Layout::hubs
  std::string province;
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  double pue = 1.0;  ///< the annual mean of energy.pue
  std::vector<GpuPool> pools;
  SiteEnergy energy;  ///< price, green share, carbon region, PUE profile
  int total_gpus() const;
};

/// A city or metropolitan area where AI users and their data are, attached to the hub that
/// serves it. `weight` is its relative share of demand (any positive scale).
struct DemandRegion {
  std::string name;
  int hub = -1;  ///< index into Layout::hubs
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  double weight = 1.0;
};

/// How a link's latency was given in the layout file.
enum class LatencySource {
  GIVEN,         ///< `latency: 12ms`: the whole one-way latency, taken as is
  ROUTE_LENGTH,  ///< `route_length: 1800km`: fibre km x delay per km + per-hop equipment delay
  AUTO,          ///< `latency: auto`: great-circle km x route factor x delay per km + per-hop delay
};

struct Link {
  int a = -1;  ///< site index; the link's "up" direction is a -> b
  int b = -1;
  double bandwidth_bps = 0.0;  ///< per direction (full-duplex fibre), bits per second
  double latency_s = 0.0;      ///< one way
  double distance_km = 0.0;    ///< great-circle distance between the two sites
  double route_km = 0.0;       ///< fibre route length (0 when the latency was given directly)
  bool latency_auto = false;   ///< latency derived from distance x route factor
  LatencySource latency_source = LatencySource::AUTO;
};

struct LayoutParameters {
  double fibre_latency_s_per_km = 5e-6;
  double route_factor = 1.8;
  /// Equipment delay (amplifiers, ROADMs, border routers) added once per link whose latency
  /// is derived from a length; 0 unless the layout says otherwise.
  double hop_delay_s = 0.0;
};

/// The planning rules `aicn topology check` applies (national policy values by default).
struct LayoutRules {
  double max_route_ratio = 1.5;           ///< route latency / great-circle fibre latency
  double hub_latency_budget_s = 0.020;    ///< one way, between the home sites of two hubs
  double region_latency_budget_s = 0.005; ///< one way, from a demand region to its hub's nearest site
};

struct Layout {
  std::string name;
  std::string description;
  LayoutParameters parameters;
  LayoutRules rules;
  std::vector<Hub> hubs;
  std::vector<Site> sites;
  std::vector<DemandRegion> demand_regions;
  std::vector<Link> links;

  /// Index of the hub / site / demand region / link called `name`, or -1.
  int hub_index(const std::string& name) const;
  int site_index(const std::string& name) const;
  /// "unknown site 'x' (sites in this layout: a, b, c)", for input errors.
  std::string unknown_site_message(const std::string& site_name) const;
  int demand_region_index(const std::string& name) const;
  /// Index of the link joining sites `a` and `b` (either order), or -1.
  int link_index(int a, int b) const;
  /// "site-a--site-b", the name a link has in outputs and in SimGrid.
  std::string link_name(int link) const;
  /// The site where data originating in `hub` lives: the hub's first listed site.
  int home_site(int hub) const;
  int total_gpus() const;
};

}  // namespace aicn::topology
