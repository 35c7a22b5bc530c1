#pragma once
/// @file column_scale.hpp
/// One unit per column of a terminal table, chosen from the column's largest value, so that a
/// column never mixes "4.21 s" with "1d 13:56:34" and a figure never reads "-13139729.2 ky":
/// the header names the unit ("profit (bn yuan)") and every cell is a plain number in it.
#include <span>
#include <string>

namespace aicn::results {

struct ColumnUnit {
  const char* name;  ///< "M yuan"
  double size;       ///< in the column's base unit: 1e6 (yuan)
  double up_to;      ///< used while the column's largest |value| / size stays below this
};

/// The first of `units` (smallest first) in which the column's largest |value| is below
/// `up_to`; the last one otherwise. Values that are not finite are ignored.
const ColumnUnit& column_unit(std::span<const double> values, std::span<const ColumnUnit> units);

/// Units for values in seconds (s, min, h, d), yuan (yuan, k, M, bn), kWh (kWh, MWh, GWh,
/// TWh) and tonnes (t, kt, Mt).
std::span<const ColumnUnit> duration_units();
std::span<const ColumnUnit> yuan_units();
std::span<const ColumnUnit> kwh_units();
std::span<const ColumnUnit> tonne_units();

/// `value` in `unit` with 4 significant digits at most and no exponent for table values:
/// "37.93", "0.5", "1234", "-13.14"; "n/a" when not finite.
std::string in_unit(double value, const ColumnUnit& unit);

}  // namespace aicn::results
