// ConfigNode handles: assignment must not modify the loaded document.
#include <gtest/gtest.h>

#include "aicn/topology/config_node.hpp"

using aicn::config::ConfigNode;

TEST(ConfigNodeAssignment, assigningAChildToANodeHandleLeavesTheDocumentIntact) {
  // yaml-cpp's Node::operator= writes through to the referenced node; ConfigNode rebinds.
  const ConfigNode root = ConfigNode::load_text("policy: {name: x, params: {a: 1}}", "doc.yaml");
  const ConfigNode policy = root.child("policy");
  ConfigNode name = policy;
  name = policy.required("name");
  EXPECT_EQ(name.as_string(), "x");
  EXPECT_EQ(name.path(), "policy.name");
  EXPECT_TRUE(policy.is_map());
  EXPECT_TRUE(policy.child("params").defined());
}
