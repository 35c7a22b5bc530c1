// The one Registry<T> template behind policies, queue disciplines, sources and commands, and
// the declared parameters it checks. Pure code: no SimGrid engine.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/policy/queue_discipline.hpp"
#include "aicn/topology/registry.hpp"
#include "aicn/workloads/job_source.hpp"

using namespace aicn;

namespace {

struct Widget {
  virtual ~Widget() = default;
  double size = 0.0;
};
struct WidgetContext {
  registry::ParamValues params;
};
using WidgetRegistry = registry::Registry<Widget, WidgetContext>;

WidgetRegistry::Entry widget(std::string name, std::vector<registry::ParamSpec> params = {}) {
  return {std::move(name), "a test widget", std::move(params), [](const WidgetContext& context) {
            auto made = std::make_unique<Widget>();
            made->size = context.params.number("size");
            return made;
          }};
}

std::vector<registry::ParamSpec> sized() {
  return {registry::number("size", "2.5", "how big").range(0.0, 10.0),
          registry::integer("count", "3", "how many").at_least(1.0),
          registry::boolean("shiny", "false", "polished or not"),
          registry::enumeration("shape", {"round", "square"}, "round", "its outline"),
          registry::duration("life", "2h", "how long it lasts")};
}

config::ConfigNode params_of(const std::string& yaml) {
  return config::ConfigNode::load_text("params:\n" + yaml, "scenario.yaml").child("params");
}

/// The ConfigError message validating `yaml` against sized(), or "" when it passes.
std::string error_of(const std::string& yaml) {
  try {
    registry::validate_params(sized(), params_of(yaml), "widget 'w'");
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(Registry, aDuplicateNameIsALogicError) {
  WidgetRegistry widgets("widget");
  EXPECT_TRUE(widgets.add(widget("a")));
  EXPECT_THROW(widgets.add(widget("a")), std::logic_error);
  EXPECT_EQ(widgets.entries().size(), 1u);
}

TEST(Registry, anUnknownNameListsEveryValidOneLikeSimGrid) {
  WidgetRegistry widgets("widget");
  widgets.add(widget("b"));
  widgets.add(widget("a"));
  widgets.add(widget("c"));
  try {
    widgets.at("foo");
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "unknown widget 'foo'; valid values are: a, b, c");
  }
}

TEST(Registry, anUnknownNameInAFileNamesItsLine) {
  WidgetRegistry widgets("widget");
  widgets.add(widget("a"));
  const auto root = config::ConfigNode::load_text("x: 1\nkind: foo\n", "scenario.yaml");
  try {
    widgets.at(root.child("kind"));
    FAIL() << "no error";
  } catch (const config::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("scenario.yaml:2: kind: unknown widget 'foo'; valid values are: a"),
              std::string::npos)
        << e.what();
  }
}

TEST(Registry, whileCollectingProblemsAreRecordedNotThrown) {
  WidgetRegistry widgets("widget");
  widgets.add(widget("a"));
  widgets.begin_collecting();
  EXPECT_FALSE(widgets.add(widget("a")));
  EXPECT_TRUE(widgets.add(widget("b")));
  const auto collected = widgets.end_collecting();
  EXPECT_EQ(collected.added, std::vector<std::string>{"b"});
  ASSERT_EQ(collected.errors.size(), 1u);
  EXPECT_NE(collected.errors[0].find("'a'"), std::string::npos);
  EXPECT_THROW(widgets.add(widget("a")), std::logic_error);  // collecting has ended
}

TEST(Registry, aBadDeclarationIsRefusedAtRegistration) {
  WidgetRegistry widgets("widget");
  EXPECT_THROW(widgets.add(widget("bad-default", {registry::number("size", "20", "").range(0.0, 10.0)})),
               std::logic_error);
  EXPECT_THROW(widgets.add(widget("twice", {registry::number("size", "1", ""), registry::number("size", "2", "")})),
               std::logic_error);
  EXPECT_TRUE(widgets.entries().empty());
}

TEST(Registry, createBuildsFromTheCheckedParameters) {
  WidgetRegistry widgets("widget");
  widgets.add(widget("w", sized()));
  WidgetContext context{widgets.validate("w", params_of("  size: 7\n"))};
  EXPECT_DOUBLE_EQ(widgets.create("w", context)->size, 7.0);
}

TEST(ParamSpec, defaultsAreFilledInAndMarkedAsNotGiven) {
  const auto values = registry::validate_params(sized(), params_of("  shiny: true\n"), "widget 'w'");
  EXPECT_DOUBLE_EQ(values.number("size"), 2.5);
  EXPECT_EQ(values.integer("count"), 3);
  EXPECT_TRUE(values.boolean("shiny"));
  EXPECT_TRUE(values.given("shiny"));
  EXPECT_FALSE(values.given("size"));
  EXPECT_EQ(values.text("shape"), "round");
  EXPECT_DOUBLE_EQ(values.number("life"), 7200.0);
}

TEST(ParamSpec, noParamsMappingMeansEveryDefault) {
  const auto values =
      registry::validate_params(sized(), config::ConfigNode(YAML::Node(), "scenario.yaml", "params"), "widget 'w'");
  EXPECT_DOUBLE_EQ(values.number("size"), 2.5);
  EXPECT_FALSE(values.source().defined());
}

TEST(ParamSpec, anUnknownKeyNamesFileLineKeyValueAndTheValidKeys) {
  const std::string error = error_of("  size: 1\n  colour: red\n");
  EXPECT_NE(error.find("scenario.yaml:3: params.colour:"), std::string::npos) << error;
  EXPECT_NE(error.find("'red'"), std::string::npos) << error;
  EXPECT_NE(error.find("valid keys: size, count, shiny, shape, life"), std::string::npos) << error;
}

TEST(ParamSpec, anOutOfRangeValueNamesTheRange) {
  const std::string error = error_of("  size: 12\n");
  EXPECT_NE(error.find("scenario.yaml:2: params.size: must be within [0, 10], got '12'"), std::string::npos) << error;
  EXPECT_NE(error_of("  count: 0\n").find("must be within [1, inf)"), std::string::npos);
  EXPECT_NE(error_of("  life: -1h\n"), "");
  EXPECT_EQ(error_of("  size: 10\n"), "");  // the bounds are inclusive
}

TEST(ParamSpec, aMistypedValueIsAnError) {
  EXPECT_NE(error_of("  size: big\n").find("params.size: must be a number, got 'big'"), std::string::npos);
  EXPECT_NE(error_of("  count: 2.5\n").find("must be an integer, got '2.5'"), std::string::npos);
  EXPECT_NE(error_of("  shiny: maybe\n").find("must be true or false, got 'maybe'"), std::string::npos);
  EXPECT_NE(error_of("  shape: oval\n").find("must be one of round, square, got 'oval'"), std::string::npos);
  EXPECT_NE(error_of("  life: soon\n").find("'soon'"), std::string::npos);
  EXPECT_NE(error_of("  size: [1, 2]\n"), "");
}

TEST(ParamSpec, anEntryDeclaringNoneRejectsAnyKey) {
  try {
    registry::validate_params({}, params_of("  margin: 0.3\n"), "dispatch policy 'least-loaded'");
    FAIL() << "no error";
  } catch (const config::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("dispatch policy 'least-loaded' takes no parameters, got 'margin: 0.3'"),
              std::string::npos)
        << e.what();
  }
}

TEST(ParamSpec, aNumberMapChecksItsKeysAndEachValue) {
  const std::vector<registry::ParamSpec> specs{
      registry::number_map("budget", {"training", "serving"}, "per class").above(0.0)};
  const auto values = registry::validate_params(specs, params_of("  budget: {training: 12}\n"), "w");
  EXPECT_EQ(values.table("budget").size(), 1u);
  EXPECT_DOUBLE_EQ(values.table("budget").at("training"), 12.0);
  EXPECT_THROW(registry::validate_params(specs, params_of("  budget: {cooking: 1}\n"), "w"), config::ConfigError);
  EXPECT_THROW(registry::validate_params(specs, params_of("  budget: {training: 0}\n"), "w"), config::ConfigError);
}

TEST(ParamValues, readingAnUndeclaredNameOrAnotherTypeIsALogicError) {
  const auto values = registry::validate_params(sized(), params_of("  size: 1\n"), "widget 'w'");
  EXPECT_THROW(values.number("colour"), std::logic_error);
  EXPECT_THROW(values.boolean("size"), std::logic_error);
  EXPECT_THROW(values.text("count"), std::logic_error);
}

TEST(ExtensionPoints, everyBuiltInKindIsInItsRegistry) {
  EXPECT_TRUE(policy::PolicyRegistry::instance().contains("cost-aware"));
  for (const char* name : {"fifo", "sjf", "priority", "easy-backfill"})
    EXPECT_TRUE(policy::QueueDisciplineRegistry::instance().contains(name)) << name;
  for (const char* name : {"poisson-training", "llm-mix", "exponential-jobs", "aicn-csv", "swf", "openb", "mooncake",
                           "azure-llm"})
    EXPECT_TRUE(workloads::SourceRegistry::instance().contains(name)) << name;
  EXPECT_TRUE(workloads::SourceRegistry::instance().at("swf").info.reads_trace);
  EXPECT_FALSE(workloads::SourceRegistry::instance().at("llm-mix").info.reads_trace);
}

TEST(ExtensionPoints, builtInPoliciesDeclareTheParametersTheyRead) {
  const auto& policies = policy::PolicyRegistry::instance();
  auto declared = [&](const std::string& policy) {
    std::vector<std::string> names;
    for (const auto& spec : policies.at(policy).params) names.push_back(spec.name);
    return names;
  };
  EXPECT_EQ(declared("cost-aware"), (std::vector<std::string>{"max_extra_wait", "transfer_yuan_per_gb"}));
  EXPECT_EQ(declared("carbon-aware"),
            (std::vector<std::string>{"max_extra_wait", "transfer_yuan_per_gb", "max_delay", "min_saving"}));
  EXPECT_EQ(declared("broker"), (std::vector<std::string>{"margin", "load_premium", "budget_share",
                                                          "transfer_yuan_per_gb", "budget_yuan_per_gpu_hour"}));
  for (const char* none : {"local-first", "least-loaded", "round-robin", "random"}) EXPECT_TRUE(declared(none).empty()) << none;
  // Their defaults are the figures the policies documented before they were declared.
  const auto defaults = policies.validate("carbon-aware", config::ConfigNode(YAML::Node(), "", "policy.params"));
  EXPECT_DOUBLE_EQ(defaults.number("max_extra_wait"), 7200.0);
  EXPECT_DOUBLE_EQ(defaults.number("max_delay"), 0.0);
  EXPECT_DOUBLE_EQ(defaults.number("min_saving"), 0.1);
}

}  // namespace
