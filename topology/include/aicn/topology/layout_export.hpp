#pragma once
/// @file layout_export.hpp
/// A layout as Graphviz DOT (to draw the network) or as GeoJSON (to drop on a map): sites and
/// demand regions as Points, links as LineStrings, with their figures as properties.
#include <string>

#include "aicn/topology/layout.hpp"

namespace aicn::topology {

/// An undirected DOT graph: one node per site (clustered by hub), one edge per link labelled
/// with its bandwidth and latency.
std::string layout_to_dot(const Layout& layout);

/// An RFC 7946 FeatureCollection. Coordinates are [longitude, latitude].
std::string layout_to_geojson(const Layout& layout);

}  // namespace aicn::topology
