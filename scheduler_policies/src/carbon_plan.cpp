#include "aicn/policy/carbon_plan.hpp"

#include <algorithm>
#include <cmath>

namespace aicn::policy {

namespace {
/// Time-weighted mean forecast over the runs.
double mean_over(const SiteView& site, const std::vector<std::pair<double, double>>& runs) {
  double weighted = 0.0, length = 0.0;
  for (const auto& [from, to] : runs) {
    weighted += site.mean_carbon(from, to) * (to - from);
    length += to - from;
  }
  return length > 0.0 ? weighted / length : site.carbon_at(runs.empty() ? 0.0 : runs.front().first);
}
}  // namespace

bool CarbonPlan::runs_at(double t_s) const {
  return std::any_of(runs.begin(), runs.end(), [t_s](const auto& run) { return run.first <= t_s && t_s < run.second; });
}

CarbonPlan lowest_carbon_window(const SiteView& site, double from_s, double deadline_s, double run_s, double slot_s) {
  double best_start = from_s;
  double best = site.mean_carbon(from_s, from_s + run_s);
  if (slot_s > 0.0) {
    for (double k = std::floor(from_s / slot_s) + 1.0;; k += 1.0) {
      const double start = k * slot_s;
      if (start + run_s > deadline_s) break;
      const double mean = site.mean_carbon(start, start + run_s);
      if (mean < best) {  // strictly lower: ties keep the earlier start
        best = mean;
        best_start = start;
      }
    }
  }
  CarbonPlan plan;
  plan.runs.emplace_back(best_start, best_start + run_s);
  plan.mean_g_per_kwh = best;
  return plan;
}

CarbonPlan lowest_carbon_slots(const SiteView& site, double from_s, double deadline_s, double run_s, double slot_s) {
  struct Slot {
    double from, to, mean;
  };
  std::vector<Slot> slots;
  if (slot_s > 0.0 && deadline_s > from_s) {
    for (double k = std::floor(from_s / slot_s); k * slot_s < deadline_s; k += 1.0) {
      const double from = std::max(from_s, k * slot_s), to = std::min(deadline_s, (k + 1.0) * slot_s);
      if (to > from) slots.push_back({from, to, site.mean_carbon(from, to)});
    }
  }
  if (slots.empty()) return lowest_carbon_window(site, from_s, from_s + run_s, run_s, 0.0);
  // Lowest forecast first, the earlier on ties (stable over the time order).
  std::stable_sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) { return a.mean < b.mean; });
  std::vector<Slot> chosen;
  double total = 0.0;
  for (const Slot& slot : slots) {
    if (total >= run_s) break;
    chosen.push_back(slot);
    total += slot.to - slot.from;
  }
  std::sort(chosen.begin(), chosen.end(), [](const Slot& a, const Slot& b) { return a.from < b.from; });
  CarbonPlan plan;
  for (const Slot& slot : chosen) {
    if (!plan.runs.empty() && plan.runs.back().second == slot.from)
      plan.runs.back().second = slot.to;
    else
      plan.runs.emplace_back(slot.from, slot.to);
  }
  // The mean over what the job uses: all of every chosen slot but the part of the last one
  // (in time) it does not need.
  std::vector<std::pair<double, double>> used = plan.runs;
  double excess = total - run_s;
  while (excess > 0.0 && !used.empty()) {
    const double cut = std::min(excess, used.back().second - used.back().first);
    used.back().second -= cut;
    excess -= cut;
    if (used.back().second <= used.back().first) used.pop_back();
  }
  plan.mean_g_per_kwh = mean_over(site, used);
  return plan;
}

}  // namespace aicn::policy
