// The leasing columns of `aicn compare` and `aicn sweep` (docs/leasing.md) read the summary's
// `leasing` block, and read as n/a (NaN) in a run without one.
#include <gtest/gtest.h>

#include <cmath>

#include "aicn/results/comparison.hpp"
#include "aicn/results/sweep_results.hpp"

using namespace aicn::results;

namespace {

double value(const std::vector<double>& values, const std::string& column) {
  const auto& metrics = sweep_metrics();
  for (std::size_t m = 0; m < metrics.size(); ++m)
    if (metrics[m].column == column) return values[m];
  ADD_FAILURE() << "no column " << column;
  return 0.0;
}

}  // namespace

TEST(LeasingColumns, readTheLeasingBlockInTheirUnits) {
  nlohmann::json summary;
  summary["leasing"]["waits"]["on_demand"]["wait_s"]["mean"] = 7200.0;      // 2 h
  summary["leasing"]["waits"]["on_demand"]["wait_censored_s"]["p95"] = 36000.0;  // 10 h
  summary["leasing"]["waits"]["lessee"]["wait_s"]["mean"] = nullptr;          // no lessee job
  summary["leasing"]["total"]["lease_revenue_yuan"] = 3.5e6;                 // 3.5 M yuan
  summary["leasing"]["total"]["idle_paid_gpu_hours"] = 12000.0;              // 12 k GPU-h
  summary["leasing"]["total"]["leased_utilisation"] = 0.25;                  // 25 %
  summary["leasing"]["total"]["payback_years"] = 1.5;
  const std::vector<double> values = read_sweep_metrics(summary);
  EXPECT_DOUBLE_EQ(value(values, "on_demand_wait_mean_h"), 2.0);
  EXPECT_DOUBLE_EQ(value(values, "on_demand_wait_censored_p95_h"), 10.0);
  EXPECT_TRUE(std::isnan(value(values, "lessee_wait_mean_h")));
  EXPECT_DOUBLE_EQ(value(values, "lease_revenue_myuan"), 3.5);
  EXPECT_DOUBLE_EQ(value(values, "idle_paid_kgpu_h"), 12.0);
  EXPECT_DOUBLE_EQ(value(values, "leased_utilisation_pct"), 25.0);
  EXPECT_DOUBLE_EQ(value(values, "payback_years"), 1.5);
  EXPECT_TRUE(std::isnan(value(values, "margin_myuan"))) << "absent: n/a";
  EXPECT_TRUE(std::isnan(value(read_sweep_metrics(nlohmann::json::object()), "on_demand_wait_mean_h")));
}
