// Ctrl-C (SIGINT) or a scheduler's SIGTERM during a run: aicn stops at its next event, says
// so in one line, exits 128 + the signal's number, and leaves no trace (complete or partial)
// and no summary that could pass for a finished run.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "aicn_test_support.hpp"

namespace {

/// Starts a ten-year national run in the background, waits until it is under way (its
/// partial trace exists in the temporary folder beside `out`: the stop handlers are
/// installed by then), sends `signal`, and returns what the shell saw: the exit code and
/// the output.
aicn_test::Outcome interrupt_a_long_run(const std::filesystem::path& out, const std::string& signal) {
  std::string temporary = ".";  // by append: GCC 12 warns falsely (-Wrestrict) on a chain of +
  temporary.append(out.filename().string()).append(".aicn-tmp-*");
  const std::string partial = (out.parent_path() / temporary / "trace.h5.partial").string();
  const std::string command = std::string(AICN_BINARY) + " run --horizon 3650d --quiet --out " + out.string() +
                              " 2>&1 & pid=$!; for i in $(seq 600); do ls " + partial +
                              " >/dev/null 2>&1 && break; sleep 0.1; done; sleep 0.5; kill -" + signal +
                              " $pid; wait $pid; echo \"exit=$?\"";
  return aicn_test::run_command(command);
}

void expect_stopped_cleanly(const aicn_test::Outcome& outcome, const std::filesystem::path& out, int code,
                            const std::string& name) {
  EXPECT_NE(outcome.output.find("exit=" + std::to_string(code)), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("aicn: interrupted by " + name), std::string::npos) << outcome.output;
  EXPECT_FALSE(std::filesystem::exists(out / "trace.h5"));
  EXPECT_FALSE(std::filesystem::exists(out / "trace.h5.partial"));
  EXPECT_FALSE(std::filesystem::exists(out / "summary.json"));
  EXPECT_FALSE(std::filesystem::exists(out / "scenario.resolved.yaml"));
  EXPECT_TRUE(std::filesystem::is_empty(out.parent_path())) << "no temporary folder and no lock file are left";
}

}  // namespace

TEST(StopSignal, sigintStopsALongRunWithExit130AndNoTrace) {
  const auto out = aicn_test::test_scratch() / "run";
  expect_stopped_cleanly(interrupt_a_long_run(out, "INT"), out, 130, "SIGINT");
}

TEST(StopSignal, sigtermStopsALongRunWithExit143AndNoTrace) {
  const auto out = aicn_test::test_scratch() / "run";
  expect_stopped_cleanly(interrupt_a_long_run(out, "TERM"), out, 143, "SIGTERM");
}
