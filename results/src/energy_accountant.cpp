#include "aicn/results/energy_accountant.hpp"

#include <algorithm>
#include <cmath>

#include "aicn/workloads/series_reader.hpp"

namespace aicn::results {
namespace {

constexpr double kJoulesPerKwh = 3.6e6;

/// Adds the physical and money columns of `part` to `sum` (payback etc. are derived later).
void accumulate(EnergyFigures& sum, const EnergyFigures& part) {
  sum.it_kwh += part.it_kwh;
  sum.facility_kwh += part.facility_kwh;
  sum.green_kwh += part.green_kwh;
  sum.grid_kwh += part.grid_kwh;
  sum.electricity_cost_yuan += part.electricity_cost_yuan;
  sum.co2_t += part.co2_t;
  sum.gpu_hours_sold += part.gpu_hours_sold;
  sum.revenue_yuan += part.revenue_yuan;
  sum.capex_yuan += part.capex_yuan;
  sum.pflops += part.pflops;
  if (part.simgrid_it_kwh) sum.simgrid_it_kwh = sum.simgrid_it_kwh.value_or(0.0) + *part.simgrid_it_kwh;
}

/// The business figures of a row from its capex, revenue and capacity over a window.
void derive_business(EnergyFigures& f, double window_s, const topology::BusinessModel& business) {
  const double years = window_s / topology::kSecondsPerYear;
  const double annual_cash = topology::annual_cash_cost_yuan(f.capex_yuan, business.depreciation_years, business.cash_cost_share);
  f.depreciation_yuan = f.capex_yuan / business.depreciation_years * years;
  f.cash_cost_yuan = annual_cash * years;
  f.profit_yuan = f.revenue_yuan - f.depreciation_yuan - f.cash_cost_yuan;
  const double annual_revenue = years > 0.0 ? f.revenue_yuan / years : 0.0;
  f.payback_months = f.capex_yuan > 0.0 ? 12.0 * topology::payback_years(f.capex_yuan, annual_revenue, annual_cash) : 0.0;
  f.broker_margin_yuan_per_pflops_year =
      f.pflops > 0.0 ? topology::broker_margin_yuan_per_pflops_year(annual_revenue, f.pflops,
                                                                    business.broker_buy_yuan_per_pflops_year)
                     : 0.0;
}

}  // namespace

void EnergyAccountant::Totals::add(const Totals& other) {
  it_j += other.it_j;
  facility_j += other.facility_j;
  green_j += other.green_j;
  cost_yuan += other.cost_yuan;
  co2_kg += other.co2_kg;
}

EnergyAccountant::EnergyAccountant(const topology::Layout& layout, const topology::Economics& economics,
                                   const topology::NetworkGraph& graph)
    : EnergyAccountant(layout, economics, graph, std::make_unique<const SiteSignals>(layout)) {}

EnergyAccountant::EnergyAccountant(const topology::Layout& layout, const topology::Economics& economics,
                                   const topology::NetworkGraph& graph, std::unique_ptr<const SiteSignals> own_signals)
    : layout_(layout), economics_(economics), graph_(graph), own_signals_(std::move(own_signals)),
      signals_(*own_signals_) {
  add_sites();
}

EnergyAccountant::EnergyAccountant(const topology::Layout& layout, const topology::Economics& economics,
                                   const topology::NetworkGraph& graph, const SiteSignals& signals)
    : layout_(layout), economics_(economics), graph_(graph), signals_(signals) {
  add_sites();
}

void EnergyAccountant::add_sites() {
  for (const auto& site : layout_.sites) {
    SiteState state;
    for (const auto& pool : site.pools) {
      PoolState p;
      p.model = pool.gpu_model;
      p.gpus_per_server = pool.gpus_per_server;
      // A pool with node shapes of several sizes counts as its GPUs in servers of the largest
      // shape (power and capex per server scale with the GPUs); uniform pools are unchanged.
      p.servers = pool.gpus / pool.gpus_per_server;
      // Server power is linear in its busy GPUs, so a pool's power depends only on how many of
      // its GPUs are busy, not on which servers hold them. Both terms are fixed for the run:
      // computed once here, not at every start and end of a job.
      p.idle_server_w = economics_.server_power_w(p.model, p.gpus_per_server, 0);
      p.busy_gpu_w =
          (economics_.server_power_w(p.model, p.gpus_per_server, p.gpus_per_server) - p.idle_server_w) / p.gpus_per_server;
      state.pools.push_back(p);
    }
    const int index = static_cast<int>(sites_.size());
    state.has_series = signals_.carbon_series(index) != nullptr || signals_.price_series(index) != nullptr ||
                       signals_.green_share_series(index) != nullptr;
    sites_.push_back(std::move(state));
    update_power(index);
  }
}

double EnergyAccountant::pool_power_w(const PoolState& pool) const {
  return pool.servers * pool.idle_server_w + pool.busy * pool.busy_gpu_w;
}

namespace {

/// A signal over one piece of an interval, where it is linear (or constant): its values at the
/// piece's two ends. From the series' exact mean: end = 2 x mean - start (for `step`, end = start).
struct Piece {
  double start = 0.0, end = 0.0;
  double mean() const { return 0.5 * (start + end); }
};

Piece piece_of(const topology::TimeSeries* series, double constant, double t0, double t1) {
  if (series == nullptr) return Piece{constant, constant};
  const double start = series->at(t0);
  return Piece{start, 2.0 * series->mean_over(t0, t1) - start};
}

/// Exact mean over a piece of (1 - green share) x carbon factor, both linear in it:
/// the mean of a product of two linear functions is (a0 b0 + a1 b1) / 3 + (a0 b1 + a1 b0) / 6.
double mean_grid_carbon(const Piece& green, const Piece& carbon) {
  const double a0 = 1.0 - green.start, a1 = 1.0 - green.end;
  return (a0 * carbon.start + a1 * carbon.end) / 3.0 + (a0 * carbon.end + a1 * carbon.start) / 6.0;
}

}  // namespace

EnergyAccountant::Totals EnergyAccountant::step_totals(int site, double it_w, double t0, double t1, double pue,
                                                       double price) const {
  const auto& energy = layout_.sites[static_cast<std::size_t>(site)].energy;
  Totals totals;
  const double it_j = it_w * (t1 - t0);
  const double facility_j = it_j * pue;
  totals.it_j = it_j;
  totals.facility_j = facility_j;
  // All facility energy is paid for at the site's price; only grid energy emits.
  totals.cost_yuan = facility_j / kJoulesPerKwh * price;
  const double green_j = facility_j * energy.green_share;
  totals.green_j = green_j;
  totals.co2_kg = (facility_j - green_j) / kJoulesPerKwh * energy.grid_co2_kg_per_kwh;
  return totals;
}

EnergyAccountant::StepPiece EnergyAccountant::step_piece(int site, double t_s) const {
  const auto& energy = layout_.sites[static_cast<std::size_t>(site)].energy;
  return StepPiece{t_s, std::min(energy.price.next_change_after(t_s), energy.pue.next_change_after(t_s)),
                   energy.pue.at(t_s), energy.price.at(t_s)};
}

EnergyAccountant::Totals EnergyAccountant::integrate(int site, double it_w, double t0, double t1) const {
  const auto& energy = layout_.sites[static_cast<std::size_t>(site)].energy;
  const auto* carbon = signals_.carbon_series(site);
  const auto* price = signals_.price_series(site);
  const auto* green = signals_.green_share_series(site);
  Totals totals;
  double t = t0;
  while (t < t1) {
    if (carbon == nullptr && price == nullptr && green == nullptr) {
      const StepPiece piece = step_piece(site, t);
      const double next = std::min(t1, piece.end_s);
      totals.add(step_totals(site, it_w, t, next, piece.pue, piece.price));
      t = next;
      continue;
    }
    double next = std::min({t1, energy.price.next_change_after(t), energy.pue.next_change_after(t)});
    if (carbon) next = std::min(next, carbon->next_change_after(t));
    if (price) next = std::min(next, price->next_change_after(t));
    if (green) next = std::min(next, green->next_change_after(t));
    const double it_j = it_w * (next - t);
    const double facility_j = it_j * energy.pue.at(t);
    totals.it_j += it_j;
    totals.facility_j += facility_j;
    // All facility energy is paid for at the site's price; only grid energy emits.
    // Power and PUE are constant over [t, next], so a series' exact mean there is exact energy x value.
    totals.cost_yuan += facility_j / kJoulesPerKwh * (price ? price->mean_over(t, next) : energy.price.at(t));
    if (green == nullptr) {
      const double green_j = facility_j * energy.green_share;
      totals.green_j += green_j;
      totals.co2_kg += (facility_j - green_j) / kJoulesPerKwh *
                       (carbon ? carbon->mean_over(t, next) / 1000.0 : energy.grid_co2_kg_per_kwh);
    } else {
      // A green share that changes over the piece: grid energy x carbon is the integral of
      // their product, exact for two linear (or step) series.
      const Piece share = piece_of(green, 0.0, t, next);
      const Piece factor = piece_of(carbon, energy.grid_co2_kg_per_kwh * 1000.0, t, next);
      totals.green_j += facility_j * share.mean();
      totals.co2_kg += facility_j / kJoulesPerKwh * mean_grid_carbon(share, factor) / 1000.0;
    }
    t = next;
  }
  return totals;
}

void EnergyAccountant::advance(int site, double now_s) {
  SiteState& state = sites_[static_cast<std::size_t>(site)];
  if (now_s <= state.since_s) return;
  // Power changes at every start and end of a job, far more often than a tariff or a PUE:
  // the piece they hold over is kept, not looked up again at every change (the same pieces
  // and values integrate() finds, so the same totals).
  if (!state.has_series) {
    StepPiece& piece = state.piece;
    if (state.since_s < piece.start_s || state.since_s >= piece.end_s) piece = step_piece(site, state.since_s);
    if (now_s <= piece.end_s) {
      state.totals.add(step_totals(site, state.it_power_w, state.since_s, now_s, piece.pue, piece.price));
      state.since_s = now_s;
      return;
    }
  }
  state.totals.add(integrate(site, state.it_power_w, state.since_s, now_s));
  state.since_s = now_s;
}

void EnergyAccountant::update_power(int site) {
  SiteState& state = sites_[static_cast<std::size_t>(site)];
  state.it_power_w = 0.0;
  if (state.down) return;  // its servers are off
  for (const auto& each : state.pools) state.it_power_w += pool_power_w(each);
}

void EnergyAccountant::set_busy(int site, int pool, double now_s, double busy_gpus) {
  advance(site, now_s);
  SiteState& state = sites_[static_cast<std::size_t>(site)];
  PoolState& p = state.pools[static_cast<std::size_t>(pool)];
  if (now_s > p.since_s) {
    p.busy_gpu_s += p.busy * (now_s - p.since_s);
    p.since_s = now_s;
  }
  p.busy = busy_gpus;
  update_power(site);
}

void EnergyAccountant::set_down(int site, double now_s, bool down) {
  advance(site, now_s);
  sites_[static_cast<std::size_t>(site)].down = down;
  update_power(site);
}

void EnergyAccountant::add_transfer(int from_site, double bytes, double route_km, double now_s) {
  const double joules = bytes * route_km * economics_.power.network_j_per_byte_km;
  // Transport energy is booked to the sending site's grid (its price, its full grid factor:
  // the site's green contract does not cover the carriers' equipment).
  Totals t;
  t.it_j = joules;
  t.facility_j = joules;
  t.cost_yuan = joules / kJoulesPerKwh * signals_.price_at(from_site, now_s);
  t.co2_kg = joules / kJoulesPerKwh * signals_.co2_kg_per_kwh_at(from_site, now_s);
  network_.add(t);
}

void EnergyAccountant::pool_allocated_changed(double now_s, int site, int pool, double allocated_gpus) {
  set_busy(site, pool, now_s, allocated_gpus);
}

void EnergyAccountant::outage(double now_s, OutageKind kind, const std::string& subject, const std::string&) {
  if (kind != OutageKind::SITE_DOWN && kind != OutageKind::SITE_UP) return;
  const int site = layout_.site_index(subject);
  if (site >= 0) set_down(site, now_s, kind == OutageKind::SITE_DOWN);
}

void EnergyAccountant::transfer_ended(double now_s, const JobSnapshot&, int from_site, int to_site, double bytes) {
  const std::uint64_t pair = static_cast<std::uint64_t>(from_site) * layout_.sites.size() + static_cast<std::uint64_t>(to_site);
  auto [known, added] = route_km_.try_emplace(pair, 0.0);
  if (added) known->second = route_km(layout_, graph_, from_site, to_site);
  add_transfer(from_site, bytes, known->second, now_s);
}

void EnergyAccountant::require_series_until(double end_s) const { signals_.require_until(end_s); }

double EnergyAccountant::it_power_w(int site) const { return sites_[static_cast<std::size_t>(site)].it_power_w; }

std::vector<EnergySampleRow> EnergyAccountant::sample_rows(double now_s) const {
  std::vector<EnergySampleRow> rows;
  for (std::size_t s = 0; s < sites_.size(); ++s) {
    const SiteState& state = sites_[s];
    const auto& energy = layout_.sites[s].energy;
    Totals totals = state.totals;
    if (now_s > state.since_s) totals.add(integrate(static_cast<int>(s), state.it_power_w, state.since_s, now_s));
    const double facility_w = state.it_power_w * energy.pue.at(now_s);
    EnergySampleRow row{};
    row.time_s = now_s;
    row.site = static_cast<std::int32_t>(s);
    row.it_power_w = state.it_power_w;
    row.facility_power_w = facility_w;
    row.price_yuan_per_kwh = signals_.price_at(static_cast<int>(s), now_s);
    const double green_share = signals_.green_share_at(static_cast<int>(s), now_s);
    row.co2_kg_per_h = facility_w / 1000.0 * (1.0 - green_share) * signals_.co2_kg_per_kwh_at(static_cast<int>(s), now_s);
    row.energy_kwh = totals.facility_j / kJoulesPerKwh;
    row.cost_yuan = totals.cost_yuan;
    row.co2_kg = totals.co2_kg;
    row.green_share = green_share;
    row.green_kwh = totals.green_j / kJoulesPerKwh;
    rows.push_back(row);
  }
  return rows;
}

EnergySummary EnergyAccountant::finish(double end_s, const std::vector<double>& simgrid_it_j) {
  EnergySummary summary;
  const auto& business = economics_.business;
  std::vector<EnergyFigures> hubs(layout_.hubs.size());
  for (std::size_t h = 0; h < hubs.size(); ++h) hubs[h].name = layout_.hubs[h].name;
  for (std::size_t s = 0; s < sites_.size(); ++s) {
    SiteState& state = sites_[s];
    const auto& site = layout_.sites[s];
    advance(static_cast<int>(s), end_s);
    EnergyFigures f;
    f.name = site.name;
    f.hub = layout_.hubs[static_cast<std::size_t>(site.hub)].name;
    f.it_kwh = state.totals.it_j / kJoulesPerKwh;
    f.facility_kwh = state.totals.facility_j / kJoulesPerKwh;
    f.green_kwh = state.totals.green_j / kJoulesPerKwh;
    f.grid_kwh = f.facility_kwh - f.green_kwh;
    f.electricity_cost_yuan = state.totals.cost_yuan;
    f.co2_t = state.totals.co2_kg / 1000.0;
    for (std::size_t p = 0; p < state.pools.size(); ++p) {
      PoolState& pool = state.pools[p];
      if (end_s > pool.since_s) {
        pool.busy_gpu_s += pool.busy * (end_s - pool.since_s);
        pool.since_s = end_s;
      }
      const auto& gpu = economics_.gpu(pool.model);
      f.gpu_hours_sold += pool.busy_gpu_s / 3600.0;
      f.revenue_yuan += pool.busy_gpu_s / 3600.0 * gpu.rent_yuan_per_gpu_hour;
      f.capex_yuan += pool.servers * economics_.server_capex_yuan(pool.model, pool.gpus_per_server);
      f.pflops += pool.servers * pool.gpus_per_server * topology::gpu_model(pool.model).peak_fp16_flops / 1e15;
    }
    f.mean_price_yuan_per_kwh = f.facility_kwh > 0.0 ? f.electricity_cost_yuan / f.facility_kwh : 0.0;
    // With a green-share series, the share actually supplied: green energy / facility energy.
    f.green_share = signals_.green_share_series(static_cast<int>(s)) == nullptr ? site.energy.green_share
                    : (f.facility_kwh > 0.0 ? f.green_kwh / f.facility_kwh : 0.0);
    f.carbon_region = site.energy.carbon_region;
    // With a carbon series, the factor actually charged: grid-energy-weighted mean of the curve.
    f.grid_co2_kg_per_kwh = signals_.carbon_series(static_cast<int>(s)) != nullptr ? (f.grid_kwh > 0.0 ? f.co2_t * 1000.0 / f.grid_kwh : 0.0)
                                                   : site.energy.grid_co2_kg_per_kwh;
    if (s < simgrid_it_j.size()) f.simgrid_it_kwh = simgrid_it_j[s] / kJoulesPerKwh;
    derive_business(f, end_s, business);
    accumulate(hubs[static_cast<std::size_t>(site.hub)], f);
    accumulate(summary.total, f);
    summary.sites.push_back(std::move(f));
  }
  for (auto& hub : hubs) {
    derive_business(hub, end_s, business);
    summary.hubs.push_back(std::move(hub));
  }
  summary.network.name = "network";
  summary.network.it_kwh = network_.it_j / kJoulesPerKwh;
  summary.network.facility_kwh = network_.facility_j / kJoulesPerKwh;
  summary.network.grid_kwh = summary.network.facility_kwh;
  summary.network.electricity_cost_yuan = network_.cost_yuan;
  summary.network.co2_t = network_.co2_kg / 1000.0;
  summary.total.name = "total";
  accumulate(summary.total, summary.network);
  derive_business(summary.total, end_s, business);
  return summary;
}

double EnergyAccountant::route_km(const topology::Layout& layout, const topology::NetworkGraph& graph, int from, int to) {
  double km = 0.0;
  for (const auto& hop : graph.route(from, to).hops) km += layout.links[static_cast<std::size_t>(hop.link)].distance_km;
  return km * layout.parameters.route_factor;
}

}  // namespace aicn::results
