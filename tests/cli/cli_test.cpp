// The aicn command end to end, run as a child process (each run needs its own SimGrid engine).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include "aicn/results/trace_reader.hpp"
#include "aicn_test_support.hpp"

using aicn_test::Outcome;
using aicn_test::read_file;
using aicn_test::run_aicn;
using aicn_test::test_scratch;

namespace {

const char* kSmallScenario = R"(name: small
seed: 5
horizon: 3d
layout: tiny-3site
workload:
  source: poisson-training
  arrivals_per_hour: 20
  max_gpus: 64
policy: least-loaded
)";

std::string job_table_text(const std::string& trace) {
  std::string text;
  for (const auto& row : aicn::results::read_job_rows(trace)) {
    char line[256];
    std::snprintf(line, sizeof line, "%llu %s %s %d %.17g %.17g %.17g %.17g\n", static_cast<unsigned long long>(row.id),
                  row.site.c_str(), row.gpu_model.c_str(), row.gpus, row.submit_s, row.transfer_end_s, row.start_s, row.end_s);
    text += line;
  }
  return text;
}

}  // namespace

TEST(Cli, sameSeedGivesIdenticalSummaryAndJobsAndAnotherSeedDiffers) {
  const auto dir = test_scratch();
  std::ofstream(dir / "small.yaml") << kSmallScenario;
  const std::string scenario = (dir / "small.yaml").string();
  ASSERT_EQ(run_aicn("run " + scenario + " --quiet --out " + (dir / "a").string()).exit_code, 0);
  ASSERT_EQ(run_aicn("run " + scenario + " --quiet --out " + (dir / "b").string()).exit_code, 0);
  ASSERT_EQ(run_aicn("run " + scenario + " --quiet --seed 6 --out " + (dir / "c").string()).exit_code, 0);
  const std::string a = aicn_test::read_run_file(dir / "a", "summary.json");  // but for the run id
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a, aicn_test::read_run_file(dir / "b", "summary.json"));
  EXPECT_NE(a, aicn_test::read_run_file(dir / "c", "summary.json"));
  const std::string jobs_a = job_table_text((dir / "a" / "trace.h5").string());
  EXPECT_GT(jobs_a.size(), 100u);
  EXPECT_EQ(jobs_a, job_table_text((dir / "b" / "trace.h5").string()));
}

TEST(Cli, runPrintsTheSummaryAndWhereTheTraceWent) {
  const auto dir = test_scratch();
  std::ofstream(dir / "small.yaml") << kSmallScenario;
  const Outcome outcome = run_aicn("run " + (dir / "small.yaml").string() + " --out " + (dir / "run").string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("Jobs"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("utilisation"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("Trace:    " + (dir / "run" / "trace.h5").string()), std::string::npos) << outcome.output;
  EXPECT_TRUE(std::filesystem::exists(dir / "run" / "scenario.resolved.yaml"));
  EXPECT_EQ(aicn::results::read_meta_string((dir / "run" / "trace.h5").string(), "policy"), "least-loaded");
}

TEST(Cli, badScenarioFailsWithAMessageNamingTheKey) {
  const auto dir = test_scratch();
  std::string text = kSmallScenario;
  text.replace(text.find("max_gpus: 64"), 12, "max_gpus: -64");
  std::ofstream(dir / "bad.yaml") << text;
  const Outcome outcome = run_aicn("run " + (dir / "bad.yaml").string() + " --out " + (dir / "run").string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("workload.max_gpus"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("-64"), std::string::npos) << outcome.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "run" / "trace.h5"));
}

TEST(Cli, unknownPolicyOnTheCommandLineListsTheValidOnes) {
  const Outcome outcome = run_aicn("run --policy fastest --quiet --out " + (test_scratch() / "run").string());
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("unknown dispatch policy 'fastest'"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("local-first"), std::string::npos) << outcome.output;
}

TEST(Cli, policiesAndVersionAreListed) {
  const Outcome policies = run_aicn("policies");
  EXPECT_EQ(policies.exit_code, 0);
  EXPECT_NE(policies.output.find("least-loaded"), std::string::npos);
  EXPECT_NE(policies.output.find("local-first"), std::string::npos);
  const Outcome version = run_aicn("--version");
  EXPECT_NE(version.output.find("SimGrid 3.32"), std::string::npos) << version.output;
}

TEST(Cli, aRunCutAtTheHorizonWithWorkInFlightEndsCleanlyInBothComputeModels) {
  const auto dir = test_scratch();
  std::ofstream(dir / "small.yaml") << kSmallScenario;
  for (const std::string model : {"exec", "timer"}) {
    const Outcome outcome = run_aicn("run " + (dir / "small.yaml").string() + " --quiet --compute-model " + model +
                                     " --out " + (dir / model).string());
    ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
    EXPECT_EQ(outcome.output.find("WARNING"), std::string::npos) << outcome.output;
    const std::string summary = read_file(dir / model / "summary.json");
    EXPECT_EQ(summary.find("\"unfinished\": 0,"), std::string::npos) << "the scenario should leave work running";
  }
  // Both compute models give the same job times (to SimGrid's solver precision).
  const auto timer_rows = aicn::results::read_job_rows((dir / "timer" / "trace.h5").string());
  const auto exec_rows = aicn::results::read_job_rows((dir / "exec" / "trace.h5").string());
  ASSERT_EQ(timer_rows.size(), exec_rows.size());
  for (std::size_t i = 0; i < timer_rows.size(); ++i) {
    ASSERT_EQ(timer_rows[i].id, exec_rows[i].id);
    if (!std::isnan(timer_rows[i].end_s)) {
      EXPECT_NEAR(exec_rows[i].end_s, timer_rows[i].end_s, 1e-6 * timer_rows[i].end_s);
    }
  }
}

TEST(Cli, commonMistakesNameTheOptionOrKeyAndTheBadValue) {
  const auto dir = test_scratch();
  const std::string out = " -q --out " + (dir / "run").string();
  struct Case {
    std::string arguments;
    std::string expected;
  };
  std::ofstream(dir / "outage.yaml") << "name: t\nlayout: tiny-3site\nworkload: {source: poisson-training}\n"
                                        "outages:\n  - {at: 2h, site_down: west-z}\n";
  const std::vector<Case> cases{
      {"run " + (dir / "missing.yaml").string(), "aicn: error: scenario: no file '" + (dir / "missing.yaml").string() + "'"},
      {"run --seed -1", "aicn: error: --seed: must be a whole number from 0 to 18446744073709551615, got '-1'"},
      {"run --policy fastest", "aicn: error: --policy: unknown dispatch policy 'fastest'"},
      {"run --queue lifo", "aicn: error: --queue: unknown queue discipline 'lifo'"},
      {"run " + (dir / "outage.yaml").string(),
       "outage.yaml:5: outages[0].site_down: unknown site 'west-z' (sites in this layout: east-a, west-a, west-b)"},
  };
  for (const auto& [arguments, expected] : cases) {
    const Outcome outcome = run_aicn(arguments + out);
    EXPECT_EQ(outcome.exit_code, 2) << arguments << "\n" << outcome.output;
    EXPECT_NE(outcome.output.find(expected), std::string::npos) << arguments << "\n" << outcome.output;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "run")) << "an input error writes no results";
}
