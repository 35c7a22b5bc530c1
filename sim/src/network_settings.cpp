#include "aicn/sim/network_settings.hpp"

#include <cstdio>
#include <string>

#include "aicn/topology/checked_number.hpp"
#include "aicn/workloads/arrival_process.hpp"

namespace aicn::sim {

using config::ConfigNode;

namespace {

double parse_share(const ConfigNode& node) {
  const double share = node.as_double();
  if (!(share >= 0.0 && share <= kMaxBackgroundShare))
    node.fail("must be a share of capacity from 0 to " + checked::format_number(kMaxBackgroundShare) + ", got '" +
              node.text() + "'");
  return share;
}

/// A mean share times a daily shape of mean 1: `{share: 0.16, diurnal: helios-venus}`.
std::array<double, 24> parse_diurnal_background(const ConfigNode& node) {
  node.expect_keys({"share", "diurnal"});
  const double mean = parse_share(node.required("share"));
  workloads::DiurnalShape shape{};
  shape.fill(1.0);
  if (node.has("diurnal")) {
    const ConfigNode diurnal = node.child("diurnal");
    if (diurnal.is_scalar()) {
      const std::string name = diurnal.as_string();
      if (name == "helios-venus")
        shape = workloads::helios_venus_diurnal_shape();
      else if (name != "flat")
        diurnal.fail("must be helios-venus, flat or a list of 24 relative hourly values, got '" + name + "'");
    } else {
      const auto values = diurnal.elements();
      if (values.size() != 24) diurnal.fail("needs 24 hourly values, got " + std::to_string(values.size()));
      workloads::DiurnalShape raw{};
      for (std::size_t h = 0; h < 24; ++h) {
        raw[h] = values[h].as_double();
        if (!(raw[h] >= 0)) values[h].fail("must not be negative, got '" + values[h].text() + "'");
      }
      shape = workloads::normalised_shape(raw);  // a ConfigError when all are zero
    }
  }
  std::array<double, 24> hourly{};
  for (std::size_t h = 0; h < 24; ++h) {
    hourly[h] = mean * shape[h];
    if (hourly[h] > kMaxBackgroundShare) {
      char text[160];
      std::snprintf(text, sizeof text, "share %g times the shape's hour %zu (%g) is %g, more than the %g a link may lose",
                    mean, h, shape[h], hourly[h], kMaxBackgroundShare);
      node.fail(text);
    }
  }
  return hourly;
}

}  // namespace

const char* sharing_name(BandwidthSharing sharing) {
  return sharing == BandwidthSharing::MAX_MIN ? "max-min" : "latency-weighted";
}

NetworkSettings parse_network_settings(const ConfigNode& node, const topology::Layout& layout) {
  NetworkSettings settings;
  if (!node.defined()) return settings;
  node.expect_keys({"sharing", "background", "site_transfer_capacity"});
  if (node.has("sharing")) {
    const ConfigNode sharing = node.child("sharing");
    const std::string text = sharing.as_string();
    if (text == "max-min")
      settings.sharing = BandwidthSharing::MAX_MIN;
    else if (text != "latency-weighted")
      sharing.fail("must be 'latency-weighted' or 'max-min', got '" + text + "'");
  }
  if (node.has("background")) {
    const ConfigNode background = node.child("background");
    if (background.is_map())
      settings.background_share = parse_diurnal_background(background);
    else if (background.is_scalar() && background.text() == "caict")
      settings.background_share.fill(kCaictBackgroundShare);
    else
      settings.background_share.fill(parse_share(background));
  }
  if (node.has("site_transfer_capacity")) {
    const ConfigNode capacity = node.child("site_transfer_capacity");
    settings.site_transfer_bps.assign(layout.sites.size(), 0.0);
    auto positive = [](const ConfigNode& value) {
      const double bps = value.as_bandwidth_bps();
      if (!(bps > 0)) value.fail("must be a positive bandwidth, got '" + value.text() + "'");
      return bps;
    };
    if (capacity.is_map()) {
      for (const auto& [site, value] : capacity.entries()) {
        const int index = layout.site_index(site);
        if (index < 0) value.fail("'" + site + "' is not a site of layout " + layout.name);
        settings.site_transfer_bps[static_cast<std::size_t>(index)] = positive(value);
      }
    } else {
      settings.site_transfer_bps.assign(layout.sites.size(), positive(capacity));
    }
  }
  return settings;
}

YAML::Node network_settings_to_yaml(const NetworkSettings& settings, const topology::Layout& layout) {
  YAML::Node node;
  node["sharing"] = sharing_name(settings.sharing);
  if (settings.background_constant()) {
    node["background"] = settings.background_share[0];
  } else {
    // The hourly shares themselves: a shape of mean 1 times their mean gives them back.
    double mean = 0.0;
    for (double share : settings.background_share) mean += share / 24.0;
    node["background"]["share"] = mean;
    for (double share : settings.background_share) node["background"]["diurnal"].push_back(share / mean);
  }
  if (settings.has_site_limits())
    for (std::size_t s = 0; s < layout.sites.size(); ++s)
      if (settings.site_transfer_bps[s] > 0)
        node["site_transfer_capacity"][layout.sites[s].name] = checked::format_number(settings.site_transfer_bps[s]) + "bps";
  return node;
}

}  // namespace aicn::sim
