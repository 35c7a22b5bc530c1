// Command-line values replace scenario keys through the keys' own parsers
// (sim::ScenarioOverride): a bad value is refused as in the file, naming the option.
#include <gtest/gtest.h>

#include "aicn/sim/scenario.hpp"

using namespace aicn;

namespace {

const std::string kScenario = R"(name: small
seed: 5
horizon: 2d
layout: tiny-3site
workload:
  source: poisson-training
  arrivals_per_hour: 10
policy: {name: cost-aware, params: {max_extra_wait: 3h}}
)";

sim::Scenario parse_with(const sim::ScenarioOverrides& overrides) {
  return sim::parse_scenario(config::ConfigNode::load_text(kScenario, "ok.yaml"), "", overrides);
}

std::string error_with(const std::string& key, const std::string& option, const std::string& text) {
  try {
    parse_with({{key, sim::option_value(option, text)}});
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(ScenarioOverrides, anOptionReplacesTheFilesValue) {
  const sim::Scenario scenario = parse_with({{"seed", sim::option_value("--seed", "7")},
                                             {"horizon", sim::option_value("--horizon", "12h")},
                                             {"max_jobs", sim::option_value("--max-jobs", "40")},
                                             {"drain", sim::option_value("--drain", "true")},
                                             {"compute_model", sim::option_value("--compute-model", "exec")}});
  EXPECT_EQ(scenario.seed, 7u);                  // the file says 5
  EXPECT_DOUBLE_EQ(scenario.horizon_s, 43200.0);  // 12 h, the file says 2 d
  EXPECT_EQ(scenario.max_jobs, 40u);
  EXPECT_TRUE(scenario.drain);
  EXPECT_EQ(scenario.compute_model, sim::ComputeModel::EXEC);
}

TEST(ScenarioOverrides, aBadOptionValueIsRefusedNamingTheOptionAsTheKeyWouldBe) {
  EXPECT_EQ(error_with("max_jobs", "--max-jobs", "-5"), "--max-jobs: must be a whole number from 1 to 18446744073709551615, got '-5'");
  EXPECT_EQ(error_with("max_jobs", "--max-jobs", "0"), "--max-jobs: must be a whole number from 1 to 18446744073709551615, got '0'");
  EXPECT_EQ(error_with("seed", "--seed", "-1"), "--seed: must be a whole number from 0 to 18446744073709551615, got '-1'");
  EXPECT_EQ(error_with("seed", "--seed", "99999999999999999999999"),
            "--seed: must be a whole number from 0 to 18446744073709551615, got '99999999999999999999999'");
  EXPECT_EQ(error_with("seed", "--seed", "abc"), "--seed: must be a whole number from 0 to 18446744073709551615, got 'abc'");
  EXPECT_EQ(error_with("horizon", "--horizon", "1e300d"), "--horizon: must be at most 3650000d (10000 years), got '1e300d'");
  EXPECT_EQ(error_with("compute_model", "--compute-model", "gpu"), "--compute-model: must be 'timer' or 'exec', got 'gpu'");
  EXPECT_EQ(error_with("drain", "--drain", "maybe"), "--drain: expected true or false, got 'maybe'");
  EXPECT_NE(error_with("queue", "--queue", "lifo").find("--queue: unknown queue discipline 'lifo' (did you mean 'fifo'?)"),
            std::string::npos);
  EXPECT_NE(error_with("policy", "--policy", "cost-awar").find("--policy: unknown dispatch policy 'cost-awar' (did you mean 'cost-aware'?)"),
            std::string::npos);
}

TEST(ScenarioOverrides, theHorizonLimitIsTenThousandYearsInTheFileAndOnTheCommandLine) {
  // 3650000 d = 3650000 x 86400 s = 315,360,000,000 s is allowed; one day more is not.
  // (max_jobs and a yearly sample interval keep the run-size bounds out of the way.)
  std::string longest = kScenario;
  longest += "max_jobs: 10\nsample_interval: 365d\n";
  EXPECT_DOUBLE_EQ(sim::parse_scenario(config::ConfigNode::load_text(longest, "long.yaml"), "",
                                       {{"horizon", sim::option_value("--horizon", "3650000d")}})
                       .horizon_s,
                   315360000000.0);
  EXPECT_EQ(error_with("horizon", "--horizon", "3650001d"),
            "--horizon: must be at most 3650000d (10000 years), got '3650001d'");
  std::string text = kScenario;
  text.replace(text.find("horizon: 2d"), 11, "horizon: 1e300d");
  try {
    sim::parse_scenario(config::ConfigNode::load_text(text, "big.yaml"), "");
    FAIL() << "a horizon of 1e300 days was accepted";
  } catch (const config::ConfigError& e) {
    EXPECT_STREQ(e.what(), "big.yaml:3: horizon: must be at most 3650000d (10000 years), got '1e300d'");
  }
}

TEST(ScenarioOverrides, theSamePolicyKeepsTheFilesParamsAndAnotherGetsItsDefaults) {
  const sim::Scenario same = parse_with({{"policy", sim::option_value("--policy", "cost-aware")}});
  EXPECT_EQ(same.policy, "cost-aware");
  EXPECT_DOUBLE_EQ(same.policy_params.number("max_extra_wait"), 3 * 3600.0);  // the file's 3h
  const sim::Scenario other = parse_with({{"policy", sim::option_value("--policy", "carbon-aware")}});
  EXPECT_EQ(other.policy, "carbon-aware");
  EXPECT_DOUBLE_EQ(other.policy_params.number("max_extra_wait"), 2 * 3600.0);  // carbon-aware's default 2h
}

TEST(ScenarioOverrides, theScenariosSimgridSettingsRememberTheirLine) {
  std::string text = kScenario + "simgrid:\n  network/model: LV08\n";
  const sim::Scenario scenario = sim::parse_scenario(config::ConfigNode::load_text(text, "sg.yaml"), "");
  ASSERT_EQ(scenario.simgrid_config_source.count("network/model"), 1u);
  try {
    scenario.simgrid_config_source.at("network/model").fail("x");
    FAIL();
  } catch (const config::ConfigError& e) {
    EXPECT_STREQ(e.what(), "sg.yaml:10: simgrid.network/model: x");
  }
  // AICN's own defaults are applied too, but have no source: nothing of the user's to check.
  EXPECT_EQ(scenario.simgrid_config_source.count("network/TCP-gamma"), 0u);
}
