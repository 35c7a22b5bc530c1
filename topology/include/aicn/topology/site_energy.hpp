#pragma once
/// @file site_energy.hpp
/// What a site pays for and emits per kWh: its electricity price (flat or a daily time-of-use
/// schedule, yuan/kWh), its green-power share, its grid carbon region and factor, and its PUE
/// (constant, or a monthly or hourly profile). Pure data plus piecewise-constant lookups.
///
/// Calendar: simulated time 0 is 00:00 China Standard Time on 1 January; years have 365 days.
/// Time-of-use periods repeat every day; monthly PUE values repeat every year.
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/time_series.hpp"

namespace aicn::topology {

inline constexpr double kSecondsPerDay = 86400.0;
inline constexpr double kSecondsPerYear = 365.0 * kSecondsPerDay;

/// std::fmod(t_s, period), bit for bit, for a whole-second period; faster for 0 <= t < 2^52.
double time_remainder(double t_s, double period);
inline constexpr double kNever = std::numeric_limits<double>::infinity();

/// Month (0 = January) of simulated time `t_s`.
int month_of(double t_s);
/// Start of the month after the one containing `t_s`, in simulated seconds.
double next_month_start(double t_s);

/// One period of a daily tariff: from `from_s` seconds after midnight until the next period.
struct TariffPeriod {
  double from_s = 0.0;
  double yuan_per_kwh = 0.0;
};

/// A flat price or a daily time-of-use schedule, yuan/kWh.
class ElectricityPrice {
 public:
  ElectricityPrice() = default;
  static ElectricityPrice flat(double yuan_per_kwh);
  /// Periods sorted by start; the first must start at 00:00 (checked by the loader).
  static ElectricityPrice time_of_use(std::vector<TariffPeriod> periods);

  bool is_flat() const { return periods_.size() <= 1; }
  const std::vector<TariffPeriod>& periods() const { return periods_; }
  double at(double t_s) const;
  /// The first time after `t_s` at which the price may change (kNever when flat).
  double next_change_after(double t_s) const;
  /// Time-weighted mean over a day.
  double daily_mean() const;

 private:
  std::vector<TariffPeriod> periods_{TariffPeriod{}};
};

/// Facility power / IT power: a constant, 12 monthly values or 24 hourly values.
class PueProfile {
 public:
  enum class Kind { CONSTANT, MONTHLY, HOURLY };
  PueProfile() = default;
  static PueProfile constant(double pue);
  static PueProfile monthly(std::vector<double> values);
  static PueProfile hourly(std::vector<double> values);

  Kind kind() const { return kind_; }
  const std::vector<double>& values() const { return values_; }
  double at(double t_s) const;
  double next_change_after(double t_s) const;
  /// Time-weighted mean over a year (what Site::pue reports).
  double mean() const;

 private:
  Kind kind_ = Kind::CONSTANT;
  std::vector<double> values_{1.0};
};

struct SiteEnergy {
  ElectricityPrice price;
  /// Where the price came from: "layout", "coal benchmark tariff (PROVINCE)", or "" when no
  /// price could be found (the price is then 0 and the run warns).
  std::string price_source;
  double green_share = 0.0;  ///< fraction of facility energy from contracted green power, [0, 1]
  std::string carbon_region;  ///< a province of the CO2 table; "" when unknown
  double grid_co2_kg_per_kwh = 0.0;  ///< 2022 average factor of carbon_region (0 when unknown)
  PueProfile pue;
  /// Measured curves that replace grid_co2_kg_per_kwh (values gCO2e/kWh) and the price
  /// (yuan/kWh) in the energy accounting; read by results::EnergyAccountant (docs/carbon-series.md).
  std::optional<SeriesSpec> carbon_series;
  std::optional<SeriesSpec> price_series;
  /// A measured green share (fraction 0..1 of facility energy) that replaces green_share.
  std::optional<SeriesSpec> green_share_series;
};

/// Reads a site's `pue` (a number or {monthly: [12]} / {hourly: [24]}) and `electricity`
/// mapping (price or time_of_use, green_share, carbon_region); `province` is the default
/// carbon region and tariff province. Errors name the file, key path and value.
SiteEnergy parse_site_energy(const config::ConfigNode& pue, const config::ConfigNode& electricity,
                             const std::string& province);
/// Writes `pue` and `electricity` back into a site's YAML mapping in resolved form.
void write_site_energy(const SiteEnergy& energy, YAML::Node& site);

/// "HH:MM" -> seconds after midnight (00:00 to 23:59); ConfigError otherwise.
double parse_time_of_day_s(const config::ConfigNode& node);

}  // namespace aicn::topology
