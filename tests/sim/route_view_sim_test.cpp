// The policies' view of the network stays true to the transfers actually in flight: the
// count per route is derived from the live transfers, so a network change elsewhere (which
// rebuilds the routes) cannot reset it, and a completion cannot drive it below zero. The
// pools' inbound lists and their GPU sums follow the same transfers.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"

using namespace aicn;

namespace {

struct Seen {
  double now_s;
  int east_to_west;  ///< transfers in flight east -> west, as the view says
  long long west_inbound_gpus;     ///< the west pool's inbound_gpus, as the view says
  std::size_t west_inbound_jobs;   ///< and its inbound list
};
std::vector<Seen>& seen() {
  static std::vector<Seen> calls;
  return calls;
}

/// Places every job on the west site and records what the view said about the route first.
class RouteProbe : public policy::DispatchPolicy {
 public:
  std::vector<policy::Decision> decide(const policy::ClusterView& view,
                                       std::span<const workloads::Job* const> pending) override {
    const std::size_t n = view.sites.size();
    const int count = view.route_transfers.empty() ? 0 : view.route_transfers[0 * n + 2];  // east=0, west=2
    const policy::PoolView& west = view.sites[2].pools[0];
    seen().push_back({view.now_s, count, west.inbound_gpus, west.inbound.size()});
    std::vector<policy::Decision> decisions;
    for (const auto* job : pending) decisions.push_back(policy::Decision::place(job->id, 2, 0));
    return decisions;
  }
};

}  // namespace

AICN_REGISTER_POLICY(RouteProbe, "test-route-probe", "test: places on site 2, records the view's east->west transfers")

namespace {

std::filesystem::path scratch() {
  auto dir = std::filesystem::temp_directory_path() / ("aicn-route-view-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

// east -- 100 Gbps -- west carries three 5 TB datasets sent at 0, 1 and 2 s: each alone
// needs 5e12 * 8 / 1e11 = 400 s, so at 300 s all three are still in flight whatever the
// sharing. A link elsewhere (mid -- north) goes down at 10 s and comes back at 20 s. The
// fourth job (no data) arrives at 300 s and the fifth at 5000 s, after the 1,200 s the three
// need together, when none is left.
TEST(RouteView, transfersInFlightSurviveAnUnrelatedOutageAndNeverGoNegative) {
  const auto dir = scratch();
  std::ofstream(dir / "jobs.csv") << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes,duration_s\n"
                                  << "0,training,E,0,A100-80GB,8,1,0.5,5e12,60\n"
                                  << "1,training,E,1,A100-80GB,8,1,0.5,5e12,60\n"
                                  << "2,training,E,2,A100-80GB,8,1,0.5,5e12,60\n"
                                  << "3,training,E,300,A100-80GB,8,1,0.5,0,60\n"
                                  << "4,training,E,5000,A100-80GB,8,1,0.5,0,60\n";
  std::ofstream(dir / "scenario.yaml") << R"(name: route-view
seed: 1
horizon: 1d
drain: true
layout:
  hubs: [{name: E, side: east}, {name: W, side: west}]
  sites:
    - {name: east, hub: E, lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: 8}]}
    - {name: mid, hub: W, lat: 30.6, lon: 114.3, pools: [{gpu: A100-80GB, gpus: 8}]}
    - {name: west, hub: W, lat: 26.6, lon: 106.7, pools: [{gpu: A100-80GB, gpus: 64}]}
    - {name: north, hub: W, lat: 40.8, lon: 111.7, pools: [{gpu: A100-80GB, gpus: 8}]}
  links:
    - {between: [east, west], bandwidth: 100Gbps, latency: 10ms}
    - {between: [east, mid], bandwidth: 10Gbps, latency: 8ms}
    - {between: [mid, north], bandwidth: 10Gbps, latency: 6ms}
workload: {source: aicn-csv, path: jobs.csv}
policy: test-route-probe
outages:
  - {at: 10s, link_down: [mid, north]}
  - {at: 20s, link_up: [mid, north]}
)";
  sim::RunOptions options;
  options.out_dir = (dir / "out").string();
  const sim::RunResult result = sim::run_simulation(sim::load_scenario_file((dir / "scenario.yaml").string()), options);
  EXPECT_EQ(result.summary.jobs_finished, 5u);
  bool saw_300 = false, saw_5000 = false;
  for (const Seen& call : seen()) {
    EXPECT_GE(call.east_to_west, 0) << "at t=" << call.now_s;
    if (call.now_s == 300.0) {
      saw_300 = true;
      EXPECT_EQ(call.east_to_west, 3) << "three 400 s transfers started at 0-2 s are all in flight at 300 s";
      EXPECT_EQ(call.west_inbound_jobs, 3u);
      EXPECT_EQ(call.west_inbound_gpus, 3 * 8) << "three 8-GPU jobs are moving their data west";
    }
    if (call.now_s == 5000.0) {
      saw_5000 = true;
      EXPECT_EQ(call.east_to_west, 0);
      EXPECT_EQ(call.west_inbound_jobs, 0u);
      EXPECT_EQ(call.west_inbound_gpus, 0);
    }
  }
  EXPECT_TRUE(saw_300);
  EXPECT_TRUE(saw_5000);
}
