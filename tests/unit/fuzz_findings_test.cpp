// Inputs the fuzz harnesses (tests/fuzz) found escaping as exceptions other than the input
// errors: each is now an input error naming the file, line and key.
#include <gtest/gtest.h>

#include <string>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout_loader.hpp"
#include "aicn/workloads/trace_options.hpp"

using namespace aicn;

// A name longer than the OS allows (255 bytes on Linux): std::filesystem threw (fuzz_layout).
TEST(FuzzFindings, aLayoutNameTheOsRefusesIsAConfigErrorNamingTheName) {
  const std::string name(300, 'x');
  const auto node = config::ConfigNode::load_text("layout: " + name + "\n", "s.yaml");
  try {
    (void)topology::resolve_layout(node.child("layout"), "/tmp");
    FAIL() << "expected a ConfigError";
  } catch (const config::ConfigError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("s.yaml:1: layout: '" + name + "' is neither a built-in layout"), std::string::npos) << what;
    EXPECT_NE(what.find("File name too long"), std::string::npos) << what;
  }
}

TEST(FuzzFindings, aTracePathTheOsRefusesIsAConfigErrorNamingThePath) {
  const std::string name(300, 'y');
  const auto node = config::ConfigNode::load_text("path: " + name + "\n", "w.yaml");
  try {
    (void)workloads::resolve_trace_path(node.child("path"), "/tmp");
    FAIL() << "expected a ConfigError";
  } catch (const config::ConfigError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("trace file '/tmp/" + name + "' does not exist (File name too long)"), std::string::npos) << what;
  }
}

// YAML allows a sequence as a key; yaml-cpp's as<std::string>() threw "bad conversion" (fuzz_scenario).
TEST(FuzzFindings, aSequenceAsAKeyIsAConfigErrorNamingTheMapping) {
  const auto root = config::ConfigNode::load_text("name: x\n? [a, b]\n: 1\n", "k.yaml");
  try {
    root.expect_keys({"name"});
    FAIL() << "expected a ConfigError";
  } catch (const config::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("a key must be a plain name, not a sequence"), std::string::npos) << error.what();
    EXPECT_EQ(std::string(error.what()).rfind("k.yaml:", 0), 0u) << error.what();
  }
  EXPECT_THROW((void)root.entries(), config::ConfigError);
}
