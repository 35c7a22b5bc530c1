#pragma once
/// @file energy_accountant.hpp
/// Integrates each site's power exactly over the run: IT power is piecewise constant between
/// allocation changes (a pool's busy GPUs), and price and PUE are piecewise constant in time
/// (time-of-use periods, monthly or hourly PUE), so every interval is split at each boundary
/// and summed in closed form. A site's carbon or price series (docs/carbon-series.md) is one
/// more piecewise function: intervals also break at its rows, and each piece is charged the
/// series' exact mean over it (its value for `step`, the mean of the ends for `linear`). A GPU
/// share counts as its thousandths of a busy GPU, and a site that is down draws nothing. Pure:
/// no SimGrid. As a RunObserver it needs only the run's events (pool_allocated_changed, outage,
/// transfer_ended); set_busy, set_down and add_transfer remain for callers that feed it directly.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "aicn/results/energy_summary.hpp"
#include "aicn/results/run_observer.hpp"
#include "aicn/results/site_signals.hpp"
#include "aicn/results/trace_rows.hpp"
#include "aicn/topology/economics.hpp"
#include "aicn/topology/layout.hpp"
#include "aicn/topology/network_graph.hpp"
#include "aicn/topology/time_series.hpp"

namespace aicn::results {

class EnergyAccountant : public RunObserver {
 public:
  /// `graph` gives the fibre route of each transfer (route_km). All of them must outlive it.
  /// Prices and carbon factors over time come from `signals` (the run's one copy, which the
  /// policies' view reads too).
  EnergyAccountant(const topology::Layout& layout, const topology::Economics& economics,
                   const topology::NetworkGraph& graph, const SiteSignals& signals);
  /// The same with signals of its own, read from the layout (each site's series files; a
  /// ConfigError names a bad row).
  EnergyAccountant(const topology::Layout& layout, const topology::Economics& economics,
                   const topology::NetworkGraph& graph);
  /// A temporary graph would dangle: keep the graph alive beside the accountant.
  EnergyAccountant(const topology::Layout&, const topology::Economics&, topology::NetworkGraph&&) = delete;
  EnergyAccountant(const topology::Layout&, const topology::Economics&, topology::NetworkGraph&&, const SiteSignals&) = delete;

  /// set_busy() at `now_s` (GPU shares as their thousandths).
  void pool_allocated_changed(double now_s, int site, int pool, double allocated_gpus) override;
  /// set_down() of the site a SITE_DOWN or SITE_UP names.
  void outage(double now_s, OutageKind kind, const std::string& subject, const std::string& detail) override;
  /// add_transfer() of `bytes` from `from_site` over the route to `to_site`.
  void transfer_ended(double now_s, const JobSnapshot& job, int from_site, int to_site, double bytes) override;

  /// From `now_s` on, `busy_gpus` GPUs' worth of pool `pool` at `site` are busy (a fraction
  /// for GPU shares: power is linear in it, and revenue is proportional to it).
  void set_busy(int site, int pool, double now_s, double busy_gpus);
  /// From `now_s` on, `site` is down (its servers off: 0 W) or up again (drawing as its pools say).
  void set_down(int site, double now_s, bool down);
  /// A dataset of `bytes` moved from `from_site` over `route_km` of fibre, at `now_s`.
  void add_transfer(int from_site, double bytes, double route_km, double now_s);

  /// A SeriesRangeError if a site's series (after_end: fail) ends before `end_s`.
  void require_series_until(double end_s) const;

  /// IT power of `site` now (watts).
  double it_power_w(int site) const;
  /// One /energy row per site at `now_s` (cumulative values include the open interval).
  std::vector<EnergySampleRow> sample_rows(double now_s) const;
  /// Closes every interval at `end_s` and builds the summary over [0, end_s].
  /// `simgrid_it_j`, when not empty, is the SimGrid plugin's IT energy per site.
  EnergySummary finish(double end_s, const std::vector<double>& simgrid_it_j = {});

  /// Fibre route length between two sites: great-circle km of each hop x route factor.
  static double route_km(const topology::Layout& layout, const topology::NetworkGraph& graph, int from, int to);

 private:
  EnergyAccountant(const topology::Layout& layout, const topology::Economics& economics,
                   const topology::NetworkGraph& graph, std::unique_ptr<const SiteSignals> own_signals);
  void add_sites();

  struct Totals {
    double it_j = 0.0, facility_j = 0.0, green_j = 0.0, cost_yuan = 0.0, co2_kg = 0.0;
    void add(const Totals& other);
  };
  struct PoolState {
    topology::GpuModelId model = -1;
    int gpus_per_server = 8;
    int servers = 0;
    double idle_server_w = 0.0;  ///< one server with no GPU busy (Economics::server_power_w, fixed for the run)
    double busy_gpu_w = 0.0;     ///< what each busy GPU adds to its server's power
    double busy = 0.0;  ///< GPUs' worth: shares count as their thousandths
    double busy_gpu_s = 0.0;
    double since_s = 0.0;
  };
  /// A stretch of time over which none of a site's layout signals (tariff, PUE) changes, when
  /// the site has no measured series: [start_s, end_s), and the PUE and price in it.
  struct StepPiece {
    double start_s = 0.0;
    double end_s = -1.0;  ///< empty until first computed
    double pue = 0.0;
    double price = 0.0;
  };
  struct SiteState {
    std::vector<PoolState> pools;
    double it_power_w = 0.0;
    bool down = false;     ///< an outage: servers off, no power
    double since_s = 0.0;  ///< totals are integrated up to here
    Totals totals;
    bool has_series = false;  ///< a measured carbon, price or green-share series (never cached)
    StepPiece piece;          ///< the last piece advance() integrated over (no series only)
  };

  /// Energy, cost and carbon of `site` at constant IT power `it_w` over [t0, t1].
  Totals integrate(int site, double it_w, double t0, double t1) const;
  /// The step piece of a site without series that starts at `t_s`: its end is the next change
  /// of the tariff or the PUE after `t_s`.
  StepPiece step_piece(int site, double t_s) const;
  /// The totals of one piece [t0, t1] over which PUE `pue` and price `price` hold (no series):
  /// integrate's arithmetic for such a piece, shared so both give the same bits.
  Totals step_totals(int site, double it_w, double t0, double t1, double pue, double price) const;
  void advance(int site, double now_s);
  /// Power of the site's pools now, or 0 while it is down.
  void update_power(int site);
  double pool_power_w(const PoolState& pool) const;

  const topology::Layout& layout_;
  const topology::Economics& economics_;
  const topology::NetworkGraph& graph_;
  std::unique_ptr<const SiteSignals> own_signals_;  ///< when built without the run's signals
  const SiteSignals& signals_;
  std::vector<SiteState> sites_;
  Totals network_;
  /// route_km of each site pair a transfer ended on, by from x sites + to: the route was
  /// rebuilt (a vector of hops) at every transfer end.
  std::unordered_map<std::uint64_t, double> route_km_;
};

}  // namespace aicn::results
