// TraceRecorder: the trace rows a sequence of events writes, read back from the HDF5 file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <algorithm>
#include <filesystem>
#include <utility>
#include <vector>

#include "aicn/results/schema_check.hpp"
#include "aicn/results/trace_reader.hpp"
#include "aicn/results/trace_recorder.hpp"
#include "observer_test_layout.hpp"

using namespace aicn;
using results::JobStatus;

namespace {

std::string temp_trace(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("aicn-recorder-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

bool has_dataset(const std::vector<results::SchemaItem>& items, const std::string& name) {
  for (const auto& item : items)
    if (item.kind == results::SchemaItemKind::DATASET && item.object == name) return true;
  return false;
}

}  // namespace

TEST(TraceRecorder, writesOneJobRowPerEndAndTheEventsOfOutages) {
  const auto layout = observer_test::two_site_layout();
  const auto economics = topology::Economics::defaults();
  const topology::NetworkGraph graph(layout);
  results::EnergyAccountant energy(layout, economics, graph);
  const std::string path = temp_trace("recorded.h5");
  {
    results::TraceWriter writer(path);
    results::TraceRecorder recorder(writer, layout, energy);
    recorder.write_catalogs();
    const auto finished = observer_test::job(11, 2.0, 4);
    results::JobSnapshot s{&finished, 1, 0, finished.gpu_model, 3.0, 8.0, 9.0, 1e9};
    recorder.job_ended(20.0, s, JobStatus::FINISHED, "");
    const auto rejected = observer_test::job(12, 4.0, 64, 1, workloads::JobKind::FINE_TUNING);
    recorder.job_ended(4.0, {&rejected}, JobStatus::REJECTED, "too big");
    recorder.outage(30.0, results::OutageKind::LINK_DOWN, "a--b", "scheduled outage");
    recorder.transfer_rerouted(30.0, s, "a--b", "resumed over 2 hops");
    recorder.transfer_failed(31.0, s, "a--b", "no route left a -> b after the cut");
    recorder.job_interrupted(32.0, s, 120.0, "lost 30 s");
    recorder.job_resubmitted(32.0, s, "site b went down");
    const results::SiteSample sites[] = {{0, 0, 8, 0, 0, 0}, {1, 4, 16, 1, 2, 12}};
    const results::LinkSample links[] = {{0, 0, 5e8, 0.25}, {0, 1, 0.0, 0.0}};
    recorder.sample(60.0, sites, links);
    writer.close();
  }
  const auto jobs = results::read_job_rows(path);
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].id, 11u);
  EXPECT_EQ(jobs[0].kind, "training");
  EXPECT_EQ(jobs[0].origin, "E");
  EXPECT_EQ(jobs[0].site, "b");
  EXPECT_EQ(jobs[0].gpu_model, "A100-80GB");
  EXPECT_EQ(jobs[0].gpus, 4);
  EXPECT_DOUBLE_EQ(jobs[0].transfer_end_s, 8.0);
  EXPECT_DOUBLE_EQ(jobs[0].start_s, 9.0);
  EXPECT_DOUBLE_EQ(jobs[0].end_s, 20.0);
  EXPECT_DOUBLE_EQ(jobs[0].bytes_moved, 1e9);
  EXPECT_EQ(jobs[0].status, static_cast<std::uint8_t>(JobStatus::FINISHED));
  // A job that never ran: no site, no model (gpu_model -1 in the snapshot), no end time.
  EXPECT_EQ(jobs[1].kind, "fine-tuning");
  EXPECT_EQ(jobs[1].origin, "W");
  EXPECT_EQ(jobs[1].site, "");
  EXPECT_EQ(jobs[1].gpu_model, "");
  EXPECT_TRUE(std::isnan(jobs[1].end_s));
  EXPECT_TRUE(std::isnan(jobs[1].start_s));
  EXPECT_EQ(jobs[1].status, static_cast<std::uint8_t>(JobStatus::REJECTED));

  const auto events = results::read_event_rows(path);
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].kind, "link_down");
  EXPECT_EQ(events[0].job, -1);
  EXPECT_EQ(events[1].kind, "transfer_rerouted");
  EXPECT_EQ(events[1].subject, "a--b");
  EXPECT_EQ(events[1].job, 11);
  EXPECT_EQ(events[2].kind, "transfer_failed");
  EXPECT_EQ(events[2].detail, "no route left a -> b after the cut");
  EXPECT_EQ(events[3].kind, "job_interrupted");
  EXPECT_EQ(events[3].subject, "b");
  EXPECT_EQ(events[4].kind, "job_resubmitted");
  EXPECT_EQ(events[4].detail, "site b went down");

  const auto site_samples = results::read_site_samples(path);
  ASSERT_EQ(site_samples.size(), 2u);
  EXPECT_EQ(site_samples[1].busy_gpus, 4);
  EXPECT_EQ(site_samples[1].queued_gpus, 12);
  EXPECT_DOUBLE_EQ(site_samples[1].time_s, 60.0);
  const auto link_samples = results::read_link_samples(path);
  ASSERT_EQ(link_samples.size(), 2u);
  EXPECT_EQ(link_samples[1].direction, 1);
  EXPECT_DOUBLE_EQ(link_samples[0].utilisation, 0.25);
  // One energy row per site, the accountant's own figures at the tick.
  const auto energy_rows = results::read_energy_samples(path);
  const auto expected = energy.sample_rows(60.0);
  ASSERT_EQ(energy_rows.size(), 2u);
  EXPECT_DOUBLE_EQ(energy_rows[1].it_power_w, expected[1].it_power_w);
  EXPECT_DOUBLE_EQ(energy_rows[1].energy_kwh, expected[1].energy_kwh);
  EXPECT_GT(energy_rows[1].energy_kwh, 0.0);
  EXPECT_EQ(results::read_sample_times(path), std::vector<double>{60.0});
  const auto items = results::inventory_hdf5(path);
  EXPECT_TRUE(has_dataset(items, "/sites/catalog"));
  EXPECT_TRUE(has_dataset(items, "/links/catalog"));
  // The catalogs the /jobs indices refer to, in index order (kinds: workloads::JobKind).
  EXPECT_EQ(results::read_catalog(path, "kinds"),
            (std::vector<std::string>{"training", "fine-tuning", "batch-inference", "serving", "data-transfer"}));
  EXPECT_EQ(results::read_catalog(path, "hubs"), (std::vector<std::string>{"E", "W"}));
  EXPECT_EQ(results::read_catalog(path, "sites"), (std::vector<std::string>{"a", "b"}));
  const auto models = results::read_catalog(path, "gpu_models");
  ASSERT_EQ(models.size(), topology::gpu_catalog().size());
  EXPECT_EQ(models.at(static_cast<std::size_t>(topology::find_gpu_model("A100-80GB"))), "A100-80GB");
  const auto raw = results::read_raw_job_rows(path);
  EXPECT_EQ(raw.at(0).site, 1);
  EXPECT_EQ(raw.at(1).site, results::kNoIndex);
  EXPECT_EQ(raw.at(1).kind, 1);  // fine-tuning
}

TEST(TraceRecorder, writesASampleRowOnlyWhenAValueChangedAndTheLastSampleOfEach) {
  const auto layout = observer_test::two_site_layout();
  const auto economics = topology::Economics::defaults();
  const topology::NetworkGraph graph(layout);
  results::EnergyAccountant energy(layout, economics, graph);
  const std::string path = temp_trace("thinned.h5");
  // Five ticks. Site a: busy 0, 0, 2, 2, 2 -> rows at 0 (first), 20 (changed), 40 (last).
  // Site b: queued_gpus 5, 5, 5, 7, 5 -> rows at 0, 30, 40 (each a change).
  // Link direction 0: bytes 9, 9, 9, 9 -> rows at 10 (first) and 40 (last);
  // direction 1: 0, 3, 0, 0 -> rows at 10, 20, 30, 40.
  std::vector<std::vector<results::SiteSample>> sites = {
      {{0, 0, 8, 0, 0, 0}, {1, 4, 16, 1, 0, 5}}, {{0, 0, 8, 0, 0, 0}, {1, 4, 16, 1, 0, 5}},
      {{0, 2, 8, 1, 0, 0}, {1, 4, 16, 1, 0, 5}}, {{0, 2, 8, 1, 0, 0}, {1, 4, 16, 1, 1, 7}},
      {{0, 2, 8, 1, 0, 0}, {1, 4, 16, 1, 0, 5}}};
  std::vector<std::vector<results::LinkSample>> links = {
      {}, {{0, 0, 9.0, 0.1}, {0, 1, 0.0, 0.0}}, {{0, 0, 9.0, 0.1}, {0, 1, 3.0, 0.2}},
      {{0, 0, 9.0, 0.1}, {0, 1, 0.0, 0.0}}, {{0, 0, 9.0, 0.1}, {0, 1, 0.0, 0.0}}};
  {
    results::TraceWriter writer(path);
    results::TraceRecorder recorder(writer, layout, energy);
    recorder.write_catalogs();
    for (std::size_t t = 0; t < sites.size(); ++t) recorder.sample(10.0 * static_cast<double>(t), sites[t], links[t]);
    recorder.run_ended(40.0);
    writer.close();
  }
  std::vector<std::pair<int, double>> site_rows;
  for (const auto& row : results::read_site_samples(path)) site_rows.emplace_back(row.site, row.time_s);
  std::sort(site_rows.begin(), site_rows.end());
  EXPECT_EQ(site_rows, (std::vector<std::pair<int, double>>{{0, 0.0}, {0, 20.0}, {0, 40.0}, {1, 0.0}, {1, 30.0}, {1, 40.0}}));
  std::vector<std::pair<int, double>> link_rows;
  for (const auto& row : results::read_link_samples(path)) link_rows.emplace_back(row.direction, row.time_s);
  std::sort(link_rows.begin(), link_rows.end());
  EXPECT_EQ(link_rows,
            (std::vector<std::pair<int, double>>{{0, 10.0}, {0, 40.0}, {1, 10.0}, {1, 20.0}, {1, 30.0}, {1, 40.0}}));
  EXPECT_EQ(results::read_sample_times(path), (std::vector<double>{0.0, 10.0, 20.0, 30.0, 40.0}));
  // Filled again, the samples are those the run took, tick by tick, in site (link) order.
  const auto filled_sites = results::read_filled_site_samples(path);
  ASSERT_EQ(filled_sites.size(), 10u);
  for (std::size_t i = 0; i < filled_sites.size(); ++i) {
    const auto& expected = sites[i / 2][i % 2];
    const auto& got = filled_sites[i];
    EXPECT_DOUBLE_EQ(got.time_s, 10.0 * static_cast<double>(i / 2)) << i;
    EXPECT_EQ(got.site, expected.site) << i;
    EXPECT_EQ(got.busy_gpus, expected.busy_gpus) << i;
    EXPECT_EQ(got.running_jobs, expected.running_jobs) << i;
    EXPECT_EQ(got.queued_jobs, expected.queued_jobs) << i;
    EXPECT_EQ(got.queued_gpus, expected.queued_gpus) << i;
  }
  const auto filled_links = results::read_filled_link_samples(path);
  ASSERT_EQ(filled_links.size(), 8u);  // none at tick 0
  for (std::size_t i = 0; i < filled_links.size(); ++i) {
    const auto& expected = links[1 + i / 2][i % 2];
    EXPECT_DOUBLE_EQ(filled_links[i].time_s, 10.0 * static_cast<double>(1 + i / 2)) << i;
    EXPECT_EQ(filled_links[i].direction, expected.direction) << i;
    EXPECT_DOUBLE_EQ(filled_links[i].bytes, expected.bytes) << i;
    EXPECT_DOUBLE_EQ(filled_links[i].utilisation, expected.utilisation) << i;
  }
  EXPECT_EQ(results::read_energy_samples(path).size(), 10u) << "energy rows are not thinned";
}
