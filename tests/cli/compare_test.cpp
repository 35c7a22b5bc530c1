// `aicn compare` end to end on the default national scenario (shortened horizon).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "aicn/results/trace_reader.hpp"
#include "aicn_test_support.hpp"

using aicn_test::run_aicn;

namespace {

/// What the workload decides about a job, independent of the policy. Not the GPU model: the
/// trace names the model a job ran on, and the default workload's jobs accept alternatives
/// (same GPU count), which the policies choose differently.
std::string job_stream(const std::string& trace) {
  auto rows = aicn::results::read_job_rows(trace);
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  std::string text;
  for (const auto& row : rows)
    text += std::to_string(row.id) + " " + row.origin + " " + std::to_string(row.gpus) + " " +
            std::to_string(row.submit_s) + "\n";
  return text;
}

}  // namespace

TEST(Compare, threePoliciesThreeSeedsOnTheDefaultScenarioPrintTheTableAndWriteTheFiles) {
  const auto dir = aicn_test::test_scratch();
  const auto outcome = run_aicn("compare --policies local-first,least-loaded,shortest-expected-wait --seeds 1-3 "
                                      "--jobs 2 --horizon 3d --out " + dir.string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  for (const char* expected : {"wait mean h", "utilisation %", "moved TB", "local-first", "least-loaded",
                               "shortest-expected-wait", " ± ", " *", "95 % confidence interval"})
    EXPECT_NE(outcome.output.find(expected), std::string::npos) << expected << "\n" << outcome.output;

  const std::string csv = aicn_test::read_file(dir / "comparison.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4) << csv;  // header + one line per policy
  EXPECT_NE(csv.find("shortest-expected-wait,3,"), std::string::npos) << csv;
  const auto json = nlohmann::json::parse(aicn_test::read_file(dir / "comparison.json"));
  ASSERT_EQ(json["policies"].size(), 3u);
  EXPECT_EQ(json["policies"][1]["metrics"]["wait_mean_h"]["per_seed"].size(), 3u);

  // Every policy saw the identical job stream for a given seed; seeds differ.
  for (const char* seed : {"1", "2", "3"}) {
    const std::string reference = job_stream((dir / (std::string("local-first-seed") + seed) / "trace.h5").string());
    EXPECT_FALSE(reference.empty());
    for (const char* policy : {"least-loaded", "shortest-expected-wait"})
      EXPECT_EQ(job_stream((dir / (std::string(policy) + "-seed" + seed) / "trace.h5").string()), reference)
          << policy << " seed " << seed;
  }
  EXPECT_NE(job_stream((dir / "local-first-seed1" / "trace.h5").string()),
            job_stream((dir / "local-first-seed2" / "trace.h5").string()));
  std::filesystem::remove_all(dir);
}

TEST(Compare, anUnknownPolicyFailsBeforeAnyRunListingTheValidOnes) {
  const auto dir = aicn_test::test_scratch();
  const auto outcome = run_aicn("compare --policies local-first,fastest --seeds 1-2 --out " + dir.string());
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("unknown dispatch policy 'fastest'"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("data-gravity"), std::string::npos) << outcome.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "comparison.csv"));
}

TEST(Compare, aPolicyNamedTwiceIsAnInputErrorAndWritesNothing) {
  // Twice the same policy used to be pooled as one policy over twice the seeds ("seeds 4").
  const auto dir = aicn_test::test_scratch();
  const auto outcome =
      run_aicn("compare --policies least-loaded,local-first,least-loaded --seeds 1-2 --horizon 1h --out " +
               (dir / "out").string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("aicn: error: --policies names least-loaded twice"), std::string::npos)
      << outcome.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
  std::filesystem::remove_all(dir);
}

TEST(Compare, theScenarioMayFollowThePolicyList) {
  const auto dir = aicn_test::test_scratch();
  std::ofstream(dir / "tiny.yaml") << "name: tiny\nhorizon: 6h\nlayout: tiny-3site\n"
                                      "workload: {source: poisson-training, arrivals_per_hour: 4, max_gpus: 64}\n";
  const auto outcome = run_aicn("compare --policies random,round-robin " + (dir / "tiny.yaml").string() +
                                      " --seeds 4,9 --out " + (dir / "out").string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "random-seed9" / "summary.json"));
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "round-robin-seed4" / "trace.h5"));
  EXPECT_NE(aicn_test::read_file(dir / "out" / "comparison.csv").find("round-robin,2,"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Compare, aBadSeedListIsAnInputError) {
  const auto outcome = run_aicn("compare --policies local-first --seeds 5-1");
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("--seeds"), std::string::npos) << outcome.output;
}
