// A bad `policy.params` entry is an input error found when the scenario is read: exit 2, the
// message names the file, key path and value, and no result folder is started.
#include <gtest/gtest.h>

#include <fstream>

#include "aicn_test_support.hpp"

TEST(PolicyParams, aBadParameterFailsBeforeAnyResultIsWritten) {
  const auto dir = aicn_test::test_scratch();
  std::ofstream(dir / "scenario.yaml") << R"(name: bad-params
horizon: 1d
layout: tiny-3site
workload: {source: poisson-training, arrivals_per_hour: 1}
policy: {name: cost-aware, params: {max_extra_wait: soon}}
)";
  const auto outcome =
      aicn_test::run_aicn("run " + (dir / "scenario.yaml").string() + " -q --out " + (dir / "out").string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("policy.params.max_extra_wait"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("'soon'"), std::string::npos) << outcome.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
  std::filesystem::remove_all(dir);
}
