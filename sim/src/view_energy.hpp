#pragma once
/// @file view_energy.hpp
/// Fills the energy and cost fields of the policies' ClusterView from the layout's site
/// energy data (price now and ahead, grid carbon, green share, PUE) and the scenario's
/// economics (power and cost per GPU of each pool).
#include "aicn/policy/cluster_view.hpp"
#include "aicn/topology/economics.hpp"
#include "aicn/topology/layout.hpp"

namespace aicn::sim {

/// How far ahead the view's price schedule reaches: long enough for most jobs' whole run.
inline constexpr double kPriceScheduleAheadS = 7.0 * topology::kSecondsPerDay;

/// Power and cost per GPU of `pool` (built from the layout pool of the same model).
void fill_pool_economics(policy::PoolView& view, const topology::GpuPool& pool, const topology::Economics& economics);

/// The site's energy figures at `now_s`; returns the next time they change (price period,
/// PUE month or hour, or the end of the price schedule's look-ahead).
double fill_site_energy(policy::SiteView& view, const topology::Site& site, double now_s);

}  // namespace aicn::sim
