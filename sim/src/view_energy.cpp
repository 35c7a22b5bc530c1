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


double fill_site_energy(policy::SiteView& view, const topology::Site& site, double now_s,
                        const results::SiteSignals* signals, int index) {
  return fill_site_energy(view, site, now_s, signals, index, results::ForecastError{});
}

double fill_site_energy(policy::SiteView& view, const topology::Site& site, double now_s,
                        const results::SiteSignals* signals, int index, const results::ForecastError& forecast) {
  const auto& energy = site.energy;
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  // The run's signals (a series replaces the schedule or constant), or the layout alone.
  auto price_at = [&](double t) { return signals ? signals->price_at(index, t) : energy.price.at(t); };
  auto next_price = [&](double t) {
    return signals ? signals->next_price_change_after(index, t) : energy.price.next_change_after(t);
  };
  auto carbon_at = [&](double t) {
    return (signals ? signals->co2_kg_per_kwh_at(index, t) : energy.grid_co2_kg_per_kwh) * 1000.0;
  };
  auto next_carbon = [&](double t) { return signals ? signals->next_carbon_change_after(index, t) : topology::kNever; };
  const double ahead = now_s + kPriceScheduleAheadS;
  // Unknown figures stay NaN for the policies (the accountant counts them as 0 and warns).
  // The values now are the actual ones; the changes ahead are forecasts (exact unless the
  // scenario gives a forecast error), up to the end of a series that fails past its end.
  const bool priced = !energy.price_source.empty() || (signals && signals->price_series(index));
  view.electricity_price_per_kwh = priced ? price_at(now_s) : kNaN;
  view.price_schedule.clear();
  if (priced) {
    const double known_until = signals ? signals->price_known_until(index) : topology::kNever;
    for (double t = next_price(now_s); t <= ahead && t < known_until; t = next_price(t))
      view.price_schedule.emplace_back(t, forecast.apply(price_at(t), index, "price", t));
  }
  const bool carbon_known = signals ? signals->carbon_known(index) : !energy.carbon_region.empty();
  view.carbon_g_per_kwh = carbon_known ? carbon_at(now_s) : kNaN;
  view.carbon_schedule.clear();
  if (carbon_known) {
    const double known_until = signals ? signals->carbon_known_until(index) : topology::kNever;
    for (double t = next_carbon(now_s); t <= ahead && t < known_until; t = next_carbon(t))
      view.carbon_schedule.emplace_back(t, forecast.apply(carbon_at(t), index, "carbon", t));
  }
  // The green share now (a green-share series' value, else the constant); no forecast of it yet.
  view.green_share = signals ? signals->green_share_at(index, now_s) : energy.green_share;
  view.pue = energy.pue.at(now_s);
  const double next_green = signals ? signals->next_green_share_change_after(index, now_s) : topology::kNever;
  // Refresh when a figure changes, and at least daily so the schedules keep their reach.
  return std::min({next_price(now_s), next_carbon(now_s), next_green, energy.pue.next_change_after(now_s),
                   now_s + topology::kSecondsPerDay});
}

}  // namespace aicn::sim
