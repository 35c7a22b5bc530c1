// results::ForecastError: the seeded error of a forecast point (no engine: a pure function).
#include <gtest/gtest.h>

#include "aicn/results/site_signals.hpp"

using namespace aicn;

// The error of one forecast point depends on the seed, the site, what and the time only
// (no engine needed: a pure function).
TEST(ForecastError, dependsOnlyOnSeedSiteWhatAndTime) {
  const results::ForecastError seven{7, 0.1}, eight{8, 0.1}, perfect{7, 0.0};
  EXPECT_EQ(seven.apply(100.0, 0, "carbon", 3600.0), seven.apply(100.0, 0, "carbon", 3600.0));
  EXPECT_NE(seven.apply(100.0, 0, "carbon", 3600.0), eight.apply(100.0, 0, "carbon", 3600.0));
  EXPECT_NE(seven.apply(100.0, 0, "carbon", 3600.0), seven.apply(100.0, 1, "carbon", 3600.0));
  EXPECT_NE(seven.apply(100.0, 0, "carbon", 3600.0), seven.apply(100.0, 0, "price", 3600.0));
  EXPECT_NE(seven.apply(100.0, 0, "carbon", 3600.0), seven.apply(100.0, 0, "carbon", 7200.0));
  EXPECT_EQ(perfect.apply(100.0, 0, "carbon", 3600.0), 100.0);
}
