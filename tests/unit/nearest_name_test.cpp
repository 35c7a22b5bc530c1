// "Did you mean ...?": the edit distance and the choice of the nearest valid name.
#include <gtest/gtest.h>

#include "aicn/topology/nearest_name.hpp"

using aicn::names::did_you_mean;
using aicn::names::edit_distance;
using aicn::names::nearest_name;

TEST(NearestName, editDistanceCountsInsertionsDeletionsSubstitutionsAndSwaps) {
  EXPECT_EQ(edit_distance("run", "run"), 0u);
  EXPECT_EQ(edit_distance("rnu", "run"), 1u);        // one swap of neighbours
  EXPECT_EQ(edit_distance("polcy", "policy"), 1u);   // one insertion
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u); // k->s, e->i, +g
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
}

TEST(NearestName, suggestsOnlyANearMiss) {
  const std::vector<std::string> commands{"run", "compare", "workload", "report", "policies"};
  EXPECT_EQ(nearest_name("rnu", commands), "run");
  EXPECT_EQ(nearest_name("compair", commands), "compare");  // 2 edits in 7 letters
  EXPECT_FALSE(nearest_name("simulate", commands).has_value());
  EXPECT_FALSE(nearest_name("xyz", commands).has_value());   // 3 edits from "run": another word
  EXPECT_EQ(did_you_mean("--polcy", {"--policy", "--policy-lib"}), " (did you mean '--policy'?)");
  EXPECT_EQ(did_you_mean("--frobnicate", {"--policy"}), "");
}
