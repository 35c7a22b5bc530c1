// Bad input on the command line and in `simgrid:` is answered with one `aicn: error:` line
// naming the option or key and the bad value; crashes of a policy library and file-system
// faults are reported the same way. Each test reads the first line of stderr alone.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "aicn_test_support.hpp"

using aicn_test::read_file;
using aicn_test::run_command;
using aicn_test::test_scratch;

namespace {

const char* kScenario = "name: t\nseed: 1\nhorizon: 2h\nlayout: tiny-3site\n"
                        "workload:\n  source: poisson-training\n  arrivals_per_hour: 2\n";

struct Answer {
  int exit_code = -1;
  std::string first_line;  ///< of stderr
};

/// Runs `aicn ARGUMENTS` in `dir`, stdout discarded, and returns its exit code and first stderr line.
Answer ask(const std::filesystem::path& dir, const std::string& arguments) {
  const auto err = dir / "stderr.txt";
  const auto outcome = run_command("{ cd " + dir.string() + " && " + AICN_BINARY + " " + arguments + " >/dev/null 2>" +
                                   err.string() + "; }");
  const std::string text = read_file(err);
  return {outcome.exit_code, text.substr(0, text.find('\n'))};
}

std::filesystem::path scratch_with_scenario(const std::string& extra = "") {
  const auto dir = test_scratch();
  std::ofstream(dir / "s.yaml") << kScenario << extra;
  return dir;
}

}  // namespace

TEST(HardeningCli, optionsThatReplaceScenarioKeysAreCheckedByTheKeysParsers) {
  const auto dir = scratch_with_scenario();
  struct Case {
    std::string arguments, first_line;
  };
  const Case cases[] = {
      {"run s.yaml -q --out o --max-jobs -5", "aicn: error: --max-jobs: must be a whole number from 1 to 18446744073709551615, got '-5'"},
      {"run s.yaml -q --out o --max-jobs 0", "aicn: error: --max-jobs: must be a whole number from 1 to 18446744073709551615, got '0'"},
      {"run s.yaml -q --out o --seed 99999999999999999999999",
       "aicn: error: --seed: must be a whole number from 0 to 18446744073709551615, got '99999999999999999999999'"},
      {"run s.yaml -q --out o --horizon 1e300d", "aicn: error: --horizon: must be at most 3650000d (10000 years), got '1e300d'"},
      {"run s.yaml -q --out o --compute-model gpu", "aicn: error: --compute-model: must be 'timer' or 'exec', got 'gpu'"},
      {"compare s.yaml --policies local-first --out c --max-jobs -5",
       "aicn: error: --max-jobs: must be a whole number from 1 to 18446744073709551615, got '-5'"},
      {"compare s.yaml --policies local-first --out c --horizon 1e300d",
       "aicn: error: --horizon: must be at most 3650000d (10000 years), got '1e300d'"},
      {"workload stats s.yaml --max-jobs 0", "aicn: error: --max-jobs: must be a whole number from 1 to 18446744073709551615, got '0'"},
      {"workload stats s.yaml --seed -3", "aicn: error: --seed: must be a whole number from 0 to 18446744073709551615, got '-3'"},
  };
  for (const auto& [arguments, first_line] : cases) {
    const Answer answer = ask(dir, arguments);
    EXPECT_EQ(answer.exit_code, 2) << arguments;
    EXPECT_EQ(answer.first_line, first_line) << arguments;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "o")) << "an input error writes no results";
  EXPECT_FALSE(std::filesystem::exists(dir / "c"));
}

TEST(HardeningCli, aGoodOverrideStillRunsAndIsRecordedInTheResolvedScenario) {
  const auto dir = scratch_with_scenario();
  const Answer answer = ask(dir, "run s.yaml -q --out o --seed 42 --max-jobs 3");
  ASSERT_EQ(answer.exit_code, 0) << answer.first_line;
  const std::string resolved = read_file(dir / "o" / "scenario.resolved.yaml");
  EXPECT_NE(resolved.find("seed: 42"), std::string::npos) << resolved;
  EXPECT_NE(resolved.find("max_jobs: 3"), std::string::npos) << resolved;
}

TEST(HardeningCli, unknownCommandsAndOptionsNameTheNearestValidOne) {
  const auto dir = scratch_with_scenario();
  struct Case {
    std::string arguments, first_line_start;
  };
  const Case cases[] = {
      {"rnu", "aicn: error: unknown command 'rnu' (did you mean 'run'?)"},
      {"run --polcy local-first s.yaml", "aicn: error: unknown option '--polcy' (did you mean '--policy'?)"},
      {"run s.yaml --seeed=3", "aicn: error: unknown option '--seeed' (did you mean '--seed'?)"},
      {"workload statz s.yaml", "aicn: error: unknown command 'workload statz' (did you mean 'stats'?)"},
      {"topology chek tiny-3site", "aicn: error: unknown command 'topology chek' (did you mean 'check'?)"},
      {"simulate", "aicn: error: unknown command 'simulate'; valid commands: run, demo, compare"},
      {"", "aicn: error: 'aicn' needs a command"},
  };
  for (const auto& [arguments, start] : cases) {
    const Answer answer = ask(dir, arguments);
    EXPECT_EQ(answer.exit_code, 2) << arguments;
    EXPECT_EQ(answer.first_line.substr(0, start.size()), start) << arguments << "\n" << answer.first_line;
  }
  // A negative number after an option is its value, not an unknown option "-5".
  EXPECT_EQ(ask(dir, "run s.yaml -q --out o --seed -5").first_line, "aicn: error: --seed: must be a whole number from 0 to 18446744073709551615, got '-5'");
}

TEST(HardeningCli, simgridSettingsAreCheckedAgainstSimgridBeforeTheRun) {
  struct Case {
    std::string setting, first_line_start;
  };
  const Case cases[] = {
      {"network/model: NotAModel", "aicn: error: s.yaml:9: simgrid.network/model: 'NotAModel' is not a valid value (valid: "},
      {"no/such/key: 1", "aicn: error: s.yaml:9: simgrid.no/such/key: unknown SimGrid setting 'no/such/key'"},
      {"network/modle: CM02",
       "aicn: error: s.yaml:9: simgrid.network/modle: unknown SimGrid setting 'network/modle' (did you mean 'network/model'?)"},
      {"network/TCP-gamma: abc", "aicn: error: s.yaml:9: simgrid.network/TCP-gamma: 'abc' is not a valid value"},
      {"network/model: help", "aicn: error: s.yaml:9: simgrid.network/model: 'help' is not a value"},
  };
  for (const auto& [setting, start] : cases) {
    const auto dir = scratch_with_scenario("simgrid:\n  " + setting + "\n");
    const Answer answer = ask(dir, "run s.yaml -q --out o");
    EXPECT_EQ(answer.exit_code, 2) << setting;
    EXPECT_EQ(answer.first_line.substr(0, start.size()), start) << setting << "\n" << answer.first_line;
    EXPECT_FALSE(std::filesystem::exists(dir / "o")) << setting;
  }
  // The model list is SimGrid's own: CM02 (AICN's default) is one of its network models.
  const auto dir = scratch_with_scenario("simgrid:\n  network/model: NotAModel\n");
  EXPECT_NE(ask(dir, "run s.yaml -q --out o").first_line.find("CM02"), std::string::npos);
  // A valid setting passes the check and the run completes.
  const auto good = scratch_with_scenario("simgrid:\n  network/model: LV08\n");
  EXPECT_EQ(ask(good, "run s.yaml -q --out o").exit_code, 0);
  EXPECT_TRUE(std::filesystem::exists(good / "o" / "summary.json"));
}

TEST(HardeningCli, fileSystemFaultsNameThePathAndTheSystemsReason) {
  const auto dir = scratch_with_scenario();
  const std::string long_name(300, 'x');
  Answer answer = ask(dir, "run s.yaml -q --out " + long_name);
  EXPECT_EQ(answer.exit_code, 1);
  // The run first takes its lock beside --out, so that is the name the system refuses.
  EXPECT_EQ(answer.first_line, "aicn: error: cannot write " + (dir / long_name).string() + ".lock: File name too long");
  std::ofstream(dir / "afile") << "x\n";
  answer = ask(dir, "run s.yaml -q --out afile");
  EXPECT_EQ(answer.exit_code, 2);
  EXPECT_EQ(answer.first_line, "aicn: error: --out: " + (dir / "afile").string() + " exists and is not a folder");
  answer = ask(dir, "workload generate s.yaml --out " + long_name + ".csv");
  EXPECT_EQ(answer.exit_code, 1);
  EXPECT_EQ(answer.first_line, "aicn: error: cannot write " + long_name + ".csv.partial: File name too long");
}

TEST(HardeningCli, workloadStatsReadsATraceByItsContentOrNameAndSaysWhatItExpectsOtherwise) {
  const auto dir = test_scratch();
  // Two SWF jobs of 4 and 2 processors (procs_per_gpu 1: 4 and 2 GPUs).
  std::ofstream(dir / "t.swf") << "; comment\n1 0 -1 100 4 -1 -1 -1 -1 -1 1 1 1 -1 -1 -1 -1 -1\n"
                                  "2 50 -1 10 2 -1 -1 -1 -1 -1 1 1 1 -1 -1 -1 -1 -1\n";
  const auto stats = run_command(std::string(AICN_BINARY) + " workload stats " + (dir / "t.swf").string() + " --gpu-model A100-80GB 2>&1");
  EXPECT_EQ(stats.exit_code, 0) << stats.output;
  EXPECT_NE(stats.output.find("trace lines read"), std::string::npos) << stats.output;
  std::ofstream(dir / "trace.bin.gz", std::ios::binary) << std::string("\x1f\x8b\x08\x00garbage", 12);
  const Answer answer = ask(dir, "workload stats trace.bin.gz");
  EXPECT_EQ(answer.exit_code, 2);
  EXPECT_TRUE(answer.first_line.starts_with("aicn: error: trace.bin.gz: not a trace AICN recognises; expected a workload spec"))
      << answer.first_line;
  EXPECT_NE(answer.first_line.find("SWF, Mooncake JSONL or Azure LLM CSV (each also .gz; recognised by content or name, or forced with --format)"),
            std::string::npos)
      << answer.first_line;
}

TEST(HardeningCli, aPolicyLibraryThatCrashesIsNamedInOneErrorLine) {
  const auto dir = scratch_with_scenario();
  Answer answer = ask(dir, std::string("run s.yaml -q --out o --policy-lib ") + AICN_CRASH_ON_LOAD_PLUGIN);
  EXPECT_EQ(answer.exit_code, 1);
  EXPECT_EQ(answer.first_line,
            std::string("aicn: error: policy library ") + AICN_CRASH_ON_LOAD_PLUGIN + " crashed while loading (signal 11)");
  answer = ask(dir, std::string("run s.yaml -q --out o --policy test-crash-in-constructor --policy-lib ") +
                        AICN_CRASH_IN_CONSTRUCTOR_PLUGIN);
  EXPECT_EQ(answer.exit_code, 1);
  EXPECT_EQ(answer.first_line, std::string("aicn: error: policy 'test-crash-in-constructor' of library ") +
                                   AICN_CRASH_IN_CONSTRUCTOR_PLUGIN + " crashed while being constructed (signal 11)");
}
