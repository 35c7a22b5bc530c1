#pragma once
/// @file tou_tariff.hpp
/// Time-of-use schedules built by the rule of the NDRC's 2021 notice on time-of-use pricing
/// (国家发展改革委《关于进一步完善分时电价机制的通知》, 发改价格〔2021〕1093号): peak and valley
/// windows per province, and a peak-to-valley price ratio of at least 4:1 where the system's
/// peak-valley load gap exceeds 40 %, at least 3:1 elsewhere. docs/tou-tariffs.md gives every
/// value's source and marks what is an assumption.
#include <optional>
#include <string>
#include <string_view>

#include "aicn/topology/site_energy.hpp"

namespace aicn::topology {

/// The NDRC rule's minimum peak-to-valley ratios.
inline constexpr double kNdrcMinimumRatio = 3.0;
inline constexpr double kNdrcMinimumRatioLargeGap = 4.0;  ///< where the peak-valley load gap > 40 %

/// A daily schedule of 8 valley, 8 flat and 8 peak hours around a flat (shoulder) level:
///   valley 23:00-07:00, flat 07:00-08:00 and 11:00-18:00, peak 08:00-11:00 and 18:00-23:00
/// (ASSUMPTION: a typical provincial division, not one province's published windows). Peak
/// and valley float symmetrically about the flat level, flat x (1 +- k) with
/// k = (ratio - 1) / (ratio + 1), so that peak / valley = ratio and the daily mean is the flat
/// level (3:1 -> k = 0.5: 1.5x and 0.5x; 4:1 -> k = 0.6: 1.6x and 0.4x).
ElectricityPrice ndrc_2021_time_of_use(double flat_yuan_per_kwh, double peak_valley_ratio);

/// A retail (industrial and commercial) level for the flat period where one is given for the
/// province: the figures issue 18 quotes from the domain brief (Guizhou and Sichuan's Ya'an
/// about 0.34, Inner Mongolia's Hohhot 0.38, Gansu's Qingyang 0.39 from coal), approximate and
/// not checked against the provincial tariff notices. Nothing for other provinces.
std::optional<double> retail_level_yuan_per_kwh(std::string_view province);

}  // namespace aicn::topology
