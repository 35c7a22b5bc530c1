#pragma once
/// @file economics.hpp
/// The power model (what a GPU server draws, busy and idle, and what moving a byte a km costs
/// in energy) and the business model of an AI data centre (rent, capex, depreciation, cash
/// costs, payback; the light-asset broker's margin), with the domain brief's figures as
/// defaults. Pure arithmetic; README "Energy, cost and carbon" gives every default's source.
#include <vector>

#include <yaml-cpp/yaml.h>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/gpu_catalog.hpp"

namespace aicn::topology {

/// Per GPU model figures, indexed by GpuModelId.
struct GpuEconomics {
  double busy_w = 0.0;                 ///< board power while a job runs (TDP)
  double idle_w = 0.0;                 ///< board power while allocated to no job
  double rent_yuan_per_gpu_hour = 0.0; ///< price of one GPU-hour sold
  double server_capex_yuan = 0.0;      ///< one 8-GPU server incl. network and parts
};

struct PowerModel {
  double gpu_idle_fraction = 0.15;        ///< idle board power / TDP (default for every model)
  double server_overhead_busy_w = 2500.0; ///< CPUs, memory, NICs, switches, fans at full load
  double server_overhead_idle_w = 1000.0; ///< the same with no GPU busy
  double network_j_per_byte_km = 1e-8;    ///< transport energy per byte per km of fibre route
};

struct BusinessModel {
  double depreciation_years = 5.0;      ///< straight line, no residual value
  double cash_cost_share = 0.4;         ///< cash / (cash + non-cash) cost; brief: 60:40
  double broker_buy_yuan_per_pflops_year = 200000.0;
};

struct Economics {
  PowerModel power;
  BusinessModel business;
  std::vector<GpuEconomics> gpus;  ///< one entry per catalogue model

  /// The brief's defaults (and the derived per-model defaults).
  static Economics defaults();
  const GpuEconomics& gpu(GpuModelId id) const { return gpus.at(static_cast<std::size_t>(id)); }

  /// IT power of one server of `gpus_per_server` GPUs of `model` with `busy` of them busy.
  /// Linear in `busy`: server overhead scales with the busy fraction between idle and busy.
  double server_power_w(GpuModelId model, int gpus_per_server, int busy) const;
  /// Capex of one server of `gpus_per_server` GPUs (server_capex_yuan scaled from 8 GPUs).
  double server_capex_yuan(GpuModelId model, int gpus_per_server) const;
};

/// Cash cost per year implied by the brief's non-cash:cash split, given depreciation per year:
/// depreciation x share / (1 - share).   1.80 M / 5 y at 60:40 -> 0.24 M/y.
double annual_cash_cost_yuan(double capex_yuan, double depreciation_years, double cash_cost_share);
/// Payback = capex / (annual revenue - annual cash cost), in years; +infinity when the
/// business never pays back (revenue at or below the cash cost).
double payback_years(double capex_yuan, double annual_revenue_yuan, double annual_cash_cost_yuan);
/// Broker margin per PFLOPS-year: what a PFLOPS-year sells for minus what the broker pays.
double broker_margin_yuan_per_pflops_year(double annual_revenue_yuan, double pflops, double buy_yuan_per_pflops_year);

/// Reads a scenario's `economics:` mapping over the defaults; errors name file, key and value.
Economics parse_economics(const config::ConfigNode& node);
/// The economics in resolved form, every value explicit.
YAML::Node economics_to_yaml(const Economics& economics);

}  // namespace aicn::topology
