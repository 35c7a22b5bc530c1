#pragma once
// A hand-built cluster view and job shared by the pool-choice tests (least_loaded_pool_test,
// listed_pools_test): no engine.
#include "aicn/policy/cluster_view.hpp"
#include "aicn/topology/gpu_catalog.hpp"
#include "aicn/workloads/job.hpp"

namespace aicn::test {

inline topology::GpuModelId model(const char* name) { return topology::find_gpu_model(name); }

/// Four sites in two hubs: site 0 (hub 0) A100 with 8 free and H800 with 16 free; site 1
/// (hub 0) A100 with 24 free; site 2 (hub 1) A100 with 24 free; site 3 (hub 1) H800 with 40
/// free. Every route is open.
inline policy::ClusterView four_site_view() {
  policy::ClusterView view;
  const auto a100 = model("A100-80GB");
  const auto h800 = model("H800");
  view.sites.push_back({"s0", 0, topology::Side::EAST, {{a100, 64, 8, 8, 8, 0, 0}, {h800, 64, 16, 8, 16, 0, 0}}});
  view.sites.push_back({"s1", 0, topology::Side::EAST, {{a100, 64, 24, 8, 24, 0, 0}}});
  view.sites.push_back({"s2", 1, topology::Side::WEST, {{a100, 64, 24, 8, 24, 0, 0}}});
  view.sites.push_back({"s3", 1, topology::Side::WEST, {{h800, 64, 40, 8, 40, 0, 0}}});
  view.hub_home_site = {0, 2};
  view.route_latency_s.assign(16, 0.01);
  view.route_bandwidth_bps.assign(16, 100e9);
  return view;
}

/// Random routes for a view of `sites` sites in `hubs` hubs: each hub's home site, 10 ms
/// everywhere, and a quarter of the routes cut (bandwidth 0). `pick(n)` draws 0..n-1.
template <typename Pick>
void add_random_routes(policy::ClusterView& view, int sites, int hubs, Pick& pick) {
  for (int h = 0; h < hubs; ++h) view.hub_home_site.push_back(pick(sites));
  view.route_latency_s.assign(static_cast<std::size_t>(sites * sites), 0.01);
  for (int r = 0; r < sites * sites; ++r) view.route_bandwidth_bps.push_back(pick(4) == 0 ? 0.0 : 100e9);
}

/// A training job from hub 0 with a 1 GB dataset (1e18 FLOPs at 50 %, for the run-time users).
inline workloads::Job job_of(topology::GpuModelId gpu_model, int gpus) {
  workloads::Job job;
  job.id = 1;
  job.kind = workloads::JobKind::TRAINING;
  job.origin_hub = 0;
  job.gpu_model = gpu_model;
  job.gpus = gpus;
  job.flops = 1e18;
  job.utilisation = 0.5;
  job.dataset_bytes = 1e9;
  return job;
}

}  // namespace aicn::test
