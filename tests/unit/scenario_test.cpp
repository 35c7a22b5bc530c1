#include <gtest/gtest.h>

#include <regex>

#include "aicn/sim/scenario.hpp"

using namespace aicn;

namespace {

const std::string kScenario = R"(name: small
seed: 3
horizon: 2d
layout: tiny-3site
workload:
  source: poisson-training
  arrivals_per_hour: 10
policy: local-first
)";

std::string error_of(const std::string& yaml) {
  try {
    sim::parse_scenario(config::ConfigNode::load_text(yaml, "bad.yaml"), "");
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "";
}

std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST(Scenario, parsesAValidScenarioWithDefaultsFilledIn) {
  const sim::Scenario scenario = sim::parse_scenario(config::ConfigNode::load_text(kScenario, "ok.yaml"), "");
  EXPECT_EQ(scenario.seed, 3u);
  EXPECT_DOUBLE_EQ(scenario.horizon_s, 2 * 86400.0);
  EXPECT_EQ(scenario.layout.sites.size(), 3u);
  EXPECT_EQ(scenario.policy, "local-first");
  bool gamma_set = false;
  for (const auto& [key, value] : scenario.simgrid_config) gamma_set = gamma_set || (key == "network/TCP-gamma" && value == "0");
  EXPECT_TRUE(gamma_set);
}

TEST(Scenario, unknownKeyIsAnErrorNamingFileKeyAndValidKeys) {
  const std::string message = error_of(kScenario + "horizn: 3d\n");
  EXPECT_NE(message.find("bad.yaml"), std::string::npos) << message;
  EXPECT_NE(message.find("unknown key 'horizn'"), std::string::npos) << message;
  EXPECT_NE(message.find("horizon"), std::string::npos) << message;
}

TEST(Scenario, negativeGpuCountInAnInlineLayoutNamesTheKeyPath) {
  const std::string inline_layout = R"(layout:
  hubs: [{name: E, side: east}]
  sites:
    - name: only
      hub: E
      lat: 30
      lon: 120
      pools: [{gpu: A100-80GB, gpus: -16}]
)";
  const std::string message = error_of(with(kScenario, "layout: tiny-3site\n", inline_layout));
  EXPECT_NE(message.find("layout.sites[0].pools[0].gpus"), std::string::npos) << message;
  EXPECT_NE(message.find("-16"), std::string::npos) << message;
}

TEST(Scenario, unknownPolicyIsAnErrorListingTheValidPolicies) {
  const std::string message = error_of(with(kScenario, "policy: local-first", "policy: clairvoyant"));
  EXPECT_NE(message.find("policy"), std::string::npos) << message;
  EXPECT_NE(message.find("clairvoyant"), std::string::npos) << message;
  EXPECT_NE(message.find("least-loaded"), std::string::npos) << message;
}

TEST(Scenario, unknownLayoutAndWrongTypesAreErrors) {
  EXPECT_NE(error_of(with(kScenario, "tiny-3site", "atlantis")).find("'atlantis' is neither a built-in layout"),
            std::string::npos);
  EXPECT_NE(error_of(with(kScenario, "seed: 3", "seed: three")).find("seed: must be a whole number from 0 to 18446744073709551615, got 'three'"),
            std::string::npos);
  EXPECT_NE(error_of(with(kScenario, "horizon: 2d", "horizon: -2d")).find("horizon: must be positive"),
            std::string::npos);
  EXPECT_NE(error_of(with(kScenario, "arrivals_per_hour: 10", "arrivals_per_hour: 0")).find("workload.arrivals_per_hour"),
            std::string::npos);
}

TEST(Scenario, resolvedScenarioParsesBackToTheSameRun) {
  const sim::Scenario scenario = sim::parse_scenario(config::ConfigNode::load_text(kScenario, "ok.yaml"), "");
  const std::string resolved = sim::resolved_scenario_yaml(scenario);
  const sim::Scenario again = sim::parse_scenario(config::ConfigNode::load_text(resolved, "resolved.yaml"), "");
  EXPECT_EQ(again.seed, scenario.seed);
  EXPECT_DOUBLE_EQ(again.horizon_s, scenario.horizon_s);
  EXPECT_EQ(again.layout.total_gpus(), scenario.layout.total_gpus());
  // Identical apart from the first comment line, which names the file it came from.
  const std::string twice = sim::resolved_scenario_yaml(again);
  EXPECT_EQ(twice.substr(twice.find('\n')), resolved.substr(resolved.find('\n')));
}

TEST(Scenario, theBuiltInDefaultIsValid) {
  const sim::Scenario scenario = sim::load_builtin_scenario("national-default");
  EXPECT_EQ(scenario.layout.name, "china-national");
}
