// --set KEY.PATH=VALUE: the path syntax, writing into a document, and errors that name the setting.
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>

#include "aicn/topology/key_settings.hpp"

using aicn::config::apply_key_settings;
using aicn::config::attribute_to_settings;
using aicn::config::ConfigError;
using aicn::config::ConfigNode;
using aicn::config::KeySetting;
using aicn::config::parse_key_setting;

namespace {

const char* kDocument = "name: s\n"
                        "horizon: 3d\n"
                        "layout: tiny-3site\n"
                        "workload:\n"
                        "  source: poisson-training\n"
                        "  arrivals_per_hour: 20\n"
                        "outages:\n"
                        "  - {link: a, at: 1h}\n"
                        "  - {link: b, at: 2h}\n";

std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(KeySettings, aPathSplitsIntoKeysAndIndices) {
  const KeySetting setting = parse_key_setting("--set", "outages[1].at=3h");
  ASSERT_EQ(setting.steps.size(), 3u);
  EXPECT_EQ(setting.steps[0].key, "outages");
  EXPECT_EQ(setting.steps[1].index, 1);
  EXPECT_EQ(setting.steps[2].key, "at");
  EXPECT_EQ(setting.path, "outages[1].at");
  EXPECT_EQ(setting.value, "3h");
  EXPECT_EQ(setting.option, "--set outages[1].at=3h");
  // The value keeps every '=' after the first.
  EXPECT_EQ(parse_key_setting("--set", "name=a=b").value, "a=b");
}

TEST(KeySettings, malformedSettingsAreRefusedNamingTheText) {
  EXPECT_EQ(message_of([] { parse_key_setting("--set", "horizon"); }).substr(0, 30), "--set 'horizon': no '=' (expec");
  EXPECT_NE(message_of([] { parse_key_setting("--set", "horizon="); }).find("no value after '='"), std::string::npos);
  EXPECT_NE(message_of([] { parse_key_setting("--set", "a..b=1"); }).find("an empty key in 'a..b'"), std::string::npos);
  EXPECT_NE(message_of([] { parse_key_setting("--set", "=1"); }).find("an empty key"), std::string::npos);
  EXPECT_NE(message_of([] { parse_key_setting("--set", "sites[x].gpus=1"); }).find("'sites[x]' has an index"), std::string::npos);
  EXPECT_NE(message_of([] { parse_key_setting("--set", "sites[-1]=1"); }).find("has an index"), std::string::npos);
}

TEST(KeySettings, settingsReplaceCreateAndKeepTheRestOfTheDocument) {
  const ConfigNode root = ConfigNode::load_text(kDocument, "s.yaml");
  const ConfigNode set = apply_key_settings(
      root, {parse_key_setting("--set", "horizon=7d"), parse_key_setting("--set", "workload.max_gpus=64"),
             parse_key_setting("--set", "outages[1].at=5h"), parse_key_setting("--set", "economics.pue=1.2"),
             parse_key_setting("--set", "horizon=8d")});
  EXPECT_EQ(set.child("horizon").as_string(), "8d") << "the last setting of a key wins";
  EXPECT_EQ(set.child("workload").child("max_gpus").as_string(), "64");
  EXPECT_EQ(set.child("workload").child("arrivals_per_hour").as_string(), "20");
  EXPECT_EQ(set.child("outages").elements()[1].child("at").as_string(), "5h");
  EXPECT_EQ(set.child("outages").elements()[0].child("at").as_string(), "1h");
  EXPECT_EQ(set.child("economics").child("pue").as_string(), "1.2");
  // A value is YAML: a mapping or a list is set whole.
  const ConfigNode policy = apply_key_settings(ConfigNode::load_text(kDocument, "s.yaml"),
                                               {parse_key_setting("--set", "policy={name: cost-aware, params: {w: 2}}")});
  EXPECT_EQ(policy.child("policy").child("params").child("w").as_string(), "2");
}

TEST(KeySettings, aSetValueHasNoLineButTheFilesValuesKeepTheirs) {
  const ConfigNode set = apply_key_settings(ConfigNode::load_text(kDocument, "s.yaml"),
                                            {parse_key_setting("--set", "horizon=soon")});
  // Line 6 of the document: arrivals_per_hour, untouched.
  EXPECT_EQ(message_of([&] { set.child("workload").child("arrivals_per_hour").fail("x"); }),
            "s.yaml:6: workload.arrivals_per_hour: x");
  const std::string error = message_of([&] { set.child("horizon").as_duration_s(); });
  EXPECT_EQ(error.substr(0, 16), "s.yaml: horizon:") << error;
  const std::string named =
      attribute_to_settings(ConfigError(error), "s.yaml", {parse_key_setting("--set", "horizon=soon")}).what();
  EXPECT_EQ(named.substr(0, 28), "--set horizon=soon: horizon:") << named;
  EXPECT_NE(named.find("'soon'"), std::string::npos) << named;
  // An error at a line of the file, or about another key, stays the file's.
  const ConfigError at_line("s.yaml:6: workload.arrivals_per_hour: x");
  EXPECT_EQ(std::string(attribute_to_settings(at_line, "s.yaml", {parse_key_setting("--set", "workload.x=1")}).what()),
            at_line.what());
  const ConfigError other("s.yaml: horizons: x");
  EXPECT_EQ(std::string(attribute_to_settings(other, "s.yaml", {parse_key_setting("--set", "horizon=1")}).what()),
            other.what());
}

TEST(KeySettings, aStepIntoAValueThatIsNotAMappingOrListNamesWhatIsThere) {
  const auto apply = [](const std::string& text) {
    apply_key_settings(ConfigNode::load_text(kDocument, "s.yaml"), {parse_key_setting("--set", text)});
  };
  EXPECT_EQ(message_of([&] { apply("layout.sites=1"); }),
            "--set layout.sites=1: layout is 'tiny-3site', not a mapping, so it has no key 'sites' (to choose another "
            "layout use --layout NAME|FILE)");
  EXPECT_EQ(message_of([&] { apply("outages[2].at=1h"); }),
            "--set outages[2].at=1h: outages is a list of 2 elements, so it has no element [2]");
  EXPECT_EQ(message_of([&] { apply("workload[0]=1"); }),
            "--set workload[0]=1: workload is not a list, so it has no element [0]");
  EXPECT_NE(message_of([&] { apply("horizon=[1, 2"); }).find("--set horizon=[1, 2: the value is not valid YAML"),
            std::string::npos);
}
