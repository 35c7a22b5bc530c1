// The HDF5 trace writer and reader agree, and an abandoned trace leaves no file behind.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

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
  // 40 bytes: longer than the 32-byte site field of schema 1, which cut such names.
  const std::string long_site = "a-site-name-of-forty-bytes-in-all-xxxxx";
  ASSERT_EQ(long_site.size(), 39u);
  {
    TraceWriter writer(path, {.chunk_rows = 7, .job_chunk_rows = 7});  // small chunks: several appends and flushes
    writer.write_catalog("kinds", {"training", "serving"});
    writer.write_catalog("hubs", {"east-hub"});
    writer.write_catalog("sites", {"site-0", "site-1", long_site});
    writer.write_catalog("gpu_models", {"H800"});
    for (std::uint64_t i = 0; i < 100; ++i) {
      JobRow row{};
      row.id = i;
      row.kind = static_cast<std::int32_t>(i % 2);
      row.site = i % 5 == 4 ? kNoIndex : static_cast<std::int32_t>(i % 3);
      row.gpu_model = i % 5 == 4 ? kNoIndex : 0;
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
  EXPECT_EQ(rows[42].site, "site-0");  // 42 % 3
  EXPECT_EQ(rows[41].site, long_site) << "a long name comes back whole";
  EXPECT_EQ(rows[43].kind, "serving");
  EXPECT_EQ(rows[43].origin, "east-hub");
  EXPECT_EQ(rows[43].gpu_model, "H800");
  EXPECT_EQ(rows[44].site, "") << "kNoIndex reads as no name";
  EXPECT_EQ(rows[44].gpu_model, "");
  EXPECT_EQ(rows[42].gpus, 43);
  EXPECT_DOUBLE_EQ(rows[42].submit_s, 63.0);
  EXPECT_TRUE(std::isnan(rows[43].end_s));
  const auto raw = read_raw_job_rows(path);
  ASSERT_EQ(raw.size(), 100u);
  EXPECT_EQ(raw[41].site, 2);
  EXPECT_EQ(raw[44].site, kNoIndex);
  EXPECT_EQ(read_catalog(path, "sites"), (std::vector<std::string>{"site-0", "site-1", long_site}));
  const auto samples = read_site_samples(path);
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_EQ(samples[0].queued_gpus, 8);
  EXPECT_EQ(read_meta_string(path, "policy"), "local-first");
}

TEST(TraceWriter, everyByteOfEveryRowSurvivesTheShuffleOfWholeChunks) {
  // Chunks of 24 rows: whole 8-row blocks go through the compressor's 8 x 8 byte transpose,
  // the 97-byte row's last byte and a last chunk of 4 rows through its byte-by-byte path.
  // Every column of every row holds a value of its own, so a byte sent to the wrong plane
  // reads back as a different number.
  const std::string path = temp_path("shuffle.h5");
  const auto value = [](std::uint64_t i, int column) { return static_cast<double>(i) * 1.000123 + column * 1e6 + 0.25; };
  {
    TraceWriter writer(path, {.chunk_rows = 24, .job_chunk_rows = 24});
    writer.write_catalog("kinds", {"training"});
    writer.write_catalog("hubs", {"east-hub"});
    writer.write_catalog("sites", {"site-0"});
    writer.write_catalog("gpu_models", {"H800"});
    for (std::uint64_t i = 0; i < 100; ++i) {
      JobRow row{};
      row.id = 0x0102030405060708ULL * (i + 1);
      row.gpus = static_cast<std::int32_t>(1000 + i);
      row.gpu_milli = static_cast<std::int32_t>(7 * i);
      row.cpu_milli = static_cast<std::int64_t>(0x0A0B0C0D0E0FULL + i);
      row.memory_mib = static_cast<std::int64_t>(3 * i + 11);
      row.submit_s = value(i, 1);
      row.transfer_start_s = value(i, 2);
      row.transfer_end_s = value(i, 3);
      row.start_s = value(i, 4);
      row.end_s = value(i, 5);
      row.bytes_moved = value(i, 6);
      row.status = static_cast<std::uint8_t>(i % 5);
      writer.append(row);
    }
    writer.close();
  }
  const auto raw = read_raw_job_rows(path);
  ASSERT_EQ(raw.size(), 100u);
  for (std::uint64_t i = 0; i < 100; ++i) {
    const auto& row = raw[i];
    SCOPED_TRACE("row " + std::to_string(i));
    EXPECT_EQ(row.id, 0x0102030405060708ULL * (i + 1));
    EXPECT_EQ(row.gpus, static_cast<std::int32_t>(1000 + i));
    EXPECT_EQ(row.gpu_milli, static_cast<std::int32_t>(7 * i));
    EXPECT_EQ(row.cpu_milli, static_cast<std::int64_t>(0x0A0B0C0D0E0FULL + i));
    EXPECT_EQ(row.memory_mib, static_cast<std::int64_t>(3 * i + 11));
    EXPECT_EQ(row.submit_s, value(i, 1));
    EXPECT_EQ(row.transfer_start_s, value(i, 2));
    EXPECT_EQ(row.transfer_end_s, value(i, 3));
    EXPECT_EQ(row.start_s, value(i, 4));
    EXPECT_EQ(row.end_s, value(i, 5));
    EXPECT_EQ(row.bytes_moved, value(i, 6));
    EXPECT_EQ(row.status, static_cast<std::uint8_t>(i % 5));
  }
}

TEST(TraceWriter, anIndexOutsideItsCatalogIsAnErrorNamingTheRowAndColumn) {
  const std::string path = temp_path("bad-index.h5");
  {
    TraceWriter writer(path);
    writer.write_catalog("kinds", {"training"});
    writer.write_catalog("hubs", {"east-hub"});
    writer.write_catalog("sites", {"site-0"});
    writer.write_catalog("gpu_models", {"H800"});
    JobRow good{};
    JobRow bad{};
    bad.site = 1;  // only index 0 exists
    writer.append(good);
    writer.append(bad);
    writer.close();
  }
  try {
    read_job_rows(path);
    FAIL() << "an index past the catalog was read";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), path + ": /jobs row 1: site 1 is not an index of /catalog/sites (1 names)");
  }
}

TEST(TraceWriter, chunksAreShuffledAndDeflatedUnlessLevelZero) {
  // 20,000 rows whose columns repeat: deflate must shrink them far below their raw size
  // (20,000 x 77 B = 1.54 MB), and level 0 must store them raw.
  const auto write = [&](const std::string& name, TraceLayout layout) {
    const std::string path = temp_path(name);
    TraceWriter writer(path, layout);
    for (std::uint64_t i = 0; i < 20000; ++i) {
      JobRow row{};
      row.id = i;
      row.site = static_cast<std::int32_t>(i % 4);
      row.submit_s = static_cast<double>(i);
      writer.append(row);
    }
    writer.close();
    return std::filesystem::file_size(path);
  };
  const auto deflated = write("deflated.h5", {.chunk_rows = 4096, .deflate_level = 1, .job_chunk_rows = 4096});
  const auto raw = write("raw.h5", {.chunk_rows = 4096, .deflate_level = 0, .job_chunk_rows = 4096});
  EXPECT_GE(raw, 20000u * 77u);
  EXPECT_LT(deflated * 10, raw) << deflated << " B deflated, " << raw << " B raw";
  EXPECT_EQ(read_raw_job_rows(temp_path("deflated.h5")).at(19999).submit_s, 19999.0);
}

TEST(TraceWriter, everyDeflatedJobRowComesBackThroughHdf5sOwnFilters) {
  // The writer shuffles rows into a chunk 64 at a time and deflates it itself; HDF5's own
  // shuffle and deflate filters read it back. Chunk sizes below, at and above the 64-row
  // stage, none a multiple of the others, and a row count that ends inside a stage and a
  // chunk. Every column takes values whose high bytes vary too, so a byte put in the wrong
  // plane or row shows.
  const auto expected = [](std::uint64_t i) {
    JobRow row{};
    row.id = i * 0x0101010101ULL + 3;
    row.kind = static_cast<std::int32_t>(i % 5);
    row.origin = -static_cast<std::int32_t>(i % 3);
    row.site = static_cast<std::int32_t>(i * 7919);
    row.gpu_model = static_cast<std::int32_t>(i % 2) - 1;
    row.gpus = static_cast<std::int32_t>(i * 131);
    row.gpu_milli = static_cast<std::int32_t>(1000 - i % 1000);
    row.cpu_milli = static_cast<std::int64_t>(i) * 1000000007LL;
    row.memory_mib = -static_cast<std::int64_t>(i) * 65537LL;
    row.submit_s = static_cast<double>(i) * 1.37e5;
    row.transfer_start_s = i % 4 == 0 ? std::nan("") : static_cast<double>(i) + 0.25;
    row.transfer_end_s = static_cast<double>(i) / 3.0;
    row.start_s = -static_cast<double>(i);
    row.end_s = static_cast<double>(i * i);
    row.bytes_moved = static_cast<double>(i << 20);
    row.status = static_cast<std::uint8_t>(i % 4);
    return row;
  };
  const auto same_bits = [](double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; };
  constexpr std::uint64_t kRows = 2345;
  for (const std::size_t chunk : {1u, 7u, 64u, 100u, 1024u}) {
    for (const int level : {1, 0}) {
      SCOPED_TRACE("chunk " + std::to_string(chunk) + ", level " + std::to_string(level));
      const std::string path = temp_path("rows-" + std::to_string(chunk) + "-" + std::to_string(level) + ".h5");
      {
        TraceWriter writer(path, {.chunk_rows = chunk, .deflate_level = level, .job_chunk_rows = chunk});
        for (std::uint64_t i = 0; i < kRows; ++i) writer.append(expected(i));
        writer.close();
      }
      const std::vector<JobRow> rows = read_raw_job_rows(path);
      ASSERT_EQ(rows.size(), kRows);
      for (std::uint64_t i = 0; i < kRows; ++i) {
        const JobRow& got = rows[i];
        const JobRow want = expected(i);
        ASSERT_TRUE(got.id == want.id && got.kind == want.kind && got.origin == want.origin && got.site == want.site &&
                    got.gpu_model == want.gpu_model && got.gpus == want.gpus && got.gpu_milli == want.gpu_milli &&
                    got.cpu_milli == want.cpu_milli && got.memory_mib == want.memory_mib &&
                    same_bits(got.submit_s, want.submit_s) && same_bits(got.transfer_start_s, want.transfer_start_s) &&
                    same_bits(got.transfer_end_s, want.transfer_end_s) && same_bits(got.start_s, want.start_s) &&
                    same_bits(got.end_s, want.end_s) && same_bits(got.bytes_moved, want.bytes_moved) &&
                    got.status == want.status)
            << "row " << i;
      }
    }
  }
}

TEST(TraceWriter, eventTextsOfAnyLengthAreCopiedAndComeBackWhole) {
  // Schema 1 cut subjects at 65 and details at 127 bytes. Chunks of 2 rows: texts of rows
  // already written are dropped while later rows still wait in the buffer.
  const std::string path = temp_path("events.h5");
  const std::string subject = std::string(50, 'a') + "--" + std::string(50, 'b');
  std::vector<std::string> details;
  {
    TraceWriter writer(path, {.chunk_rows = 2});
    for (int i = 0; i < 5; ++i) {
      details.push_back("detail " + std::to_string(i) + " " + std::string(200, 'x'));
      std::string kind = i % 2 ? "link_up" : "link_down";  // a temporary, gone after append
      writer.append(EventRow{10.0 * i, kind.c_str(), subject.c_str(), -1, details.back().c_str()});
    }
    writer.close();
  }
  const auto events = read_event_rows(path);
  ASSERT_EQ(events.size(), 5u);
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_DOUBLE_EQ(events[i].time_s, 10.0 * static_cast<double>(i));
    EXPECT_EQ(events[i].kind, i % 2 ? "link_up" : "link_down") << i;
    EXPECT_EQ(events[i].subject, subject) << i;
    EXPECT_EQ(events[i].job, -1);
    EXPECT_EQ(events[i].detail, details[i]) << i;
  }
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
    TraceWriter writer(path, {16});
    writer.set_meta("scenario", scenario);
    writer.set_meta("policy", "local-first");
    writer.close();
  }
  EXPECT_EQ(read_meta_string(path, "scenario"), scenario);
  EXPECT_EQ(read_meta_string(path, "policy"), "local-first");
  EXPECT_EQ(read_meta_string(path, "no-such-key"), "");
}
