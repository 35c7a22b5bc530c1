#include "aicn/results/column_scale.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace aicn::results {

const ColumnUnit& column_unit(std::span<const double> values, std::span<const ColumnUnit> units) {
  double largest = 0.0;
  for (const double value : values)
    if (std::isfinite(value)) largest = std::max(largest, std::fabs(value));
  for (const ColumnUnit& unit : units)
    if (largest / unit.size < unit.up_to) return unit;
  return units.back();
}

std::span<const ColumnUnit> duration_units() {
  // Seconds up to 2 minutes, minutes up to 2 hours, hours up to 2 days, then days.
  static constexpr std::array<ColumnUnit, 4> kUnits{{{"s", 1.0, 120.0}, {"min", 60.0, 120.0}, {"h", 3600.0, 48.0},
                                                     {"d", 86400.0, 1e300}}};
  return kUnits;
}

std::span<const ColumnUnit> yuan_units() {
  static constexpr std::array<ColumnUnit, 4> kUnits{
      {{"yuan", 1.0, 1e4}, {"k yuan", 1e3, 1e4}, {"M yuan", 1e6, 1e4}, {"bn yuan", 1e9, 1e300}}};
  return kUnits;
}

std::span<const ColumnUnit> kwh_units() {
  static constexpr std::array<ColumnUnit, 4> kUnits{
      {{"kWh", 1.0, 1e4}, {"MWh", 1e3, 1e4}, {"GWh", 1e6, 1e4}, {"TWh", 1e9, 1e300}}};
  return kUnits;
}

std::span<const ColumnUnit> tonne_units() {
  static constexpr std::array<ColumnUnit, 3> kUnits{{{"t", 1.0, 1e4}, {"kt", 1e3, 1e4}, {"Mt", 1e6, 1e300}}};
  return kUnits;
}

std::string in_unit(double value, const ColumnUnit& unit) {
  if (!std::isfinite(value)) return "n/a";
  const double scaled = value / unit.size;
  const double magnitude = std::fabs(scaled);
  // Two decimals for small figures, fewer as they grow: at most 4 significant digits shown
  // below 10000, whole numbers beyond (the last unit has no ceiling).
  const int decimals = magnitude < 10 ? 2 : magnitude < 100 ? 1 : 0;
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, scaled);
  std::string result = text;
  if (result == "-0.00" || result == "-0.0" || result == "-0") result.erase(0, 1);
  return result;
}

}  // namespace aicn::results
