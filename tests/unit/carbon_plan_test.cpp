// The shifting policies' plans (carbon_plan.hpp) on hand-built forecasts; every expected value
// is worked out by hand in the comment beside it.
#include <gtest/gtest.h>

#include "aicn/policy/carbon_plan.hpp"

using namespace aicn::policy;

namespace {
/// Hourly steps from time 0: values[0] in [0, 1 h), values[1] in [1 h, 2 h), ...; the last holds.
SiteView hourly(std::vector<double> values) {
  SiteView site;
  site.carbon_g_per_kwh = values.front();
  for (std::size_t h = 1; h < values.size(); ++h) site.carbon_schedule.emplace_back(3600.0 * h, values[h]);
  return site;
}
}  // namespace

TEST(CarbonPlan, aOneHourJobStartsInTheValleyOfThreeSteps) {
  // 400, 100, 300 g/kWh; a 1 h job with a 3 h deadline may start at 0 (400), 1 h (100) or 2 h (300).
  const CarbonPlan plan = lowest_carbon_window(hourly({400, 100, 300}), 0.0, 10800.0, 3600.0, 3600.0);
  ASSERT_EQ(plan.runs.size(), 1u);
  EXPECT_DOUBLE_EQ(plan.runs[0].first, 3600.0);
  EXPECT_DOUBLE_EQ(plan.mean_g_per_kwh, 100.0);
}

TEST(CarbonPlan, aTwoHourWindowTakesTheLowestMeanThatEndsByTheDeadline) {
  // Starts 0: (400 + 100) / 2 = 250; 1 h: (100 + 300) / 2 = 200; 2 h would end after the 3 h deadline.
  const CarbonPlan plan = lowest_carbon_window(hourly({400, 100, 300}), 0.0, 10800.0, 7200.0, 3600.0);
  EXPECT_DOUBLE_EQ(plan.runs[0].first, 3600.0);
  EXPECT_DOUBLE_EQ(plan.mean_g_per_kwh, 200.0);
}

TEST(CarbonPlan, aDeadlineTooCloseForAnyWindowStartsAtOnce) {
  // 1 h of work, deadline 0.5 h after the earliest start at 0.25 h: no start fits, so 0.25 h.
  const CarbonPlan plan = lowest_carbon_window(hourly({400, 100, 300}), 900.0, 2700.0, 3600.0, 3600.0);
  EXPECT_DOUBLE_EQ(plan.runs[0].first, 900.0);
  EXPECT_DOUBLE_EQ(plan.mean_g_per_kwh, (400.0 * 2700 + 100.0 * 900) / 3600.0);  // [0.25 h, 1.25 h)
}

TEST(CarbonPlan, anInterruptibleJobTakesTheTwoLowestSlots) {
  // 100, 400, 250: 2 h of work by 3 h takes hours 0 and 2 (mean 175), not the best window [0, 2 h) at 250.
  const CarbonPlan plan = lowest_carbon_slots(hourly({100, 400, 250}), 0.0, 10800.0, 7200.0, 3600.0);
  ASSERT_EQ(plan.runs.size(), 2u);
  EXPECT_DOUBLE_EQ(plan.runs[0].first, 0.0);
  EXPECT_DOUBLE_EQ(plan.runs[0].second, 3600.0);
  EXPECT_DOUBLE_EQ(plan.runs[1].first, 7200.0);
  EXPECT_DOUBLE_EQ(plan.runs[1].second, 10800.0);
  EXPECT_DOUBLE_EQ(plan.mean_g_per_kwh, 175.0);
  EXPECT_TRUE(plan.runs_at(7200.0));
  EXPECT_FALSE(plan.runs_at(3600.0));
}

TEST(CarbonPlan, theLastSlotInTimeIsUsedOnlyInPart) {
  // 1.5 h of work: hours 0 (100) and 2 (250) are chosen; the job ends at 2.5 h, so it uses
  // 1 h at 100 and 0.5 h at 250: (100 + 125) / 1.5 = 150.
  const CarbonPlan plan = lowest_carbon_slots(hourly({100, 400, 250}), 0.0, 10800.0, 5400.0, 3600.0);
  ASSERT_EQ(plan.runs.size(), 2u);
  EXPECT_DOUBLE_EQ(plan.mean_g_per_kwh, 150.0);
}

TEST(CarbonPlan, adjacentSlotsMergeAndTheFirstIsCutToTheEarliestStart) {
  // From 0.5 h: slots [0.5 h, 1 h) at 300, [1 h, 2 h) at 100, [2 h, 3 h) at 200. 1.5 h of work
  // takes 100 (1 h) then 200: one run [1 h, 3 h), of which the job uses [1 h, 2.5 h):
  // (100 + 0.5 x 200) / 1.5 = 133.33...
  const CarbonPlan plan = lowest_carbon_slots(hourly({300, 100, 200}), 1800.0, 10800.0, 5400.0, 3600.0);
  ASSERT_EQ(plan.runs.size(), 1u);
  EXPECT_DOUBLE_EQ(plan.runs[0].first, 3600.0);
  EXPECT_DOUBLE_EQ(plan.runs[0].second, 10800.0);
  EXPECT_NEAR(plan.mean_g_per_kwh, 200.0 / 1.5, 1e-9);
}
