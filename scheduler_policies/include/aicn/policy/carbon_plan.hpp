#pragma once
/// @file carbon_plan.hpp
/// When a flexible job should run at one site, from the site's carbon forecast
/// (SiteView::carbon_schedule, seen as steps): the shifting policies' building blocks
/// (docs/flexible-jobs.md). Pure functions of the view, tested by hand in
/// tests/unit/carbon_plan_test.cpp.
#include <utility>
#include <vector>

#include "aicn/policy/cluster_view.hpp"

namespace aicn::policy {

/// When a job runs: its intervals [from, to) in time order, and the forecast's time-weighted
/// mean intensity over them (gCO2e/kWh; NaN when the site has no carbon figure).
struct CarbonPlan {
  std::vector<std::pair<double, double>> runs;
  double mean_g_per_kwh = 0.0;
  /// Whether `t_s` falls in one of the runs.
  bool runs_at(double t_s) const;
  /// The end of the last run (the plan is used up after it).
  double last_end_s() const { return runs.empty() ? 0.0 : runs.back().second; }
};

/// A job that must run `run_s` without a break: the start t in {from_s} and the slot
/// boundaries k x slot_s after it with t + run_s <= deadline_s whose forecast mean over
/// [t, t + run_s) is lowest (the earliest on ties); from_s when none fits before the deadline.
CarbonPlan lowest_carbon_window(const SiteView& site, double from_s, double deadline_s, double run_s, double slot_s);

/// A job that may be suspended: the slots [k x slot_s, (k+1) x slot_s), cut to
/// [from_s, deadline_s), of lowest forecast mean intensity (the earlier on ties), taken until
/// their lengths add up to `run_s` (the last one chosen is used only in part); every slot
/// when they cannot. Runs come out in time order, adjacent slots merged.
CarbonPlan lowest_carbon_slots(const SiteView& site, double from_s, double deadline_s, double run_s, double slot_s);

}  // namespace aicn::policy
