#include "aicn/topology/geo.hpp"

#include <cmath>
#include <numbers>

namespace aicn::topology {

double great_circle_km(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg) {
  constexpr double kDegToRad = std::numbers::pi / 180.0;
  const double lat1 = lat1_deg * kDegToRad;
  const double lat2 = lat2_deg * kDegToRad;
  const double dlat = lat2 - lat1;
  const double dlon = (lon2_deg - lon1_deg) * kDegToRad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1) * std::cos(lat2) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

double fibre_latency_s(double distance_km, double route_factor, double latency_s_per_km) {
  return distance_km * route_factor * latency_s_per_km;
}

}  // namespace aicn::topology
