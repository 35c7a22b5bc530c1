#pragma once
/// @file site_signals.hpp
/// Each site's electricity price, grid carbon intensity and green share over time, from one
/// place: the measured series a site names (carbon_series, price_series, green_share_series:
/// docs/carbon-series.md), read once
/// here, else the layout's schedule or constant. The energy accountant charges energy at these
/// values and the policies' view shows them (now, and the changes ahead), so the two never
/// disagree. Pure: no SimGrid.
#include <cstdint>
#include <optional>
#include <vector>

#include "aicn/topology/layout.hpp"
#include "aicn/topology/time_series.hpp"

namespace aicn::results {

class SiteSignals {
 public:
  /// Reads each site's series files (a ConfigError names a bad row). `layout` must outlive it.
  explicit SiteSignals(const topology::Layout& layout);

  /// Price of `site` at `t_s`, yuan/kWh: its price series, else its flat or time-of-use price.
  double price_at(int site, double t_s) const;
  /// Grid carbon factor of `site` at `t_s`, kg/kWh: its carbon series, else its region's factor.
  double co2_kg_per_kwh_at(int site, double t_s) const;
  /// The first time after `t_s` at which the price (the carbon factor) may change; kNever
  /// when it is constant. A linear series changes all along: this is its next row.
  double next_price_change_after(int site, double t_s) const;
  double next_carbon_change_after(int site, double t_s) const;
  /// Green share of `site` at `t_s` (fraction of facility energy, 0..1): its green-share
  /// series, else its constant green_share.
  double green_share_at(int site, double t_s) const;
  double next_green_share_change_after(int site, double t_s) const;
  /// Whether the site's carbon is known (a series, or a region of the CO2 table).
  bool carbon_known(int site) const;

  /// The site's series, or nullptr (for the accountant's exact integration).
  const topology::TimeSeries* carbon_series(int site) const;
  const topology::TimeSeries* price_series(int site) const;
  const topology::TimeSeries* green_share_series(int site) const;

  /// The end of what is known of the price (the carbon factor) ahead: a series that fails past
  /// its end is known up to there; everything else for ever (kNever).
  double price_known_until(int site) const;
  double carbon_known_until(int site) const;

  /// A SeriesRangeError if a series (after_end: fail) ends before `end_s`.
  void require_until(double end_s) const;

 private:
  const topology::Layout& layout_;
  std::vector<std::optional<topology::TimeSeries>> carbon_g_per_kwh_, price_yuan_per_kwh_, green_share_;
};

/// How wrong the policies' view of the changes ahead is (scenario key forecast.relative_error): each forecast value is the actual one x (1 + e),
/// e normal with standard deviation `relative_error` (floored at -1: no negative forecast).
/// e depends only on (seed, site, what, the time forecast), not on when or how often the view
/// asks, so the same run gives the same forecasts, and one time has one forecast.
struct ForecastError {
  std::uint64_t seed = 0;
  double relative_error = 0.0;
  /// The forecast of `actual` for site `site`'s `what` ("price", "carbon") at time `t_s`.
  double apply(double actual, int site, const char* what, double t_s) const;
};

}  // namespace aicn::results
