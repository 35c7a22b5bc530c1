#pragma once
/// @file rent_vs_build.hpp
/// Renting GPU servers or building them, over a number of years: the seed's comparison (an
/// 8x A100-NVLink-80GB server rented at about 133,400 yuan a month, about 1.6 M yuan a year,
/// against buying one for 1.80 M yuan and running it), with the utilisation at which the two
/// cost the same. Pure arithmetic; docs/leasing.md explains each term.

namespace aicn::topology {

struct RentVsBuildInputs {
  int servers = 1;
  int gpus_per_server = 8;
  double years = 1.0;
  double rent_yuan_per_server_month = 0.0;  ///< monthly subscription
  double yearly_discount = 0.0;             ///< a yearly subscription is 12 months less this
  double hourly_yuan_per_gpu = 0.0;         ///< on demand
  double capex_yuan_per_server = 0.0;       ///< server, switch and parts
  double depreciation_years = 5.0;          ///< straight line, no residual value
  double cash_cost_share = 0.4;             ///< cash / (cash + non-cash) cost
};

struct RentVsBuild {
  double rent_per_server_year = 0.0;       ///< 12 monthly payments
  double subscription_per_server_year = 0.0;  ///< the yearly subscription
  double on_demand_per_server_year = 0.0;  ///< hourly price x GPUs x 8760 h (used all year)
  double depreciation_per_server_year = 0.0;
  double cash_cost_per_server_year = 0.0;
  double build_per_server_year = 0.0;      ///< depreciation + cash cost
  double rent_total = 0.0;                 ///< monthly, every server, every year
  double subscription_total = 0.0;
  double build_total = 0.0;                ///< depreciation and cash cost over the years
  double capex_total = 0.0;                ///< paid up front for the build
  double book_value_left = 0.0;            ///< capex not yet depreciated at the end
  /// Utilisation below which renting by the hour costs less than building.
  double break_even_hourly_utilisation = 0.0;
  /// Share of months below which renting by the month costs less than building.
  double break_even_monthly_share = 0.0;
};

/// The comparison; std::invalid_argument when an input is out of range (names the input).
RentVsBuild rent_vs_build(const RentVsBuildInputs& in);

}  // namespace aicn::topology
