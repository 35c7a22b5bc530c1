// Output faults: a trace or a file that cannot be written whole (here: over the file size
// limit, as a full disk looks to a writer) is an OutputError `cannot write PATH: <strerror>`,
// never an HDF5 exception that aborts the program; and /meta holds a summary of any size.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <string>

#include "aicn/results/atomic_file.hpp"
#include "aicn/results/output_error.hpp"
#include "aicn/results/regression.hpp"
#include "aicn/results/trace_reader.hpp"
#include "aicn/results/trace_writer.hpp"
#include "aicn_test_support.hpp"

namespace fs = std::filesystem;
using namespace aicn::results;

namespace {

/// Runs `body` in a child process limited to `limit_bytes` per file (SIGXFSZ ignored, so a
/// write past the limit fails with EFBIG, as on a full disk it fails with ENOSPC); returns
/// what the child wrote to the pipe: the OutputError message, or "no error".
template <typename Body>
std::string under_file_size_limit(rlim_t limit_bytes, Body&& body) {
  int pipe_ends[2];
  if (pipe(pipe_ends) != 0) return "pipe failed";
  const pid_t child = fork();
  if (child == 0) {
    close(pipe_ends[0]);
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{limit_bytes, limit_bytes};
    setrlimit(RLIMIT_FSIZE, &limit);
    std::string said = "no error";
    try {
      body();
    } catch (const OutputError& e) {
      said = e.what();
    } catch (const std::exception& e) {
      said = std::string("another exception: ") + e.what();
    } catch (...) {
      said = "a non-std exception";
    }
    if (::write(pipe_ends[1], said.data(), said.size()) < 0) _exit(2);
    _exit(0);
  }
  close(pipe_ends[1]);
  std::string said;
  char buffer[512];
  for (ssize_t n; (n = read(pipe_ends[0], buffer, sizeof buffer)) > 0;) said.append(buffer, static_cast<std::size_t>(n));
  close(pipe_ends[0]);
  int status = 0;
  waitpid(child, &status, 0);
  if (!WIFEXITED(status)) return said + " (child ended by signal " + std::to_string(WTERMSIG(status)) + ")";
  return said;
}

}  // namespace

TEST(OutputFaults, aTraceOverTheFileSizeLimitIsAnOutputErrorNamingTheTrace) {
  const fs::path dir = aicn_test::test_scratch();
  const std::string trace = (dir / "trace.h5").string();
  const std::string said = under_file_size_limit(64 * 1024, [&] {
    // Not deflated, so the rows take their whole size on disk.
    TraceWriter writer(trace, {256, 0}, "/shown/run/trace.h5");
    for (std::uint64_t i = 0; i < 20000; ++i) {  // ~1.5 MB of job rows
      JobRow row{};
      row.id = i;
      writer.append(row);
    }
    writer.close();
  });
  EXPECT_EQ(said, "cannot write /shown/run/trace.h5: " + std::string(std::strerror(EFBIG)));
  EXPECT_FALSE(fs::exists(trace));
  EXPECT_FALSE(fs::exists(trace + ".partial")) << "the writer's destructor removed its partial file";
}

TEST(OutputFaults, aFileOverTheLimitIsAnOutputErrorAndLeavesNoPartialFile) {
  const fs::path dir = aicn_test::test_scratch();
  const std::string said =
      under_file_size_limit(4096, [&] { write_file_atomically(dir / "summary.json", std::string(100000, 'x')); });
  EXPECT_EQ(said, "cannot write " + (dir / "summary.json").string() + ": " + std::strerror(EFBIG));
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(OutputFaults, aFileInAFolderThatDoesNotExistNamesTheFileAndTheReason) {
  const fs::path dir = aicn_test::test_scratch();
  try {
    write_file_atomically(dir / "missing" / "summary.json", "{}");
    FAIL() << "no error";
  } catch (const OutputError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write " + (dir / "missing" / "summary.json").string() + ": " +
                                         std::strerror(ENOENT));
    EXPECT_EQ(e.error_number(), ENOENT);
  }
}

TEST(OutputFaults, metaHoldsASummaryOfAnySizeAndCheckReadsItFromTheTraceAlone) {
  // The original HDF5 format stops attributes at 64 KiB; the summary used to be dropped there.
  const fs::path dir = aicn_test::test_scratch();
  const std::string trace = (dir / "alone.h5").string();
  nlohmann::json summary{{"run_id", "00000000-0000-0000-0000-000000000001"}, {"scenario", "big"}, {"sites", nlohmann::json::array()}};
  for (int i = 0; i < 3000; ++i)
    summary["sites"].push_back({{"name", "site-" + std::to_string(i)}, {"utilisation", i / 3000.0}});
  const std::string text = summary.dump();
  ASSERT_GT(text.size(), 100000u);
  {
    TraceWriter writer(trace);
    writer.set_meta("run_id", summary["run_id"].get<std::string>());
    writer.set_meta("summary", text);
    writer.set_meta("scenario", std::string(300000, '#'));  // a resolved 3,000-site layout is this big
    writer.close();
  }
  EXPECT_EQ(read_meta_string(trace, "summary"), text);
  EXPECT_EQ(read_meta_string(trace, "scenario").size(), 300000u);
  const RunRecord record = load_run(trace);
  EXPECT_EQ(record.summary["sites"].size(), 3000u);
  EXPECT_EQ(record.run_id, "00000000-0000-0000-0000-000000000001");
}
