// The trace of a whole run in schema 2: names of any length reach the file whole through the
// catalogs, and the thinned samples fill back to one row per site and tick.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "aicn/results/trace_reader.hpp"
#include "aicn_test_support.hpp"

using aicn_test::run_aicn;
using aicn_test::test_scratch;

namespace {

// 49 and 41 bytes: schema 1 cut site names at 31 characters and hub names at 15.
const std::string kLongEast = "shanghai-lingang-intelligent-computing-centre-01";
const std::string kLongWest = "guizhou-gui-an-new-area-green-data-centre";
const std::string kLongHub = "yangtze-river-delta-hub";

std::string scenario() {
  return "name: long-names\nseed: 2\nhorizon: 2d\nsample_interval: 1h\n"
         "layout:\n"
         "  hubs: [{name: " + kLongHub + ", side: east}, {name: W, side: west}]\n"
         "  sites:\n"
         "    - {name: " + kLongEast + ", hub: " + kLongHub + ", lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: 16}]}\n"
         "    - {name: " + kLongWest + ", hub: W, lat: 26.6, lon: 106.7, pools: [{gpu: H800, gpus: 64}]}\n"
         "  links:\n"
         "    - {between: [" + kLongEast + ", " + kLongWest + "], bandwidth: 100Gbps, latency: 10ms}\n"
         "workload: {source: poisson-training, arrivals_per_hour: 3, max_gpus: 32}\n"
         "policy: least-loaded\n";
}

}  // namespace

TEST(TraceSchema2, longNamesComeBackWholeAndSamplesFillToEveryTick) {
  const auto dir = test_scratch();
  std::ofstream(dir / "s.yaml") << scenario();
  const auto run = run_aicn("run " + (dir / "s.yaml").string() + " --quiet --out " + (dir / "out").string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string trace = (dir / "out" / "trace.h5").string();

  EXPECT_EQ(aicn::results::read_catalog(trace, "sites"), (std::vector<std::string>{kLongEast, kLongWest}));
  EXPECT_EQ(aicn::results::read_catalog(trace, "hubs"), (std::vector<std::string>{kLongHub, "W"}));
  const auto jobs = aicn::results::read_job_rows(trace);
  ASSERT_GT(jobs.size(), 50u);  // ~3 an hour for 48 h
  std::map<std::string, int> placed;
  for (const auto& job : jobs) {
    EXPECT_EQ(job.origin, kLongHub) << job.id;  // the only eastern hub
    ++placed[job.site];
  }
  EXPECT_GT(placed[kLongEast] + placed[kLongWest], 0);
  for (const auto& [site, count] : placed)
    EXPECT_TRUE(site == kLongEast || site == kLongWest || site.empty()) << "'" << site << "' x " << count;

  // 2 days of 1 h ticks: 0, 1 h, ..., 48 h (the horizon is a tick and the end of the run).
  const auto times = aicn::results::read_sample_times(trace);
  ASSERT_EQ(times.size(), 49u);
  EXPECT_DOUBLE_EQ(times.front(), 0.0);
  EXPECT_DOUBLE_EQ(times.back(), 48 * 3600.0);
  const auto stored = aicn::results::read_site_samples(trace);
  const auto filled = aicn::results::read_filled_site_samples(trace);
  ASSERT_EQ(filled.size(), 2 * times.size());
  EXPECT_LE(stored.size(), filled.size());
  // Each site's first and last rows are stored; every stored row is one of the filled ones.
  std::map<int, std::set<double>> stored_times;
  for (const auto& row : stored) stored_times[row.site].insert(row.time_s);
  for (int site = 0; site < 2; ++site) {
    ASSERT_FALSE(stored_times[site].empty()) << site;
    EXPECT_DOUBLE_EQ(*stored_times[site].begin(), 0.0) << site;
    EXPECT_DOUBLE_EQ(*stored_times[site].rbegin(), times.back()) << site;
  }
  for (std::size_t i = 0; i < filled.size(); ++i) {
    EXPECT_DOUBLE_EQ(filled[i].time_s, times[i / 2]) << i;
    EXPECT_EQ(filled[i].site, static_cast<int>(i % 2)) << i;
    EXPECT_EQ(filled[i].total_gpus, i % 2 == 0 ? 16 : 64) << i;
  }
  // The link: one direction's rows fill to every tick after 0.
  const auto links = aicn::results::read_filled_link_samples(trace);
  EXPECT_EQ(links.size(), 2 * (times.size() - 1));
}
