// `aicn policies` and `--policy-lib`: listing, unknown names, and policy libraries loaded at
// run time (the TEMPLATE policy built as a shared library by the test suite).
#include <gtest/gtest.h>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn_test_support.hpp"

using aicn_test::run_aicn;

namespace {

const char* kTinyScenario = R"(name: plugin-small
seed: 3
horizon: 1d
drain: true
layout: tiny-3site
workload:
  source: poisson-training
  arrivals_per_hour: 4
  max_gpus: 64
)";

}  // namespace

TEST(PoliciesCommand, listsEveryRegisteredPolicyWithItsDescription) {
  const auto outcome = run_aicn("policies");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  for (const auto& [name, entry] : aicn::policy::PolicyRegistry::instance().entries()) {
    if (name.rfind("test-", 0) == 0) continue;  // registered by test binaries only
    EXPECT_NE(outcome.output.find(name), std::string::npos) << name;
    EXPECT_NE(outcome.output.find(entry.description), std::string::npos) << name;
  }
  for (const char* name : {"local-first", "least-loaded", "round-robin", "random", "shortest-expected-wait", "data-gravity"})
    EXPECT_NE(outcome.output.find(name), std::string::npos) << name;
}

TEST(PoliciesCommand, anUnknownPolicyFailsListingTheValidOnes) {
  const auto outcome = run_aicn("run --policy fastest --max-jobs 1 -q --out " + aicn_test::test_scratch().string());
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("unknown dispatch policy 'fastest'"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("shortest-expected-wait"), std::string::npos) << outcome.output;
}

TEST(PolicyLibrary, theTemplateBuiltAsASharedLibraryLoadsAndRuns) {
  const auto dir = aicn_test::test_scratch();
  std::ofstream(dir / "scenario.yaml") << kTinyScenario;
  const auto listed = run_aicn(std::string("policies --policy-lib ") + AICN_TEMPLATE_PLUGIN);
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_NE(listed.output.find("template-fewest-queued"), std::string::npos) << listed.output;

  // The library option takes one value each time (the scenario after it stays the scenario),
  // and loading the same library twice is harmless.
  const auto outcome = run_aicn(std::string("run --policy-lib ") + AICN_TEMPLATE_PLUGIN + " " +
                                      (dir / "scenario.yaml").string() + " --policy-lib " + AICN_TEMPLATE_PLUGIN +
                                      " --policy template-fewest-queued --out " + (dir / "out").string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  const std::string summary = aicn_test::read_file(dir / "out" / "summary.json");
  EXPECT_NE(summary.find("\"policy\": \"template-fewest-queued\""), std::string::npos) << summary;
  EXPECT_NE(outcome.output.find("unfinished 0"), std::string::npos) << outcome.output;
}

TEST(PolicyLibrary, withoutTheLibraryItsPolicyIsUnknown) {
  const auto outcome = run_aicn("run --policy template-fewest-queued --max-jobs 1 -q --out " +
                                      aicn_test::test_scratch().string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
}

TEST(PolicyLibrary, aMissingLibraryIsAClearInputError) {
  const auto outcome = run_aicn("run --policy-lib /nonexistent/libnothing.so --max-jobs 1 -q");
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("policy library '/nonexistent/libnothing.so': no such file"), std::string::npos)
      << outcome.output;
}

TEST(PolicyLibrary, aLibraryThatRegistersNoPolicyIsRefused) {
  const auto outcome = run_aicn(std::string("policies --policy-lib ") + AICN_NO_POLICY_PLUGIN);
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("registers no dispatch policy"), std::string::npos) << outcome.output;
}

TEST(PolicyLibrary, aLibraryBuiltForAnotherInterfaceVersionIsRefused) {
  const auto outcome = run_aicn(std::string("policies --policy-lib ") + AICN_WRONG_VERSION_PLUGIN);
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("interface version " + std::to_string(aicn::policy::kPolicyInterfaceVersion + 1)),
            std::string::npos)
      << outcome.output;
  EXPECT_EQ(outcome.output.find("test-future-version "), std::string::npos) << "must not be listed";
}

TEST(PolicyLibrary, aFileThatIsNotALibraryIsRefused) {
  const auto dir = aicn_test::test_scratch();
  std::ofstream(dir / "libfake.so") << "not an ELF file";
  const auto outcome = run_aicn("policies --policy-lib " + (dir / "libfake.so").string());
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("cannot be loaded"), std::string::npos) << outcome.output;
}

TEST(PolicyLibrary, aLibraryPolicyDeclaresItsParametersToo) {
  const auto listed = run_aicn(std::string("policies --policy-lib ") + AICN_TEMPLATE_PLUGIN);
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_NE(listed.output.find("prefer_data_site"), std::string::npos) << listed.output;

  const auto dir = aicn_test::test_scratch();
  std::ofstream(dir / "scenario.yaml") << kTinyScenario
                                       << "policy: {name: template-fewest-queued, params: {prefer_data_site: perhaps}}\n";
  const auto outcome = run_aicn(std::string("run --policy-lib ") + AICN_TEMPLATE_PLUGIN + " " +
                                (dir / "scenario.yaml").string() + " -q --out " + (dir / "out").string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("policy.params.prefer_data_site: must be true or false, got 'perhaps'"),
            std::string::npos)
      << outcome.output;
}
