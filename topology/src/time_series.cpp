#include "aicn/topology/time_series.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <regex>

#include "aicn/topology/checked_number.hpp"

namespace aicn::topology {
namespace {

/// Days from 1970-01-01 to year-month-day in the proleptic Gregorian calendar (H. Hinnant's
/// days_from_civil: exact for any year, no time-zone library needed).
long days_from_civil(long y, long m, long d) {
  y -= m <= 2 ? 1 : 0;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string format_time(double t_s) { return checked::format_number(t_s) + " s"; }

}  // namespace

std::optional<double> parse_date_time_s(const std::string& text) {
  static const std::regex kDateTime("([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]([0-9]{2}):([0-9]{2})(:([0-9]{2}(\\.[0-9]*)?))?");
  std::smatch m;
  if (!std::regex_match(text, m, kDateTime)) return std::nullopt;
  const long year = std::stol(m[1].str()), month = std::stol(m[2].str()), day = std::stol(m[3].str());
  const long hour = std::stol(m[4].str()), minute = std::stol(m[5].str());
  const double second = m[7].matched ? std::stod(m[7].str()) : 0.0;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] || hour > 23 || minute > 59 || second >= 60.0)
    return std::nullopt;
  return static_cast<double>(days_from_civil(year, month, day)) * 86400.0 + hour * 3600.0 + minute * 60.0 + second;
}

SeriesSpec parse_series_spec(const config::ConfigNode& node, const std::string& base_dir) {
  node.expect_keys({"file", "interpolation", "after_end", "origin"});
  SeriesSpec spec;
  std::filesystem::path file(node.required("file").as_string());
  if (file.is_relative() && !base_dir.empty()) file = std::filesystem::path(base_dir) / file;
  spec.file = file.lexically_normal().string();
  if (node.has("interpolation")) {
    const config::ConfigNode n = node.child("interpolation");
    const std::string text = n.as_string();
    if (text == "step") spec.interpolation = SeriesSpec::Interpolation::STEP;
    else if (text == "linear") spec.interpolation = SeriesSpec::Interpolation::LINEAR;
    else n.fail("interpolation is 'step' or 'linear', got '" + text + "'");
  }
  if (node.has("after_end")) {
    const config::ConfigNode n = node.child("after_end");
    const std::string text = n.as_string();
    if (text == "loop") spec.after_end = SeriesSpec::AfterEnd::LOOP;
    else if (text == "fail") spec.after_end = SeriesSpec::AfterEnd::FAIL;
    else n.fail("after_end is 'loop' or 'fail', got '" + text + "'");
  }
  if (node.has("origin")) {
    const config::ConfigNode n = node.child("origin");
    spec.origin = n.as_string();
    if (!parse_date_time_s(spec.origin)) n.fail("origin is a date-time \"YYYY-MM-DD HH:MM[:SS]\", got '" + spec.origin + "'");
  }
  return spec;
}

TimeSeries::TimeSeries(SeriesSpec spec, std::vector<double> times_s, std::vector<double> values)
    : spec_(std::move(spec)), times_(std::move(times_s)), values_(std::move(values)) {
  last_step_ = times_[times_.size() - 1] - times_[times_.size() - 2];
}

void TimeSeries::out_of_range(double t_s) const {
  throw SeriesRangeError(spec_.file + ": the series covers " + format_time(start_s()) + " to " + format_time(end_s()) +
                         " of simulated time (after_end: fail), but the run needs its value at " + format_time(t_s));
}

TimeSeries::Position TimeSeries::locate(double t_s) const {
  double cycle_start = 0.0;
  double local = t_s;
  if (spec_.after_end == SeriesSpec::AfterEnd::LOOP && t_s >= end_s()) {
    const double span = end_s() - start_s();
    const double cycles = std::floor((t_s - start_s()) / span);
    cycle_start = cycles * span;
    local = t_s - cycle_start;
    // Rounding can leave `local` a hair outside one cycle; fold it back.
    if (local >= end_s()) { cycle_start += span; local -= span; }
    if (local < start_s()) local = start_s();
  } else if (t_s < start_s() || t_s > end_s()) {
    // Closed at the end: a run that stops exactly where the series stops reads its last value.
    out_of_range(t_s);
  }
  const auto after = std::upper_bound(times_.begin(), times_.end(), local);
  const std::size_t row = after == times_.begin() ? 0 : static_cast<std::size_t>(after - times_.begin()) - 1;
  return {row, cycle_start};
}

double TimeSeries::value_in(const Position& p, double t_s) const {
  const double v0 = values_[p.row];
  if (spec_.interpolation == SeriesSpec::Interpolation::STEP) return v0;
  const bool last = p.row + 1 == times_.size();
  // The last row's interval leads back to the first value when looping and is held otherwise.
  const double v1 = last ? (spec_.after_end == SeriesSpec::AfterEnd::LOOP ? values_.front() : v0) : values_[p.row + 1];
  const double t0 = times_[p.row] + p.cycle_start_s;
  const double t1 = (last ? end_s() : times_[p.row + 1]) + p.cycle_start_s;
  return v0 + (v1 - v0) * (t_s - t0) / (t1 - t0);
}

void TimeSeries::require_covers(double t_s) const {
  if (spec_.after_end == SeriesSpec::AfterEnd::FAIL && t_s > end_s()) out_of_range(t_s);
}

double TimeSeries::at(double t_s) const { return value_in(locate(t_s), t_s); }

double TimeSeries::next_change_after(double t_s) const {
  const Position p = locate(t_s);
  const double next = (p.row + 1 == times_.size() ? end_s() : times_[p.row + 1]) + p.cycle_start_s;
  // A boundary that rounding puts at or before t_s would stall the caller's loop.
  return next > t_s ? next : std::nextafter(t_s, std::numeric_limits<double>::infinity());
}

double TimeSeries::mean_over(double t0_s, double t1_s) const {
  const Position p = locate(t0_s);
  if (spec_.after_end == SeriesSpec::AfterEnd::FAIL && t1_s > end_s()) out_of_range(t1_s);
  if (spec_.interpolation == SeriesSpec::Interpolation::STEP) return values_[p.row];
  return 0.5 * (value_in(p, t0_s) + value_in(p, t1_s));
}

}  // namespace aicn::topology
