// The `leases:` key's sources (lease_sources.hpp): inline, a CSV file, a generated stream.
#include "aicn/workloads/lease_sources.hpp"

#include <boost/random/discrete_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "aicn/workloads/random_streams.hpp"
#include "aicn/workloads/trace_options.hpp"

namespace aicn::workloads {
namespace {

using config::ConfigNode;

std::string read_text(const ConfigNode& path_node, const std::string& base_dir) {
  std::filesystem::path path = path_node.as_string();
  if (path.is_relative() && !base_dir.empty()) path = std::filesystem::path(base_dir) / path;
  std::ifstream in(path, std::ios::binary);
  if (!in) path_node.fail("cannot read the lease CSV '" + path.string() + "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

/// GPUs the leases hold at `pool` of `site` at the worst moment of [start_s, end_s): the
/// count only rises at a lease's start, so the worst is at `start_s` or at a start inside.
int held_during(const std::vector<topology::Lease>& leases, int site, int pool, double start_s, double end_s) {
  int worst = 0;
  auto held_at = [&](double t) {
    int held = 0;
    for (const topology::Lease& l : leases)
      if (l.site == site && l.pool == pool && l.start_s <= t && t < l.end_s()) held += l.gpus;
    return held;
  };
  worst = held_at(start_s);
  for (const topology::Lease& l : leases)
    if (l.site == site && l.pool == pool && l.start_s > start_s && l.start_s < end_s) worst = std::max(worst, held_at(l.start_s));
  return worst;
}

int pool_of(const topology::Site& site, topology::GpuModelId model) {
  for (std::size_t p = 0; p < site.pools.size(); ++p)
    if (site.pools[p].gpu_model == model) return static_cast<int>(p);
  return -1;
}

}  // namespace

std::vector<topology::Lease> generate_leases(const ConfigNode& node, const LeaseContext& context,
                                             const std::vector<topology::Lease>& existing) {
  const topology::Layout& layout = *context.layout;
  node.expect_keys({"leases_per_day", "gpu", "servers", "yearly_share", "lessees", "sites", "max_leased_share"});
  const double per_day = node.required("leases_per_day").as_positive_double();
  const ConfigNode gpu = node.required("gpu");
  const topology::GpuModelId model = topology::find_gpu_model(gpu.as_string());
  if (model < 0) gpu.fail("unknown GPU model '" + gpu.as_string() + "' (known models: " + topology::gpu_model_names() + ")");
  int min_servers = 1, max_servers = 4;
  if (node.has("servers")) {
    const ConfigNode servers = node.child("servers");
    servers.expect_keys({"min", "max"});
    if (servers.has("min")) min_servers = servers.child("min").as_integer<int>(1, 1 << 20);
    if (servers.has("max")) max_servers = servers.child("max").as_integer<int>(1, 1 << 20);
    if (max_servers < min_servers) servers.fail("max must be at least min");
  }
  double yearly_share = 0.5;
  if (node.has("yearly_share")) {
    const ConfigNode share = node.child("yearly_share");
    yearly_share = share.as_double();
    if (!(yearly_share >= 0.0 && yearly_share <= 1.0)) share.fail("must be from 0 to 1, got '" + share.text() + "'");
  }
  double max_share = 1.0;
  if (node.has("max_leased_share")) {
    const ConfigNode share = node.child("max_leased_share");
    max_share = share.as_double();
    if (!(max_share > 0.0 && max_share <= 1.0)) share.fail("must be above 0 and at most 1, got '" + share.text() + "'");
  }
  const std::vector<std::pair<int, double>> lessees = parse_origin_weights(node.child("lessees"), layout);
  if (lessees.empty()) node.fail("no lessee hubs: the layout has no eastern hub with a site and no 'lessees' were given");
  std::vector<int> sites;  // candidate sites: those with a pool of the model
  if (node.has("sites")) {
    for (const ConfigNode& name : node.child("sites").elements()) {
      const int s = layout.site_index(name.as_string());
      if (s < 0) name.fail(layout.unknown_site_message(name.as_string()));
      if (pool_of(layout.sites[static_cast<std::size_t>(s)], model) < 0)
        name.fail("site " + name.as_string() + " has no " + gpu.as_string() + " pool");
      sites.push_back(s);
    }
  } else {
    for (std::size_t s = 0; s < layout.sites.size(); ++s)
      if (pool_of(layout.sites[s], model) >= 0) sites.push_back(static_cast<int>(s));
  }
  if (sites.empty()) gpu.fail("no site of the layout has a " + gpu.as_string() + " pool");

  RandomEngine arrivals = make_stream(context.seed, "leases/arrivals");
  RandomEngine contracts = make_stream(context.seed, "leases/contracts");
  std::vector<double> weights;
  for (const auto& [hub, weight] : lessees) weights.push_back(weight);
  boost::random::discrete_distribution<std::size_t, double> lessee_draw(weights.begin(), weights.end());
  boost::random::exponential_distribution<double> gap(per_day / 86400.0);
  boost::random::uniform_int_distribution<int> server_draw(min_servers, max_servers);
  boost::random::uniform_real_distribution<double> unit(0.0, 1.0);

  std::vector<topology::Lease> all = existing, generated;
  double clock_s = 0.0;
  for (std::uint64_t n = 0;; ++n) {
    clock_s += gap(arrivals);
    if (!(clock_s < context.horizon_s)) break;
    // Every contract draws the same values whether or not it finds room: a change of the
    // layout moves where leases go, not what the stream asks for.
    const int lessee = lessees[lessee_draw(contracts)].first;
    const int servers = server_draw(contracts);
    const bool yearly = unit(contracts) < yearly_share;
    const double pick = unit(contracts);
    const double term_s = (yearly ? topology::kHoursPerYear : topology::kHoursPerMonth) * 3600.0;
    std::vector<std::pair<int, int>> room;  // (site, pool) where the contract fits
    for (int s : sites) {
      const topology::Site& site = layout.sites[static_cast<std::size_t>(s)];
      const int p = pool_of(site, model);
      const topology::GpuPool& pool = site.pools[static_cast<std::size_t>(p)];
      const int gpus = servers * pool.gpus_per_server;
      const auto cap = static_cast<int>(std::floor(max_share * pool.gpus));
      if (held_during(all, s, p, clock_s, clock_s + term_s) + gpus <= cap) room.emplace_back(s, p);
    }
    if (room.empty()) continue;  // no site has room for it now: the buyer goes elsewhere
    const auto [s, p] = room[std::min(room.size() - 1, static_cast<std::size_t>(pick * static_cast<double>(room.size())))];
    const topology::Site& site = layout.sites[static_cast<std::size_t>(s)];
    topology::Lease lease;
    lease.id = "generated-" + std::to_string(n);
    lease.lessee_hub = lessee;
    lease.where = site.name;
    lease.site = s;
    lease.pool = p;
    lease.model = model;
    lease.gpus = servers * site.pools[static_cast<std::size_t>(p)].gpus_per_server;
    lease.start_s = clock_s;
    lease.term_s = term_s;
    lease.tier = topology::tier_for_term(term_s);
    lease.yuan_per_gpu_hour = context.prices->for_site(site.name).at(model).yuan_per_gpu_hour(lease.tier);
    all.push_back(lease);
    generated.push_back(lease);
  }
  return generated;
}

std::vector<topology::Lease> load_leases(const ConfigNode& node, const LeaseContext& context) {
  if (!node.defined() || node.is_sequence()) return topology::parse_leases(node, *context.layout, *context.prices);
  node.expect_keys({"file", "generate"});
  std::vector<topology::Lease> leases;
  if (node.has("file")) {
    const ConfigNode file = node.child("file");
    std::filesystem::path shown = file.as_string();
    leases = topology::parse_leases(lease_csv_node(read_text(file, context.base_dir), shown.string()), *context.layout,
                                    *context.prices);
  }
  if (node.has("generate")) {
    std::vector<topology::Lease> more = generate_leases(node.child("generate"), context, leases);
    leases.insert(leases.end(), more.begin(), more.end());
  }
  if (!node.has("file") && !node.has("generate")) node.fail("give `file` (a lease CSV), `generate` (a lease stream), or both");
  return leases;
}

}  // namespace aicn::workloads
