#include "link_meter.hpp"

#include <simgrid/s4u/Link.hpp>

namespace aicn::sim {

LinkMeter::LinkMeter(const Platform& platform) : platform_(platform), bytes_(2 * platform.links.size(), 0.0) {}

void LinkMeter::carried(const std::vector<LinkDirection>& route, double bytes) {
  if (bytes == 0.0) return;
  for (const LinkDirection direction : route) bytes_[direction] += bytes;
}

std::vector<results::LinkSample> LinkMeter::sample(double now_s) {
  std::vector<results::LinkSample> rows;
  const double interval = now_s - last_s_;
  if (interval <= 0.0) return rows;
  last_s_ = now_s;
  rows.reserve(bytes_.size());
  for (std::size_t l = 0; l < platform_.links.size(); ++l) {
    const simgrid::s4u::Link* directions[2] = {platform_.links[l].up, platform_.links[l].down};
    for (int d = 0; d < 2; ++d) {
      double& bytes = bytes_[2 * l + static_cast<std::size_t>(d)];
      rows.push_back({static_cast<int>(l), d, bytes, bytes / (directions[d]->get_bandwidth() * interval)});
      bytes = 0.0;
    }
  }
  return rows;
}

}  // namespace aicn::sim
