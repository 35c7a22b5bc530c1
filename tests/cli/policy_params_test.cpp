// A bad `policy.params` entry is an input error found when the scenario is read: exit 2, the
// message names the file, line, key path and value, and no result folder is started. The
// keys are those the policy declares; `aicn policies` lists them.
#include <gtest/gtest.h>

#include <fstream>

#include "aicn_test_support.hpp"

namespace {

struct RunResult {
  int exit_code;
  std::string output;
  bool out_exists;
};

/// Runs a one-day tiny scenario whose line 5 is `policy_line`.
RunResult run_with_policy(const std::string& policy_line) {
  const auto dir = aicn_test::test_scratch();
  std::ofstream(dir / "scenario.yaml") << "name: bad-params\n"
                                          "horizon: 1d\n"
                                          "layout: tiny-3site\n"
                                          "workload: {source: poisson-training, arrivals_per_hour: 1}\n"
                                       << policy_line << "\n";
  const auto outcome =
      aicn_test::run_aicn("run " + (dir / "scenario.yaml").string() + " -q --out " + (dir / "out").string());
  RunResult result{outcome.exit_code, outcome.output, std::filesystem::exists(dir / "out")};
  std::filesystem::remove_all(dir);
  return result;
}

void expect_input_error(const RunResult& outcome, std::initializer_list<const char*> parts) {
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_FALSE(outcome.out_exists);
  for (const char* part : parts) EXPECT_NE(outcome.output.find(part), std::string::npos) << part << "\n" << outcome.output;
}

}  // namespace

TEST(PolicyParams, aBadParameterFailsBeforeAnyResultIsWritten) {
  expect_input_error(run_with_policy("policy: {name: cost-aware, params: {max_extra_wait: soon}}"),
                     {"scenario.yaml:5:", "policy.params.max_extra_wait", "'soon'"});
}

TEST(PolicyParams, anUnknownKeyIsAnErrorListingTheDeclaredKeys) {
  expect_input_error(run_with_policy("policy: {name: cost-aware, params: {max_wait: 1h}}"),
                     {"scenario.yaml:5:", "policy.params.max_wait", "'1h'",
                      "valid keys: max_extra_wait, transfer_yuan_per_gb"});
}

TEST(PolicyParams, anOutOfRangeValueIsAnErrorNamingTheRange) {
  expect_input_error(run_with_policy("policy: {name: carbon-aware, params: {min_saving: 1.5}}"),
                     {"scenario.yaml:5:", "policy.params.min_saving", "must be within [0, 1]", "'1.5'"});
}

TEST(PolicyParams, aMistypedValueIsAnError) {
  expect_input_error(run_with_policy("policy: {name: broker, params: {margin: lots}}"),
                     {"scenario.yaml:5:", "policy.params.margin", "must be a number", "'lots'"});
}

TEST(PolicyParams, aPolicyWithoutParametersRefusesAnyKey) {
  expect_input_error(run_with_policy("policy: {name: least-loaded, params: {margin: 0.2}}"),
                     {"scenario.yaml:5:", "policy.params.margin", "dispatch policy 'least-loaded' takes no parameters"});
}

TEST(PolicyParams, validParametersRun) {
  const auto outcome = run_with_policy("policy: {name: carbon-aware, params: {max_delay: 6h, min_saving: 0.2}}");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
}

TEST(PolicyParams, aicnPoliciesListsEachParameterWithTypeRangeDefaultAndHelp) {
  const auto outcome = aicn_test::run_aicn("policies");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  const auto policy = outcome.output.find("\ncarbon-aware ");
  ASSERT_NE(policy, std::string::npos) << outcome.output;
  const auto next_policy = outcome.output.find("\ncost-aware ", policy);
  const auto line = outcome.output.find("\n    min_saving ", policy);
  ASSERT_LT(line, next_policy) << "min_saving is listed under carbon-aware\n" << outcome.output;
  const std::string text = outcome.output.substr(line, outcome.output.find('\n', line + 1) - line);
  for (const char* part : {"number", "[0, 1]", "default 0.1", "fraction of electricity cost"})
    EXPECT_NE(text.find(part), std::string::npos) << part << " in: " << text;
  // Queue disciplines and workload sources are listed too.
  EXPECT_NE(outcome.output.find("easy-backfill"), std::string::npos);
  EXPECT_NE(outcome.output.find("poisson-training"), std::string::npos);
}
