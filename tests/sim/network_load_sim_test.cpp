// Loaded links, border limits and the two bandwidth sharing rules (scenario key `network`),
// against hand calculations. Links are 100 Gbps (C = 12.5e9 B/s) with 10 ms latency unless
// said otherwise; jobs are data transfers, which end when their last byte arrives.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/results/trace_reader.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/workloads/csv_trace_reader.hpp"
#include "aicn_test_support.hpp"

using namespace aicn;

namespace {

constexpr double kC = 100e9 / 8;  // bytes per second of a 100 Gbps link

/// A line of three hubs A - B - C (one site each, no link A - C); `network` is the scenario's
/// network mapping (or ""), `rows` data-transfer lines "id,origin,submit_s,bytes,destination".
std::vector<results::NamedJobRow> run(const std::string& network, const std::string& rows,
                                      const std::string& link_bandwidth = "100Gbps") {
  const auto dir = aicn_test::test_folder();
  std::ofstream(dir / "jobs.csv") << workloads::CsvTraceReader::kHeader << ",destination_hub\n" << rows;
  std::ofstream(dir / "scenario.yaml") << "name: network-load\nhorizon: 2d\ndrain: true\n"
                                       << R"(layout:
  name: three-in-line
  hubs: [{name: A, side: east}, {name: B, side: west}, {name: C, side: west}]
  sites:
    - {name: a, hub: A, lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: 8}]}
    - {name: b, hub: B, lat: 26.6, lon: 106.7, pools: [{gpu: A100-80GB, gpus: 8}]}
    - {name: c, hub: C, lat: 38.5, lon: 106.3, pools: [{gpu: A100-80GB, gpus: 8}]}
  links:
    - {between: [a, b], bandwidth: )" << link_bandwidth << R"(, latency: 10ms}
    - {between: [b, c], bandwidth: )" << link_bandwidth << R"(, latency: 10ms}
workload: {source: aicn-csv, path: jobs.csv}
)" << network;
  sim::RunOptions options;
  options.out_dir = (dir / "out").string();
  const auto result = sim::run_simulation(sim::load_scenario_file((dir / "scenario.yaml").string()), options);
  auto out = results::read_job_rows(result.trace_path);
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.id < y.id; });
  for (const auto& row : out) EXPECT_EQ(row.status, static_cast<std::uint8_t>(results::JobStatus::FINISHED)) << row.id;
  return out;
}

std::string transfer(int id, const char* from, double submit_s, double bytes, const char* to) {
  return std::to_string(id) + ",data-transfer," + from + "," + std::to_string(submit_s) + ",,0,0,0.5," +
         std::to_string(bytes) + "," + to + "\n";
}

/// Three flows at time 0: f0 a->b (C bytes), f1 b->c (C/2), f2 a->c over both links (2C).
std::string three_flows() {
  return transfer(0, "A", 0, kC, "B") + transfer(1, "B", 0, kC / 2, "C") + transfer(2, "A", 0, 2 * kC, "C");
}

/// What the policies' view said about the routes from a, at each call.
struct Seen {
  double now_s;
  double a_to_b_bps;
  double a_to_c_bps;
};
std::vector<Seen>& seen() {
  static std::vector<Seen> calls;
  return calls;
}

/// Places every job on site b and records the view's route bandwidths from a.
class NetworkProbe : public policy::DispatchPolicy {
 public:
  std::vector<policy::Decision> decide(const policy::ClusterView& view,
                                       std::span<const workloads::Job* const> pending) override {
    const std::size_t n = view.sites.size();
    seen().push_back({view.now_s, view.route_bandwidth_bps[0 * n + 1], view.route_bandwidth_bps[0 * n + 2]});
    std::vector<policy::Decision> decisions;
    for (const auto* job : pending) decisions.push_back(policy::Decision::place(job->id, 1, 0));
    return decisions;
  }
};

}  // namespace

AICN_REGISTER_POLICY(NetworkProbe, "test-network-probe", "test: places on site b, records the view's route bandwidths")

TEST(NetworkLoadSim, thePoliciesSeeTheBandwidthLeftByBackgroundAndBorders) {
  // Hour 0: half of each 100 Gbps link is background, hour 1 none; b's border moves 20 Gbps.
  // a -> b: min(50, 20) then min(100, 20) Gbps; a -> c passes b's links, not its border:
  // 50 then 100 Gbps.
  std::string zeros;
  for (int h = 1; h < 24; ++h) zeros += ", 0";
  const std::string compute = "0,training,A,10,A100-80GB,8,1.248e16,0.5,0,\n1,training,A,3700,A100-80GB,8,1.248e16,0.5,0,\n";
  run("policy: test-network-probe\nnetwork: {site_transfer_capacity: {b: 20Gbps}, background: {share: 0.020833333333333332, "
      "diurnal: [1" + zeros + "]}}\n",
      compute);
  ASSERT_GE(seen().size(), 2u);
  EXPECT_DOUBLE_EQ(seen().front().now_s, 10.0);
  EXPECT_NEAR(seen().front().a_to_b_bps, 20e9, 1.0);
  EXPECT_NEAR(seen().front().a_to_c_bps, 50e9, 1.0);
  const Seen& later = seen().back();
  EXPECT_GE(later.now_s, 3700.0);
  EXPECT_NEAR(later.a_to_b_bps, 20e9, 1.0);
  EXPECT_NEAR(later.a_to_c_bps, 100e9, 1.0);
}

TEST(NetworkLoadSim, aLoneTransferOnAnIdleLinkTakesLatencyPlusSizeOverCapacity) {
  const auto rows = run("", transfer(0, "A", 0, kC, "B"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NEAR(rows[0].end_s, 0.010 + 1.0, 1e-6);
}

TEST(NetworkLoadSim, backgroundAtHalfALinkDoublesALoneTransfersTime) {
  // Half of 12.5e9 B/s is left: 12.5e9 B take 2 s after the 10 ms latency, twice the 1 s of
  // the idle link in the test above.
  const auto rows = run("network: {background: 0.5}\n", transfer(0, "A", 0, kC, "B"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NEAR(rows[0].end_s - 0.010, 2 * 1.0, 1e-6);
}

TEST(NetworkLoadSim, aDiurnalBackgroundChangesTheRateAtTheHour) {
  // 1 Gbps links (1.25e8 B/s). Hour 0 has half the link taken, hour 1 none (shape
  // [1, 0, ...] of mean 1/24, times a share of 0.5/24). Sent at 3598.99 s: latency until
  // 3599 s, 1 s at 6.25e7 B/s until 3600 s, then 1.25e8 B at the full 1.25e8 B/s: 3601 s.
  std::string zeros;
  for (int h = 1; h < 24; ++h) zeros += ", 0";
  const auto rows = run("network: {background: {share: 0.020833333333333332, diurnal: [1" + zeros + "]}}\n",
                        transfer(0, "A", 3598.99, 6.25e7 + 1.25e8, "B"), "1Gbps");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NEAR(rows[0].end_s, 3601.0, 1e-5);
}

TEST(NetworkLoadSim, aSiteTransferCapacityBelowTheLinkLimitsTheTransfer) {
  // b's border moves 50 Gbps (6.25e9 B/s) in and out: 12.5e9 B take 2 s after the latency.
  const auto rows = run("network: {site_transfer_capacity: {b: 50Gbps}}\n",
                        transfer(0, "A", 0, kC, "B") + transfer(1, "A", 10, kC, "C"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_NEAR(rows[0].end_s, 0.010 + 2.0, 1e-6);
  // a -> c passes b's links, not its border: 20 ms + 1 s.
  EXPECT_NEAR(rows[1].end_s - 10.0, 0.020 + 1.0, 1e-6);
}

TEST(NetworkLoadSim, latencyWeightedSharingGivesShorterRoutesMoreOfALink) {
  // CM02: on a saturated link a flow's rate is proportional to 1 / its route latency, once it
  // has paid that latency. f0 and f1 (10 ms) start at 0.01 s, each alone on its link until
  // f2 (20 ms) starts at 0.02 s; each has then 0.99 C (f1: 0.49 C) left. On either link the
  // weights are 1/0.01 : 1/0.02, so f0 and f1 get 2C/3 and f2 C/3.
  //   f1 ends at 0.02 + 0.49 C / (2C/3) = 0.755 s (f2 stays at C/3, held by link a-b).
  //   f0 ends at 0.02 + 0.99 C / (2C/3) = 1.505 s; f2 has moved C/3 x 1.485 = 0.495 C.
  //   f2 alone: 1.505 C left at C, ends at 3.01 s (link a-b carried 3C from 0.01 s on).
  const auto rows = run("", three_flows());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_NEAR(rows[0].end_s, 1.505, 1e-6);
  EXPECT_NEAR(rows[1].end_s, 0.755, 1e-6);
  EXPECT_NEAR(rows[2].end_s, 3.010, 1e-6);
}

TEST(NetworkLoadSim, maxMinSharingGivesEveryFlowOnALinkTheSameShare) {
  // The same flows, each paying its route latency before its first byte: from 0.02 s all
  // three get C/2.
  //   f1 ends at 0.02 + 0.49 C / (C/2) = 1.00 s.
  //   f0 ends at 1.00 + (0.99 - 0.49) C / (C/2) = 2.00 s (f2 still at C/2 on link a-b).
  //   f2 moved C/2 x 1.98 = 0.99 C by 2.00 s; 1.01 C left at C: 3.01 s.
  const auto rows = run("network: {sharing: max-min}\n", three_flows());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_NEAR(rows[0].end_s, 2.000, 1e-6);
  EXPECT_NEAR(rows[1].end_s, 1.000, 1e-6);
  EXPECT_NEAR(rows[2].end_s, 3.010, 1e-6);
}

TEST(NetworkLoadSim, maxMinSharingStillPaysTheRouteLatencyOfALoneTransfer) {
  const auto rows = run("network: {sharing: max-min}\n", transfer(0, "A", 5, kC, "C"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NEAR(rows[0].end_s, 5 + 0.020 + 1.0, 1e-6);
}
