#pragma once
/// @file time_series.hpp
/// A measured curve (grid carbon intensity, electricity price) given as time/value rows at
/// any resolution. Between rows the value is held (`step`) or interpolated (`linear`); past
/// the last row the series repeats (`loop`) or refuses (`fail`, a SeriesRangeError naming
/// the file and the times). Row i covers [t_i, t_{i+1}); the last row covers one more
/// interval as long as the one before it, so a curve of N rows spans N intervals.
/// Pure data plus lookups; the CSV reader is workloads/series_reader.hpp. See docs/carbon-series.md.
#include <optional>
#include <string>
#include <vector>

#include "aicn/topology/config_node.hpp"

namespace aicn::topology {

/// A series that was asked for a time it does not cover (after_end: fail, or before its start).
class SeriesRangeError : public config::ConfigError {
 public:
  using config::ConfigError::ConfigError;
};

/// Where a series comes from and how to read it (a site's `electricity.carbon_series` or
/// `electricity.price_series` mapping).
struct SeriesSpec {
  enum class Interpolation { STEP, LINEAR };
  enum class AfterEnd { LOOP, FAIL };
  std::string file;  ///< resolved path (relative names are relative to the layout file)
  Interpolation interpolation = Interpolation::STEP;
  AfterEnd after_end = AfterEnd::FAIL;
  /// Date-time rows are placed at their offset from this date-time ("YYYY-MM-DD HH:MM[:SS]"),
  /// which becomes simulated time 0; empty: the first row's time.
  std::string origin;
};

/// Reads {file, interpolation, after_end, origin}; `base_dir` resolves a relative file.
SeriesSpec parse_series_spec(const config::ConfigNode& node, const std::string& base_dir);

/// "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS" -> seconds since 1970-01-01 00:00 (no time zone:
/// the series' clock is taken as the simulation's); nothing if the text is not one.
std::optional<double> parse_date_time_s(const std::string& text);

class TimeSeries {
 public:
  TimeSeries() = default;
  /// `times_s` strictly increasing, at least two rows, times_s.front() <= 0 (checked by the reader).
  TimeSeries(SeriesSpec spec, std::vector<double> times_s, std::vector<double> values);

  const SeriesSpec& spec() const { return spec_; }
  /// First time covered and the end of the last row's interval.
  double start_s() const { return times_.front(); }
  double end_s() const { return times_.back() + last_step_; }

  /// A SeriesRangeError (naming the file and the times) if after_end is fail and the series
  /// ends before `t_s`: lets a run with a known end refuse before it starts.
  void require_covers(double t_s) const;
  double at(double t_s) const;
  /// The first row boundary after `t_s` (strictly greater): the value is one segment up to it.
  double next_change_after(double t_s) const;
  /// Mean value over [t0_s, t1_s], which must lie within one segment (t1 <= next_change_after(t0)):
  /// exact for both interpolations (a linear segment's mean is the mean of its ends).
  double mean_over(double t0_s, double t1_s) const;

 private:
  struct Position {
    std::size_t row;
    double cycle_start_s;  ///< add to a row time to get simulated time
  };
  Position locate(double t_s) const;
  [[noreturn]] void out_of_range(double t_s) const;
  double value_in(const Position& p, double t_s) const;

  SeriesSpec spec_;
  std::vector<double> times_, values_;
  double last_step_ = 0.0;
};

}  // namespace aicn::topology
