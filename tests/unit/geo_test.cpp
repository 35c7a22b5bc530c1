#include <gtest/gtest.h>

#include "aicn/topology/geo.hpp"

using namespace aicn::topology;

TEST(GreatCircle, zhangjiakouToShaoguanIsAbout1784Km) {
  // Approximate site coordinates from ../shared/data/china_network/hubs_clusters.csv (the
  // ones the china-national layout uses); the pair table cluster_pair_distance_latency.csv
  // gives 1784 km for them.
  EXPECT_NEAR(great_circle_km(40.8, 115.0, 24.8, 113.6), 1784.0, 1.0);
}

TEST(GreatCircle, isSymmetricAndZeroForOnePoint) {
  EXPECT_DOUBLE_EQ(great_circle_km(30, 104, 30, 104), 0.0);
  EXPECT_DOUBLE_EQ(great_circle_km(30, 104, 40, 115), great_circle_km(40, 115, 30, 104));
}

TEST(LatencyModel, routeFactorScalesGreatCircleDistance) {
  EXPECT_NEAR(fibre_latency_s(1000.0, 1.0), 5e-3, 1e-12);
  EXPECT_NEAR(fibre_latency_s(1000.0, 1.8), 9e-3, 1e-12);
  EXPECT_NEAR(fibre_latency_s(1784.0, 1.5), 13.38e-3, 1e-5);  // the csv's 1.5x policy bound
}
