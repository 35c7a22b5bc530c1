#include "aicn/topology/rent_vs_build.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "aicn/topology/economics.hpp"
#include "aicn/topology/price_tiers.hpp"

namespace aicn::topology {
namespace {

void require(bool ok, const char* what, double value) {
  if (!ok) throw std::invalid_argument(std::string(what) + ": out of range, got " + std::to_string(value));
}

}  // namespace

RentVsBuild rent_vs_build(const RentVsBuildInputs& in) {
  require(in.servers > 0, "servers", in.servers);
  require(in.gpus_per_server > 0, "gpus per server", in.gpus_per_server);
  require(in.years > 0.0 && std::isfinite(in.years), "years", in.years);
  require(in.rent_yuan_per_server_month > 0.0 && std::isfinite(in.rent_yuan_per_server_month), "monthly rent",
          in.rent_yuan_per_server_month);
  require(in.yearly_discount >= 0.0 && in.yearly_discount < 1.0, "yearly discount", in.yearly_discount);
  require(in.hourly_yuan_per_gpu > 0.0 && std::isfinite(in.hourly_yuan_per_gpu), "hourly price", in.hourly_yuan_per_gpu);
  require(in.capex_yuan_per_server > 0.0 && std::isfinite(in.capex_yuan_per_server), "capex", in.capex_yuan_per_server);
  require(in.depreciation_years > 0.0 && std::isfinite(in.depreciation_years), "depreciation years", in.depreciation_years);
  require(in.cash_cost_share >= 0.0 && in.cash_cost_share < 1.0, "cash cost share", in.cash_cost_share);

  RentVsBuild out;
  out.rent_per_server_year = 12.0 * in.rent_yuan_per_server_month;
  out.subscription_per_server_year = out.rent_per_server_year * (1.0 - in.yearly_discount);
  out.on_demand_per_server_year = in.hourly_yuan_per_gpu * in.gpus_per_server * kHoursPerYear;
  out.depreciation_per_server_year = in.capex_yuan_per_server / in.depreciation_years;
  out.cash_cost_per_server_year = annual_cash_cost_yuan(in.capex_yuan_per_server, in.depreciation_years, in.cash_cost_share);
  // The owner's yearly cost is what the seed counts: straight-line depreciation (non-cash)
  // plus the cash cost implied by the 60:40 split. Past the depreciation period the server is
  // assumed replaced at the same price, so the cost per year stays the same.
  out.build_per_server_year = out.depreciation_per_server_year + out.cash_cost_per_server_year;
  const double server_years = in.servers * in.years;
  out.rent_total = out.rent_per_server_year * server_years;
  out.subscription_total = out.subscription_per_server_year * server_years;
  out.build_total = out.build_per_server_year * server_years;
  out.capex_total = in.capex_yuan_per_server * in.servers;
  // Book value at the end: the current server's capex not yet depreciated (none when the
  // years end exactly with a depreciation period).
  const double into_life = std::fmod(in.years, in.depreciation_years);
  out.book_value_left = into_life == 0.0 ? 0.0 : out.capex_total * (1.0 - into_life / in.depreciation_years);
  out.break_even_hourly_utilisation = out.build_per_server_year / out.on_demand_per_server_year;
  out.break_even_monthly_share = out.build_per_server_year / out.rent_per_server_year;
  return out;
}

}  // namespace aicn::topology
