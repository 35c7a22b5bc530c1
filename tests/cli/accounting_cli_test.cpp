// Issue 18's accounting, end to end through `aicn run`, each figure worked out by hand from the
// power model (docs/energy-cost-carbon.md) with the default economics:
//   A100-80GB: 400 W busy, 60 W idle; server overhead 1,000 W idle, 2,500 W with all 8 GPUs
//   busy, linear in between. A server with k of its 8 GPUs busy draws
//   k x 400 + (8 - k) x 60 + 1,000 + k / 8 x 1,500 W:
//     k = 0: 1,480 W;  k = 0.5: 1,743.75 W;  k = 1: 2,007.5 W;  k = 8: 5,700 W.
// Every site below has PUE 1, so facility energy = IT energy.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "aicn_test_support.hpp"

using aicn_test::read_json;
using aicn_test::run_aicn;
using aicn_test::run_command;
using aicn_test::test_scratch;

namespace {

/// One Hebei site `a` of one 8-GPU A100 server, with extra `electricity` keys.
std::string one_server_layout(const std::string& electricity) {
  return "layout:\n  name: one-server\n  hubs: [{name: E, side: east}]\n"
         "  sites: [{name: a, hub: E, province: Hebei, lat: 40.8, lon: 115, pue: 1.0, electricity: {" +
         electricity + "}, pools: [{gpu: A100-80GB, gpus: 8}]}]\n  links: []\n";
}

const char* kJobsHeader = "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes,gpu_milli,duration_s\n";

/// Column `column` of /energy/samples, one value per row (one site: one row per sample).
std::vector<double> energy_column(const std::filesystem::path& run, const std::string& column) {
  const auto out = run_command("/usr/bin/python3 -c \"import h5py\n"
                               "r = h5py.File('" + (run / "trace.h5").string() + "')['energy/samples'][:]\n"
                               "print(' '.join('%.9f' % v for v in r['" + column + "']))\n\"");
  EXPECT_EQ(out.exit_code, 0) << out.output;
  std::istringstream in(out.output);
  std::vector<double> values;
  for (double v; in >> v;) values.push_back(v);
  return values;
}

nlohmann::json run_site(const std::filesystem::path& dir, const std::string& scenario, const std::string& options = "") {
  std::ofstream(dir / "s.yaml") << scenario;
  const auto ran = run_aicn("run " + (dir / "s.yaml").string() + " --quiet --out " + (dir / "run").string() + options);
  EXPECT_EQ(ran.exit_code, 0) << ran.output;
  return read_json(dir / "run" / "summary.json").at("energy").at("sites").at(0);
}

}  // namespace

// A job holding half of one GPU (gpu_milli 500) for one hour; the run's window ends when it
// does. Its server draws 1,743.75 W for 1 h: 1.74375 kWh. It sells 0.5 GPU-hours at 22.5 yuan:
// 11.25 yuan. (Counted as a whole busy GPU it would be 2.0075 kWh and 22.5 yuan.) Two half
// shares are one GPU's worth: 2,007.5 W for 1 h, 2.0075 kWh, 1 GPU-hour. Both the built-in
// allocator and a placement policy's node pool count shares so.
TEST(AccountingCli, aHalfGpuDrawsAndEarnsHalfOfOneBusyGpu) {
  for (const std::string placement : {"", " --placement best-fit"}) {
    const auto dir = test_scratch();
    std::ofstream(dir / "half.csv") << kJobsHeader << "0,training,E,0,A100-80GB,1,0,0.45,0,500,3600\n";
    std::ofstream(dir / "halves.csv") << kJobsHeader << "0,training,E,0,A100-80GB,1,0,0.45,0,500,3600\n"
                                      << "1,training,E,0,A100-80GB,1,0,0.45,0,500,3600\n";
    const std::string head = "name: half-gpu\nseed: 1\nhorizon: 2h\nsample_interval: 1h\npolicy: local-first\n" +
                             one_server_layout("price: 0.5");
    const auto half = run_site(dir, head + "workload: {source: aicn-csv, path: half.csv}\n", placement);
    EXPECT_NEAR(half.at("it_kwh").get<double>(), 1.74375, 1e-9) << placement;
    EXPECT_NEAR(half.at("gpu_hours_sold").get<double>(), 0.5, 1e-12) << placement;
    EXPECT_NEAR(half.at("revenue_yuan").get<double>(), 11.25, 1e-9) << placement;
    EXPECT_NEAR(half.at("electricity_cost_yuan").get<double>(), 0.5 * 1.74375, 1e-9) << placement;
    const auto halves = run_site(dir, head + "workload: {source: aicn-csv, path: halves.csv}\n", placement + " --force");
    EXPECT_NEAR(halves.at("it_kwh").get<double>(), 2.0075, 1e-9) << placement;
    EXPECT_NEAR(halves.at("gpu_hours_sold").get<double>(), 1.0, 1e-12) << placement;
  }
}

// The server runs 8 GPUs for the first 30 minutes (5,700 W), then idles (1,480 W); the site is
// down from 1 h to 2 h, and the run's window ends at the repair (nothing else is left to do):
//   0-1 h: 0.5 x 5.7 + 0.5 x 1.48 = 3.59 kWh;  1-2 h: 0 (down: servers off).
// Total 3.59 kWh at 0.5 yuan: 1.795 yuan; carbon 3.59 x 0.8 (green share 0.2) x 0.7252 (Hebei).
TEST(AccountingCli, aSiteDownForAnHourDrawsNothingInThatHour) {
  const auto dir = test_scratch();
  std::ofstream(dir / "jobs.csv") << kJobsHeader << "0,training,E,0,A100-80GB,8,0,0.45,0,,1800\n";
  const auto site = run_site(dir, "name: down-hour\nseed: 1\nhorizon: 3h\nsample_interval: 30min\npolicy: local-first\n"
                                  "outages: [{at: 1h, site_down: a, for: 1h}]\n"
                                  "workload: {source: aicn-csv, path: jobs.csv}\n" +
                                  one_server_layout("price: 0.5, green_share: 0.2"));
  EXPECT_NEAR(site.at("it_kwh").get<double>(), 3.59, 1e-9);  // drawing idle power while down would add 1.48
  EXPECT_NEAR(site.at("electricity_cost_yuan").get<double>(), 1.795, 1e-9);
  EXPECT_NEAR(site.at("co2_t").get<double>(), 3.59 * 0.8 * 0.7252 / 1000.0, 1e-12);
  const auto time = energy_column(dir / "run", "time_s");
  const auto energy = energy_column(dir / "run", "energy_kwh");
  const auto power = energy_column(dir / "run", "it_power_w");
  ASSERT_FALSE(time.empty());
  EXPECT_EQ(time.back(), 7200.0);
  EXPECT_NEAR(energy.back(), 3.59, 1e-9);  // nothing added from 1 h to 2 h
  EXPECT_EQ(power.back(), 1480.0);         // back up and idle at 2 h
}

// A green-share series (step): 0 for the first hour, 0.5 for the second. The idle server draws
// 1.48 kWh an hour: green 0 + 0.74 = 0.74 kWh; grid 1.48 + 0.74 = 2.22 kWh x 0.7252 kg/kWh =
// 1.609944 kg. The trace shows the share in force and the cumulative green energy.
TEST(AccountingCli, aGreenShareSeriesRemovesItsShareHourByHour) {
  const auto dir = test_scratch();
  std::ofstream(dir / "green.csv") << "time,share\n0,0\n3600,0.5\n";
  std::ofstream(dir / "jobs.csv") << kJobsHeader << "0,training,E,7190,A100-80GB,1,0,0.45,0,,10\n";
  const auto site = run_site(dir, "name: green-steps\nseed: 1\nhorizon: 2h\nsample_interval: 1h\npolicy: local-first\n"
                                  "workload: {source: aicn-csv, path: jobs.csv}\n" +
                                  one_server_layout("price: 0.5, green_share_series: {file: green.csv}"));
  // The 10 s job at 7,190 s (it ends the window at 2 h) adds 10 x (2,007.5 - 1,480) J = 5,275 J, all in the second hour.
  const double extra_kwh = 5275.0 / 3.6e6;
  EXPECT_NEAR(site.at("green_kwh").get<double>(), 0.74 + 0.5 * extra_kwh, 1e-9);
  EXPECT_NEAR(site.at("co2_t").get<double>(), (2.22 + 0.5 * extra_kwh) * 0.7252 / 1000.0, 1e-12);
  EXPECT_NEAR(site.at("green_share").get<double>(), (0.74 + 0.5 * extra_kwh) / (2.96 + extra_kwh), 1e-12);
  const auto share = energy_column(dir / "run", "green_share");
  const auto green = energy_column(dir / "run", "green_kwh");
  ASSERT_EQ(share.size(), 3u);
  EXPECT_EQ(share[0], 0.0);
  EXPECT_EQ(share[1], 0.5);
  EXPECT_NEAR(green[1], 0.0, 1e-12);
  EXPECT_NEAR(green[2], 0.74 + 0.5 * extra_kwh, 1e-9);
}

// Green share and carbon both linear over the first hour: share g = t / T from 0 to 1, carbon
// c = 600 (1 - t / T) g/kWh. Grid carbon is the integral of (1 - g) c: 600 x T x the integral
// of (1 - u)^2 over [0, 1] = 600 T / 3, a mean of 200 g/kWh (the product of the means would
// give 150). Idle, 1.48 kWh in that hour: 0.296 kg. In the second hour the share is held at 1
// (no loop): no carbon. Green energy: half of the first hour's 1.48 and all of the second's.
TEST(AccountingCli, linearGreenShareAndCarbonIntegrateTheirProductExactly) {
  const auto dir = test_scratch();
  std::ofstream(dir / "green.csv") << "time,share\n0,0\n3600,1\n";
  std::ofstream(dir / "carbon.csv") << "time,g\n0,600\n3600,0\n";
  std::ofstream(dir / "jobs.csv") << kJobsHeader << "0,training,E,7190,A100-80GB,1,0,0.45,0,,10\n";
  const auto site = run_site(dir, "name: green-linear\nseed: 1\nhorizon: 2h\nsample_interval: 1h\npolicy: local-first\n"
                                  "workload: {source: aicn-csv, path: jobs.csv}\n" +
                                  one_server_layout("price: 0.5, green_share_series: {file: green.csv, interpolation: linear},"
                                                    " carbon_series: {file: carbon.csv, interpolation: linear}"));
  EXPECT_NEAR(site.at("co2_t").get<double>(), 0.296 / 1000.0, 1e-12);
  EXPECT_NEAR(site.at("green_kwh").get<double>(), 0.74 + 1.48 + 10 * 527.5 / 3.6e6, 1e-9);
}

// A green share above 1 in a series is an input error naming the file, line and value.
TEST(AccountingCli, aGreenShareAboveOneIsAnInputError) {
  const auto dir = test_scratch();
  std::ofstream(dir / "green.csv") << "time,share\n0,0.5\n3600,1.5\n";
  std::ofstream(dir / "jobs.csv") << kJobsHeader << "0,training,E,0,A100-80GB,1,0,0.45,0,,10\n";
  std::ofstream(dir / "s.yaml") << "name: bad-green\nhorizon: 1h\npolicy: local-first\nworkload: {source: aicn-csv, path: jobs.csv}\n" +
                                       one_server_layout("green_share_series: {file: green.csv}");
  const auto ran = run_aicn("run " + (dir / "s.yaml").string() + " --quiet --out " + (dir / "run").string());
  EXPECT_EQ(ran.exit_code, 2) << ran.output;
  EXPECT_NE(ran.output.find("green.csv:3: column 2 (green share of facility energy): must be a finite number from 0 to 1, got '1.5'"),
            std::string::npos)
      << ran.output;
}
