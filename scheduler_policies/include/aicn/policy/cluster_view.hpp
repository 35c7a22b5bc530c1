#pragma once
/// @file cluster_view.hpp
/// What a dispatch policy may see: a read-only snapshot of every site's GPU pools and
/// queues, and the network between hubs and sites. The simulator keeps it current; a
/// policy cannot change it, so policies are testable on a hand-built view.
#include <string>
#include <vector>

#include "aicn/topology/gpu_catalog.hpp"
#include "aicn/topology/layout.hpp"

namespace aicn::policy {

struct PoolView {
  topology::GpuModelId gpu_model = -1;
  int total_gpus = 0;
  int free_gpus = 0;
  int gpus_per_server = 8;
  int largest_free_block = 0;  ///< most GPUs one job could get right now (gang allocation)
  int queued_jobs = 0;         ///< waiting in this pool's local queue
  long long queued_gpus = 0;   ///< GPUs those queued jobs ask for
};

struct SiteView {
  std::string name;
  int hub = -1;
  topology::Side side = topology::Side::EAST;
  std::vector<PoolView> pools;
  /// Index of the pool of `model`, or -1.
  int pool_of(topology::GpuModelId model) const;
};

struct ClusterView {
  double now_s = 0.0;
  std::vector<SiteView> sites;
  /// Home site of each hub (where its jobs' data lives).
  std::vector<int> hub_home_site;
  /// One-way route latency and bottleneck bandwidth from site i to site j, row-major.
  std::vector<double> route_latency_s;
  std::vector<double> route_bandwidth_bps;

  double latency_s(int from_site, int to_site) const;
  double bandwidth_bps(int from_site, int to_site) const;
};

}  // namespace aicn::policy
