#include "link_meter.hpp"

#include <simgrid/plugins/load.h>
#include <simgrid/s4u/Link.hpp>

namespace aicn::sim {

void LinkMeter::init_plugin() { sg_link_load_plugin_init(); }

LinkMeter::LinkMeter(const Platform& platform) : platform_(platform), cumulative_bytes_(2 * platform.links.size(), 0.0) {
  for (const auto& link : platform_.links) {
    sg_link_load_track(link.up);
    sg_link_load_track(link.down);
  }
}

std::vector<results::LinkSample> LinkMeter::sample(double now_s) {
  std::vector<results::LinkSample> rows;
  const double interval = now_s - last_s_;
  if (interval <= 0.0) return rows;
  last_s_ = now_s;
  rows.reserve(cumulative_bytes_.size());
  for (std::size_t l = 0; l < platform_.links.size(); ++l) {
    const simgrid::s4u::Link* directions[2] = {platform_.links[l].up, platform_.links[l].down};
    for (int d = 0; d < 2; ++d) {
      const double cumulative = sg_link_get_cum_load(directions[d]);
      double& previous = cumulative_bytes_[2 * l + static_cast<std::size_t>(d)];
      const double bytes = cumulative - previous;
      previous = cumulative;
      rows.push_back({static_cast<int>(l), d, bytes, bytes / (directions[d]->get_bandwidth() * interval)});
    }
  }
  return rows;
}

}  // namespace aicn::sim
