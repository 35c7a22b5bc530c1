#pragma once
/// @file view_energy.hpp
/// Fills the energy and cost fields of the policies' ClusterView from the layout's site
/// energy data (price now and ahead, grid carbon, green share, PUE) and the scenario's
/// economics (power and cost per GPU of each pool).
#include <cstdint>

#include "aicn/policy/cluster_view.hpp"
#include "aicn/results/site_signals.hpp"
#include "aicn/topology/economics.hpp"
#include "aicn/topology/layout.hpp"

namespace aicn::sim {

/// How far ahead the view's price schedule reaches: long enough for most jobs' whole run.
inline constexpr double kPriceScheduleAheadS = 7.0 * topology::kSecondsPerDay;

/// Power and cost per GPU of `pool` (built from the layout pool of the same model).
void fill_pool_economics(policy::PoolView& view, const topology::GpuPool& pool, const topology::Economics& economics);

/// The energy figures of site number `index` at `now_s`: price and carbon now and their changes
/// ahead from `signals` (its series, schedules and constants) when given, else from the
/// layout's schedule and constant. Returns the next time they change (price period, series
/// row, PUE month or hour, or at least daily, so that the schedules keep their reach).
double fill_site_energy(policy::SiteView& view, const topology::Site& site, double now_s,
                        const results::SiteSignals* signals = nullptr, int index = -1);


/// fill_site_energy() with the changes ahead made by `forecast`.
double fill_site_energy(policy::SiteView& view, const topology::Site& site, double now_s,
                        const results::SiteSignals* signals, int index, const results::ForecastError& forecast);

}  // namespace aicn::sim
