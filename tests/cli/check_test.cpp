// `aicn baseline` and `aicn check` end to end on a golden scenario: the committed baseline
// passes; a metric perturbed beyond tolerance fails with exit 3 and passes once the
// tolerance covers it; a metric the baseline lacks fails unless --allow-new; a changed job
// fails `--job-table`; a bad baseline is an input error.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "aicn_test_support.hpp"

using aicn_test::Outcome;
using aicn_test::read_json;
using aicn_test::run_aicn;

namespace {

void write_json(const std::filesystem::path& path, const nlohmann::json& json) { std::ofstream(path) << json.dump(2); }

/// The output line of one metric, e.g. "wait_s.mean   42.1   42.5   +0.4   DRIFT".
std::string line_of(const std::string& output, const std::string& metric) {
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line))
    if (line.rfind(metric + " ", 0) == 0) return line;
  return "";
}

const std::string kGolden = "tiny-3site-least-loaded";

class Check : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() / ("aicn-check-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    run_ok_ = run_aicn("run " + golden_dir() + "/" + kGolden + ".yaml --quiet --out " + (dir_ / "run").string()).exit_code == 0;
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  static std::string golden_dir() { return std::string(AICN_SOURCE_DIR) + "/tests/golden"; }
  static std::string committed_baseline() { return golden_dir() + "/" + kGolden + ".baseline.json"; }
  static std::string run() { return (dir_ / "run").string(); }

  static inline std::filesystem::path dir_;
  static inline bool run_ok_ = false;
};

}  // namespace

TEST_F(Check, theCommittedGoldenBaselinePassesForTheFolderAndForTheTrace) {
  ASSERT_TRUE(run_ok_);
  for (const std::string& source : {run(), run() + "/trace.h5"}) {
    const Outcome outcome = run_aicn("check " + source + " --baseline " + committed_baseline() + " --job-table");
    EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
    EXPECT_NE(outcome.output.find("PASS:"), std::string::npos) << outcome.output;
    EXPECT_NE(line_of(outcome.output, "wait_s.mean").find(" ok"), std::string::npos) << outcome.output;
  }
}

TEST_F(Check, aMetricPerturbedBeyondToleranceFailsAndWithinPasses) {
  ASSERT_TRUE(run_ok_);
  nlohmann::json baseline = read_json(committed_baseline());
  const double mean = baseline["metrics"]["wait_s.mean"].get<double>();
  ASSERT_GT(mean, 0.0);
  baseline["metrics"]["wait_s.mean"] = mean * 1.01;  // the run now looks 1 % faster than its baseline
  const auto perturbed = dir_ / "perturbed.json";
  write_json(perturbed, baseline);

  const Outcome strict = run_aicn("check " + run() + " --baseline " + perturbed.string());
  EXPECT_EQ(strict.exit_code, 3) << strict.output;
  EXPECT_NE(line_of(strict.output, "wait_s.mean").find("DRIFT"), std::string::npos) << strict.output;
  EXPECT_NE(strict.output.find("FAIL: "), std::string::npos);
  EXPECT_NE(strict.output.find(", 1 drifted,"), std::string::npos) << "only the perturbed metric drifts:\n" << strict.output;

  const Outcome loose = run_aicn("check " + run() + " --baseline " + perturbed.string() + " --rtol 0.02");
  EXPECT_EQ(loose.exit_code, 0) << loose.output;
  EXPECT_NE(line_of(loose.output, "wait_s.mean").find(" ok"), std::string::npos) << loose.output;
}

TEST_F(Check, aMetricTheBaselineLacksFailsUnlessAllowNewIsGiven) {
  ASSERT_TRUE(run_ok_);
  nlohmann::json baseline = read_json(committed_baseline());
  ASSERT_TRUE(baseline["metrics"].contains("energy.total.co2_t")) << "the committed baseline records energy";
  baseline["metrics"].erase("energy.total.co2_t");
  const auto lacking = dir_ / "lacking.json";
  write_json(lacking, baseline);

  const Outcome strict = run_aicn("check " + run() + " --baseline " + lacking.string() + " --failures-only");
  EXPECT_EQ(strict.exit_code, 3) << strict.output;
  EXPECT_NE(line_of(strict.output, "energy.total.co2_t").find("NEW"), std::string::npos) << strict.output;
  EXPECT_NE(strict.output.find(", 1 new (the baseline lacks the new metrics"), std::string::npos) << strict.output;

  const Outcome allowed = run_aicn("check " + run() + " --baseline " + lacking.string() + " --allow-new");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.output;
  EXPECT_NE(allowed.output.find("PASS: "), std::string::npos) << allowed.output;
  EXPECT_NE(allowed.output.find(", 1 new (new metrics allowed by --allow-new"), std::string::npos) << allowed.output;
}

TEST_F(Check, aChangedJobFailsTheJobTableCheck) {
  ASSERT_TRUE(run_ok_);
  ASSERT_EQ(run_aicn("baseline " + run() + " --job-table --out " + (dir_ / "mine.json").string()).exit_code, 0);
  nlohmann::json baseline = read_json(dir_ / "mine.json");
  ASSERT_GT(baseline["jobs"]["rows"].size(), 3u);
  baseline["jobs"]["rows"][3][1] = "elsewhere";  // the site of the fourth row
  write_json(dir_ / "changed.json", baseline);
  EXPECT_EQ(run_aicn("check " + run() + " --baseline " + (dir_ / "changed.json").string()).exit_code, 0)
      << "without --job-table only the metrics are compared";
  const Outcome outcome = run_aicn("check " + run() + " --baseline " + (dir_ / "changed.json").string() + " --job-table");
  EXPECT_EQ(outcome.exit_code, 3) << outcome.output;
  EXPECT_NE(outcome.output.find("job row 3"), std::string::npos) << outcome.output;
}

TEST_F(Check, aBadBaselineOrRunIsAnInputError) {
  ASSERT_TRUE(run_ok_);
  std::ofstream(dir_ / "broken.json") << "{ not json";
  Outcome outcome = run_aicn("check " + run() + " --baseline " + (dir_ / "broken.json").string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("broken.json"), std::string::npos) << outcome.output;
  outcome = run_aicn("check " + (dir_ / "no-such-run").string() + " --baseline " + committed_baseline());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("no-such-run"), std::string::npos) << outcome.output;
}
