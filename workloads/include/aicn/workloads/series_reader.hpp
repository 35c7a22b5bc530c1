#pragma once
/// @file series_reader.hpp
/// Reads a time series CSV (plain or .gz): an optional header line, then rows `time,value`.
/// `time` is seconds of simulated time, or a date-time "YYYY-MM-DD HH:MM[:SS]" placed at its
/// offset from the spec's origin (default: the first row). Bad rows are ConfigErrors naming
/// file, line, column and value. Format: docs/carbon-series.md.
#include <string>

#include "aicn/topology/time_series.hpp"

namespace aicn::workloads {

/// `what` names the value column in messages ("carbon intensity gCO2e/kWh").
topology::TimeSeries read_time_series(const topology::SeriesSpec& spec, const std::string& what);
/// The same for values that must also be at most `max_value` (a green share: 1).
topology::TimeSeries read_time_series(const topology::SeriesSpec& spec, const std::string& what, double max_value);

}  // namespace aicn::workloads
