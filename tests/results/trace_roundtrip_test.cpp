// The HDF5 trace writer and reader agree, and an abandoned trace leaves no file behind.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "aicn/results/trace_reader.hpp"
#include "aicn/results/trace_writer.hpp"

using namespace aicn::results;

namespace {
std::string temp_path(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("aicn-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}
}  // namespace

TEST(TraceWriter, rowsWrittenInChunksReadBackExactly) {
  const std::string path = temp_path("roundtrip.h5");
  {
    TraceWriter writer(path, 7);  // a small chunk so several appends and flushes happen
    for (std::uint64_t i = 0; i < 100; ++i) {
      JobRow row{};
      row.id = i;
      copy_name(row.kind, "training");
      copy_name(row.site, "site-" + std::to_string(i % 3));
      row.gpus = static_cast<std::int32_t>(i + 1);
      row.submit_s = 1.5 * static_cast<double>(i);
      row.end_s = i % 2 ? std::nan("") : 10.0 * static_cast<double>(i);
      writer.append(row);
    }
    writer.append(SiteSampleRow{60.0, 2, 10, 16, 3, 1, 8});
    writer.set_meta("policy", "local-first");
    EXPECT_FALSE(std::filesystem::exists(path)) << "the final name appears only when complete";
    writer.close();
  }
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
  const auto rows = read_job_rows(path);
  ASSERT_EQ(rows.size(), 100u);
  EXPECT_EQ(rows[42].id, 42u);
  EXPECT_STREQ(rows[42].site, "site-0");
  EXPECT_EQ(rows[42].gpus, 43);
  EXPECT_DOUBLE_EQ(rows[42].submit_s, 63.0);
  EXPECT_TRUE(std::isnan(rows[43].end_s));
  const auto samples = read_site_samples(path);
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_EQ(samples[0].queued_gpus, 8);
  EXPECT_EQ(read_meta_string(path, "policy"), "local-first");
}

TEST(TraceWriter, anAbandonedTraceLeavesNoFile) {
  const std::string path = temp_path("abandoned.h5");
  {
    TraceWriter writer(path);
    writer.append(JobRow{});
    writer.abandon();
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
}

TEST(TraceWriter, aMetaStringOverHdf5sAttributeLimitIsStoredWholeAndReadBack) {
  // The resolved scenario of a 500-site layout is ~150 kB; an HDF5 attribute holds < 64 kB.
  const std::string path = temp_path("long-meta.h5");
  std::string scenario;
  for (int i = 0; scenario.size() < 200000; ++i) scenario += "  - name: site-" + std::to_string(i) + "\n";
  {
    TraceWriter writer(path, 16);
    writer.set_meta("scenario", scenario);
    writer.set_meta("policy", "local-first");
    writer.close();
  }
  EXPECT_EQ(read_meta_string(path, "scenario"), scenario);
  EXPECT_EQ(read_meta_string(path, "policy"), "local-first");
  EXPECT_EQ(read_meta_string(path, "no-such-key"), "");
}
