#include "aicn/topology/checked_number.hpp"

#include <charconv>
#include <cstdio>
#include <system_error>

namespace aicn::checked {

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return result.ec == std::errc() ? std::string(buffer, result.ptr) : std::to_string(value);
}

std::string format_count(double value) {
  if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 1e16) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
  }
  return format_number(value);
}

double in_range(double value, std::string_view where, double lo, double hi) {
  if (std::isfinite(value) && value >= lo && value <= hi) return value;
  std::string message(where);
  if (!message.empty()) message += ": ";
  message += "must be a number from " + format_number(lo) + " to " + format_number(hi) + ", got " +
             format_number(value);
  throw NumberError(message);
}

}  // namespace aicn::checked
