#pragma once
/// @file layout.hpp
/// A site layout: hubs, AI data-centre sites with their GPU pools, and the fibre links
/// between sites. Plain data, validated by the loader; all quantities in SI units.
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

/// GPUs of one model at one site, grouped into servers.
struct GpuPool {
  GpuModelId gpu_model = -1;
  int gpus = 0;
  int gpus_per_server = 8;
  int servers() const { return gpus / gpus_per_server; }
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

struct Link {
  int a = -1;  ///< site index; the link's "up" direction is a -> b
  int b = -1;
  double bandwidth_bps = 0.0;  ///< per direction (full-duplex fibre), bits per second
  double latency_s = 0.0;      ///< one way
  double distance_km = 0.0;    ///< great-circle distance between the two sites
  bool latency_auto = false;   ///< latency derived from distance x route factor
};

struct LayoutParameters {
  double fibre_latency_s_per_km = 5e-6;
  double route_factor = 1.8;
};

struct Layout {
  std::string name;
  std::string description;
  LayoutParameters parameters;
  std::vector<Hub> hubs;
  std::vector<Site> sites;
  std::vector<Link> links;

  /// Index of the hub / site called `name`, or -1.
  int hub_index(const std::string& name) const;
  int site_index(const std::string& name) const;
  /// The site where data originating in `hub` lives: the hub's first listed site.
  int home_site(int hub) const;
  int total_gpus() const;
};

}  // namespace aicn::topology
