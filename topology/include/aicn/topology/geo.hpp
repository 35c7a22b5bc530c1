#pragma once
/// @file geo.hpp
/// Great-circle distance and the fibre latency model used for `latency: auto` links.

namespace aicn::topology {

/// Mean Earth radius (IUGG), the radius the haversine formula assumes.
inline constexpr double kEarthRadiusKm = 6371.0088;
/// Light in optical fibre travels at about c/1.47: 5 microseconds per kilometre.
inline constexpr double kFibreLatencySPerKm = 5e-6;

/// Haversine great-circle distance between two points given in decimal degrees.
double great_circle_km(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg);

/// One-way latency over a fibre route: distance x route factor x delay per km.
double fibre_latency_s(double great_circle_km, double route_factor, double latency_s_per_km = kFibreLatencySPerKm);

}  // namespace aicn::topology
