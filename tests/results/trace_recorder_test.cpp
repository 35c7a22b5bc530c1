// TraceRecorder: the trace rows a sequence of events writes, read back from the HDF5 file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>

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
  EXPECT_STREQ(jobs[0].kind, "training");
  EXPECT_STREQ(jobs[0].origin, "E");
  EXPECT_STREQ(jobs[0].site, "b");
  EXPECT_STREQ(jobs[0].gpu_model, "A100-80GB");
  EXPECT_EQ(jobs[0].gpus, 4);
  EXPECT_DOUBLE_EQ(jobs[0].transfer_end_s, 8.0);
  EXPECT_DOUBLE_EQ(jobs[0].start_s, 9.0);
  EXPECT_DOUBLE_EQ(jobs[0].end_s, 20.0);
  EXPECT_DOUBLE_EQ(jobs[0].bytes_moved, 1e9);
  EXPECT_EQ(jobs[0].status, static_cast<std::uint8_t>(JobStatus::FINISHED));
  // A job that never ran: no site, no model (gpu_model -1 in the snapshot), no end time.
  EXPECT_STREQ(jobs[1].kind, "fine-tuning");
  EXPECT_STREQ(jobs[1].origin, "W");
  EXPECT_STREQ(jobs[1].site, "");
  EXPECT_STREQ(jobs[1].gpu_model, "");
  EXPECT_TRUE(std::isnan(jobs[1].end_s));
  EXPECT_TRUE(std::isnan(jobs[1].start_s));
  EXPECT_EQ(jobs[1].status, static_cast<std::uint8_t>(JobStatus::REJECTED));

  const auto events = results::read_event_rows(path);
  ASSERT_EQ(events.size(), 5u);
  EXPECT_STREQ(events[0].kind, "link_down");
  EXPECT_EQ(events[0].job, -1);
  EXPECT_STREQ(events[1].kind, "transfer_rerouted");
  EXPECT_STREQ(events[1].subject, "a--b");
  EXPECT_EQ(events[1].job, 11);
  EXPECT_STREQ(events[2].kind, "transfer_failed");
  EXPECT_STREQ(events[2].detail, "no route left a -> b after the cut");
  EXPECT_STREQ(events[3].kind, "job_interrupted");
  EXPECT_STREQ(events[3].subject, "b");
  EXPECT_STREQ(events[4].kind, "job_resubmitted");
  EXPECT_STREQ(events[4].detail, "site b went down");

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
  const auto items = results::inventory_hdf5(path);
  EXPECT_TRUE(has_dataset(items, "/sites/catalog"));
  EXPECT_TRUE(has_dataset(items, "/links/catalog"));
}
