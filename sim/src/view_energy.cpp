#include "view_energy.hpp"

#include <algorithm>
#include <limits>

namespace aicn::sim {

void fill_pool_economics(policy::PoolView& view, const topology::GpuPool& pool, const topology::Economics& economics) {
  const int per_server = std::max(1, pool.gpus_per_server);
  view.gpu_busy_w = economics.server_power_w(pool.gpu_model, per_server, per_server) / per_server;
  view.gpu_idle_w = economics.server_power_w(pool.gpu_model, per_server, 0) / per_server;
  const double capex_per_gpu = economics.server_capex_yuan(pool.gpu_model, per_server) / per_server;
  const double hours_per_year = topology::kSecondsPerYear / 3600.0;
  const auto& business = economics.business;
  view.depreciation_yuan_per_gpu_hour = capex_per_gpu / business.depreciation_years / hours_per_year;
  view.cash_cost_yuan_per_gpu_hour =
      topology::annual_cash_cost_yuan(capex_per_gpu, business.depreciation_years, business.cash_cost_share) / hours_per_year;
  view.rent_yuan_per_gpu_hour = economics.gpu(pool.gpu_model).rent_yuan_per_gpu_hour;
}

double fill_site_energy(policy::SiteView& view, const topology::Site& site, double now_s) {
  const auto& energy = site.energy;
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  // Unknown figures stay NaN for the policies (the accountant counts them as 0 and warns).
  const bool priced = !energy.price_source.empty();
  view.electricity_price_per_kwh = priced ? energy.price.at(now_s) : kNaN;
  view.price_schedule.clear();
  const double ahead = now_s + kPriceScheduleAheadS;
  if (priced)
    for (double t = energy.price.next_change_after(now_s); t <= ahead; t = energy.price.next_change_after(t))
      view.price_schedule.emplace_back(t, energy.price.at(t));
  view.carbon_g_per_kwh = energy.carbon_region.empty() ? kNaN : energy.grid_co2_kg_per_kwh * 1000.0;
  view.green_share = energy.green_share;
  view.pue = energy.pue.at(now_s);
  // Refresh when the price or PUE changes, and at least daily so the schedule keeps its reach.
  return std::min({energy.price.next_change_after(now_s), energy.pue.next_change_after(now_s),
                   now_s + topology::kSecondsPerDay});
}

}  // namespace aicn::sim
