#include "aicn/workloads/series_reader.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "aicn/topology/checked_number.hpp"
#include "aicn/workloads/line_reader.hpp"

namespace aicn::workloads {
namespace {

using config::ConfigError;

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t") + 1 - begin);
}

}  // namespace

topology::TimeSeries read_time_series(const topology::SeriesSpec& spec, const std::string& what) {
  return read_time_series(spec, what, std::numeric_limits<double>::infinity());
}

topology::TimeSeries read_time_series(const topology::SeriesSpec& spec, const std::string& what, double max_value) {
  LineReader reader(spec.file);
  std::vector<double> times, values;
  std::optional<bool> dated;  // date-time rows or seconds, decided by the first row
  std::string line;
  while (reader.next(line)) {
    if (trim(line).empty()) continue;
    const auto fields = split_csv(line, reader);  // a bad quote names the file and line
    const std::string time_text = fields.empty() ? std::string() : trim(fields[0]);
    const std::string value_text = fields.size() > 1 ? trim(fields[1]) : std::string();
    const auto seconds = parse_finite_number(time_text);
    const auto date_time = seconds ? std::nullopt : topology::parse_date_time_s(time_text);
    // A first line whose time is neither form is the header ("Time,Carbon Intensity").
    if (!dated && times.empty() && !seconds && !date_time && reader.line_number() == 1) continue;
    if (fields.size() != 2)
      throw ConfigError(reader.where() + "a series row is 'time,value' (2 columns), got " + std::to_string(fields.size()) +
                        " columns: '" + line + "'");
    if (!seconds && !date_time)
      throw ConfigError(reader.where() + "column 1 (time): not seconds or a date-time \"YYYY-MM-DD HH:MM[:SS]\": '" +
                        time_text + "'");
    if (dated && *dated != date_time.has_value())
      throw ConfigError(reader.where() + "column 1 (time): '" + time_text + "' mixes " +
                        (*dated ? "seconds into date-time rows" : "a date-time into rows of seconds"));
    dated = date_time.has_value();
    const auto value = parse_finite_number(value_text);
    if (!value || *value < 0.0 || *value > max_value) {
      std::string range = "of zero or more";
      if (!std::isinf(max_value)) {
        range = "from 0 to ";
        range += checked::format_number(max_value);
      }
      throw ConfigError(reader.where() + "column 2 (" + what + "): must be a finite number " + range + ", got '" +
                        value_text + "'");
    }
    const double t = seconds ? *seconds : *date_time;
    if (!times.empty() && !(t > times.back()))
      throw ConfigError(reader.where() + "column 1 (time): times must increase, got '" + time_text + "' after " +
                        checked::format_number(times.back()) + (dated && *dated ? " s since 1970" : " s"));
    times.push_back(t);
    values.push_back(*value);
  }
  if (times.size() < 2)
    throw ConfigError(spec.file + ": a series needs at least two rows (the last row lasts as long as the step before it), got " +
                      std::to_string(times.size()));
  if (*dated) {
    const double origin = spec.origin.empty() ? times.front() : *topology::parse_date_time_s(spec.origin);
    for (double& t : times) t -= origin;
  } else if (!spec.origin.empty()) {
    throw ConfigError(spec.file + ": 'origin' places date-time rows, but this series' times are seconds");
  }
  if (times.front() > 0.0)
    throw ConfigError(spec.file + ": the series starts " + checked::format_number(times.front()) +
                      " s after simulated time 0 (its origin); it must cover the run from its start");
  return topology::TimeSeries(spec, std::move(times), std::move(values));
}

}  // namespace aicn::workloads
