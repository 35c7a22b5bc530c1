// ServerSet against std::set, the container it replaced in the GPU allocator: the same
// members, sizes, lowest and highest member after every one of many random operations.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "aicn/sim/server_set.hpp"

using aicn::sim::ServerSet;

TEST(ServerSet, agreesWithStdSetOverRandomInsertsAndErases) {
  for (int servers : {1, 63, 64, 65, 200, 1250}) {
    ServerSet bits(servers);
    std::set<int> reference;
    std::mt19937 random(static_cast<unsigned>(servers));
    std::uniform_int_distribution<int> pick(0, servers - 1);
    for (int step = 0; step < 20000; ++step) {
      const int server = pick(random);
      if (random() % 2 == 0) {
        bits.insert(server);
        reference.insert(server);
      } else {
        bits.erase(server);
        reference.erase(server);
      }
      ASSERT_EQ(bits.size(), static_cast<int>(reference.size()));
      ASSERT_EQ(bits.empty(), reference.empty());
      ASSERT_EQ(bits.lowest(), reference.empty() ? -1 : *reference.begin()) << servers << " servers, step " << step;
      ASSERT_EQ(bits.highest(), reference.empty() ? -1 : *reference.rbegin()) << servers << " servers, step " << step;
      // The lowest member other than a given one: the first or the second of the set.
      const int excluded = reference.empty() ? -1 : *reference.begin();
      const int expected = reference.size() < 2 ? -1 : *std::next(reference.begin());
      ASSERT_EQ(bits.lowest_except(excluded), reference.empty() ? -1 : expected);
    }
  }
}

TEST(ServerSet, lowestExceptANonMemberIsTheLowest) {
  ServerSet bits(130);
  bits.insert(70);
  bits.insert(129);
  EXPECT_EQ(bits.lowest_except(3), 70);
  EXPECT_EQ(bits.lowest_except(70), 129);
  EXPECT_EQ(bits.lowest_except(-1), 70);
}
