#include "aicn/topology/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>

#include "aicn/topology/checked_number.hpp"

namespace aicn::units {
namespace {

struct Suffix {
  std::string_view text;
  double factor;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// Splits "400 Gbps" into 400 and "Gbps" and scales by the matching suffix.
template <std::size_t N>
double parse_with_suffixes(std::string_view text, const std::array<Suffix, N>& suffixes,
                           std::string_view quantity, std::string_view example) {
  const std::string_view trimmed = trim(text);
  double value = 0.0;
  const char* begin = trimmed.data();
  const char* end = trimmed.data() + trimmed.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr == begin) {
    throw UnitError("'" + std::string(text) + "' is not a " + std::string(quantity) +
                    " (expected a number followed by a unit, e.g. '" + std::string(example) + "')");
  }
  const std::string_view unit = trim(std::string_view(ptr, static_cast<std::size_t>(end - ptr)));
  for (const auto& suffix : suffixes) {
    if (unit == suffix.text) {
      if (!std::isfinite(value)) break;
      return value * suffix.factor;
    }
  }
  std::string valid;
  for (const auto& suffix : suffixes) {
    if (!valid.empty()) valid += ", ";
    valid += suffix.text;
  }
  throw UnitError("'" + std::string(text) + "' has no valid " + std::string(quantity) +
                  " unit (valid units: " + valid + "; e.g. '" + std::string(example) + "')");
}

constexpr std::array<Suffix, 9> kDurationSuffixes{{{"ns", 1e-9},
                                                   {"us", 1e-6},
                                                   {"µs", 1e-6},
                                                   {"ms", 1e-3},
                                                   {"s", 1.0},
                                                   {"min", 60.0},
                                                   {"h", 3600.0},
                                                   {"d", 86400.0},
                                                   {"w", 7 * 86400.0}}};

constexpr std::array<Suffix, 10> kBandwidthSuffixes{{{"bps", 1.0},
                                                     {"Kbps", 1e3},
                                                     {"Mbps", 1e6},
                                                     {"Gbps", 1e9},
                                                     {"Tbps", 1e12},
                                                     {"Bps", 8.0},
                                                     {"KBps", 8e3},
                                                     {"MBps", 8e6},
                                                     {"GBps", 8e9},
                                                     {"TBps", 8e12}}};

constexpr std::array<Suffix, 7> kFlopsSuffixes{{{"FLOPS", 1.0},
                                                {"KFLOPS", 1e3},
                                                {"MFLOPS", 1e6},
                                                {"GFLOPS", 1e9},
                                                {"TFLOPS", 1e12},
                                                {"PFLOPS", 1e15},
                                                {"EFLOPS", 1e18}}};

constexpr std::array<Suffix, 11> kByteSuffixes{{{"B", 1.0},
                                                {"KB", 1e3},
                                                {"MB", 1e6},
                                                {"GB", 1e9},
                                                {"TB", 1e12},
                                                {"PB", 1e15},
                                                {"KiB", 1024.0},
                                                {"MiB", 1048576.0},
                                                {"GiB", 1073741824.0},
                                                {"TiB", 1099511627776.0},
                                                {"PiB", 1125899906842624.0}}};

constexpr std::array<Suffix, 4> kPowerSuffixes{{{"W", 1.0}, {"kW", 1e3}, {"MW", 1e6}, {"GW", 1e9}}};

constexpr std::array<Suffix, 2> kDistanceSuffixes{{{"km", 1.0}, {"m", 1e-3}}};

}  // namespace

double parse_duration_s(std::string_view text) {
  return parse_with_suffixes(text, kDurationSuffixes, "duration", "3ms");
}
double parse_bandwidth_bps(std::string_view text) {
  return parse_with_suffixes(text, kBandwidthSuffixes, "bandwidth", "400Gbps");
}
double parse_flops(std::string_view text) {
  return parse_with_suffixes(text, kFlopsSuffixes, "compute rate", "312TFLOPS");
}
double parse_bytes(std::string_view text) { return parse_with_suffixes(text, kByteSuffixes, "size", "10GB"); }
double parse_power_w(std::string_view text) { return parse_with_suffixes(text, kPowerSuffixes, "power", "700W"); }
double parse_distance_km(std::string_view text) {
  return parse_with_suffixes(text, kDistanceSuffixes, "distance", "1800km");
}

std::string format_duration(double seconds) {
  char buffer[64];
  if (!std::isfinite(seconds)) return "n/a";
  if (seconds < 60.0) {
    std::snprintf(buffer, sizeof buffer, "%.3g s", seconds);
    return buffer;
  }
  // Whole seconds as an integer only when they fit one (llround of 1e300 is undefined).
  const auto whole = checked::to_integer<long long>(std::round(seconds));
  if (!whole) {
    std::snprintf(buffer, sizeof buffer, "%.3g s", seconds);
    return buffer;
  }
  const long long total = *whole;
  const long long days = total / 86400;
  const long long hours = (total % 86400) / 3600;
  const long long minutes = (total % 3600) / 60;
  const long long secs = total % 60;
  if (days > 0)
    std::snprintf(buffer, sizeof buffer, "%lldd %02lld:%02lld:%02lld", days, hours, minutes, secs);
  else
    std::snprintf(buffer, sizeof buffer, "%02lld:%02lld:%02lld", hours, minutes, secs);
  return buffer;
}

std::string format_bytes(double bytes) {
  static constexpr std::array<std::pair<double, const char*>, 5> kSteps{
      {{1e15, "PB"}, {1e12, "TB"}, {1e9, "GB"}, {1e6, "MB"}, {1e3, "KB"}}};
  char buffer[64];
  for (const auto& [scale, name] : kSteps) {
    if (std::fabs(bytes) >= scale) {
      std::snprintf(buffer, sizeof buffer, "%.3g %s", bytes / scale, name);
      return buffer;
    }
  }
  std::snprintf(buffer, sizeof buffer, "%.3g B", bytes);
  return buffer;
}

}  // namespace aicn::units
