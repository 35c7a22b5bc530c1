#pragma once
/// @file checked_number.hpp
/// The one place where a number from an input (a YAML value, a trace column, a CLI option)
/// is narrowed to a smaller type. A plain static_cast of a double that does not fit its
/// integer type is undefined behaviour and in practice turns 1e12 GPUs into -2147483648;
/// these helpers refuse such a value instead, with a message that names where it came from:
///   "trace.csv:12: gpus: must be a whole number from 1 to 2147483647, got 1e+12".
/// `where` is the caller's description of the value's origin (file:line: key); the message
/// appends what was wrong and the value itself.
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace aicn::checked {

/// A number that does not fit where it must go. what() is a complete message for a person.
class NumberError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// Shortest text that reads back as the same double ("1e+12", "2.5", "nan").
std::string format_number(double value);

/// A count for a person: whole numbers below 1e16 in full ("2592000000000000", "10000000"),
/// anything else as format_number ("2.4e+301", "0.2592").
std::string format_count(double value);

/// `value` as a To when it is finite, whole and within [lo, hi]; std::nullopt otherwise.
template <std::integral To>
std::optional<To> to_integer(double value, To lo = std::numeric_limits<To>::lowest(),
                             To hi = std::numeric_limits<To>::max()) {
  if (!std::isfinite(value) || value != std::trunc(value)) return std::nullopt;
  // Compare in long double: every 64-bit integer bound is exact there on x86-64, so
  // 9223372036854775807.0 (which rounds up to 2^63 as a double) is still refused.
  const long double wide = value;
  if (wide < static_cast<long double>(lo) || wide > static_cast<long double>(hi)) return std::nullopt;
  return static_cast<To>(value);
}

/// `value` as a To when it lies within [lo, hi]; std::nullopt otherwise.
template <std::integral To, std::integral From>
std::optional<To> to_integer(From value, To lo = std::numeric_limits<To>::lowest(),
                             To hi = std::numeric_limits<To>::max()) {
  if (std::cmp_less(value, lo) || std::cmp_greater(value, hi)) return std::nullopt;
  return static_cast<To>(value);
}

/// The message for a value outside [lo, hi]: "<where>: must be a whole number from lo to hi, got v".
template <std::integral To>
[[noreturn]] void fail_range(std::string_view where, const std::string& shown, To lo, To hi) {
  std::string message(where);
  if (!message.empty()) message += ": ";
  message += "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
             ", got " + shown;
  throw NumberError(message);
}

/// `value` narrowed to To, or a NumberError naming `where`, the allowed range and the value.
template <std::integral To>
To narrow(double value, std::string_view where, To lo = std::numeric_limits<To>::lowest(),
          To hi = std::numeric_limits<To>::max()) {
  if (const auto result = to_integer<To>(value, lo, hi)) return *result;
  fail_range(where, format_number(value), lo, hi);
}

/// `value` narrowed to To, or a NumberError naming `where`, the allowed range and the value.
template <std::integral To, std::integral From>
To narrow(From value, std::string_view where, To lo = std::numeric_limits<To>::lowest(),
          To hi = std::numeric_limits<To>::max()) {
  if (const auto result = to_integer<To>(value, lo, hi)) return *result;
  fail_range(where, std::to_string(value), lo, hi);
}

/// A count computed from checked inputs (e.g. GPUs for a drawn model size), limited to
/// [lo, hi] before it is narrowed: such a count is capped by design (a job takes at most
/// max_gpus), so a huge or infinite value means "as many as allowed", not an error. A NaN has
/// no meaning as a count and is a NumberError naming `where`.
template <std::integral To>
To saturate(double value, std::string_view where, To lo, To hi) {
  if (std::isnan(value)) {
    std::string message(where);
    if (!message.empty()) message += ": ";
    throw NumberError(message + "is not a number (nan)");
  }
  if (value <= static_cast<long double>(lo)) return lo;
  if (value >= static_cast<long double>(hi)) return hi;
  return static_cast<To>(value);
}

/// `value` when it is finite and within [lo, hi], or a NumberError naming `where`.
double in_range(double value, std::string_view where, double lo, double hi);

}  // namespace aicn::checked
