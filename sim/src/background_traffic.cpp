#include "background_traffic.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u.hpp>

#include <cmath>

#include "aicn/topology/checked_number.hpp"

namespace aicn::sim {

namespace {
constexpr double kHourS = 3600.0;
int hour_of_day(double t_s) {
  const double hour = std::fmod(std::floor(t_s / kHourS + 1e-9), 24.0);  // a timer due at an hour's start belongs to it
  return *checked::to_integer<int>(hour, 0, 23);  // fmod of a whole number by 24: always whole and in range
}
}  // namespace

double BackgroundTraffic::available_bps(int link, int hour) const {
  return layout_.links[static_cast<std::size_t>(link)].bandwidth_bps *
         (1.0 - settings_.background_share[static_cast<std::size_t>(hour)]);
}

void BackgroundTraffic::apply(int hour) {
  transfers_.set_available_share(1.0 - settings_.background_share[static_cast<std::size_t>(hour)]);
  for (std::size_t l = 0; l < platform_.links.size(); ++l) {
    const double bytes_per_s = available_bps(static_cast<int>(l), hour) / 8.0;  // SimGrid bandwidths are bytes/s
    // Only a change: SimGrid re-solves every flow on a link whose bound is set.
    if (platform_.links[l].up->get_bandwidth() == bytes_per_s) continue;
    platform_.links[l].up->set_bandwidth(bytes_per_s);
    platform_.links[l].down->set_bandwidth(bytes_per_s);
  }
}

void BackgroundTraffic::start(double now_s, std::function<bool(double)> keep_going) {
  keep_going_ = std::move(keep_going);
  if (!settings_.has_background()) return;  // the links keep their full capacity
  apply(hour_of_day(now_s));
  if (!settings_.background_constant()) arm(now_s);
}

void BackgroundTraffic::arm(double now_s) {
  // The next hour boundary whose share differs from this hour's (at most a day ahead).
  const int hour = hour_of_day(now_s);
  double next = (std::floor(now_s / kHourS + 1e-9) + 1.0) * kHourS;
  for (int step = 1; step < 24 && settings_.background_share[static_cast<std::size_t>((hour + step) % 24)] ==
                                      settings_.background_share[static_cast<std::size_t>(hour)];
       ++step)
    next += kHourS;
  if (!keep_going_(next)) return;
  simgrid::kernel::timer::Timer::set(next, [this, next] {
    apply(hour_of_day(next));
    arm(next);
  });
}

}  // namespace aicn::sim
