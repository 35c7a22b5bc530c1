#pragma once
/// @file units.hpp
/// The one place where unit strings from input files ("400Gbps", "3ms", "312TFLOPS") become
/// numbers in SI base units. Every function throws UnitError with a message naming the
/// accepted units when the text cannot be parsed.
#include <stdexcept>
#include <string>
#include <string_view>

namespace aicn::units {

/// Thrown when a unit string is malformed; the message says what was expected.
class UnitError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// "3ms", "1.5h", "30d", "250us" -> seconds. Units: ns us ms s min h d w.
double parse_duration_s(std::string_view text);
/// "400Gbps", "1.2Tbps", "10GBps" -> bits per second (bps are bits, Bps are bytes).
double parse_bandwidth_bps(std::string_view text);
/// "312TFLOPS", "1.2PFLOPS" -> floating-point operations per second.
double parse_flops(std::string_view text);
/// "10GB", "1.5TiB", "4B" -> bytes (KB/MB/... are decimal, KiB/MiB/... binary).
double parse_bytes(std::string_view text);
/// "700W", "1.2kW", "3MW" -> watts.
double parse_power_w(std::string_view text);
/// "1800km", "500m" -> kilometres (the one non-SI result: route lengths are quoted in km).
double parse_distance_km(std::string_view text);

/// Formats seconds as a short human string such as "3d 04:05:06" or "12.5 s".
std::string format_duration(double seconds);
/// Formats bytes with a decimal prefix, e.g. "1.25 TB".
std::string format_bytes(double bytes);

}  // namespace aicn::units
