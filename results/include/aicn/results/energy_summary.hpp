#pragma once
/// @file energy_summary.hpp
/// Energy, electricity cost, carbon and the business case of a run, per site, per hub, for the
/// network's data transfers and overall. Deterministic: built from simulated quantities only.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aicn::results {

/// One row of the energy summary (a site, a hub, the network, or the total).
struct EnergyFigures {
  std::string name;
  std::string hub;             ///< sites only
  double it_kwh = 0.0;         ///< GPUs and server overhead
  double facility_kwh = 0.0;   ///< IT x PUE (for the network row: transport energy)
  double green_kwh = 0.0;      ///< facility energy from contracted green power (zero carbon)
  double grid_kwh = 0.0;       ///< facility energy from the grid
  double electricity_cost_yuan = 0.0;
  double co2_t = 0.0;          ///< grid kWh x provincial grid factor
  double gpu_hours_sold = 0.0;
  double revenue_yuan = 0.0;
  double capex_yuan = 0.0;
  double depreciation_yuan = 0.0;  ///< over the simulated window
  double cash_cost_yuan = 0.0;     ///< over the window, by the cash-cost share rule
  double profit_yuan = 0.0;        ///< revenue - depreciation - cash cost
  double payback_months = 0.0;     ///< at the window's revenue rate; +infinity = never
  double pflops = 0.0;             ///< dense FP16 capacity
  double broker_margin_yuan_per_pflops_year = 0.0;
  // Sites only: the inputs, for the reader.
  double mean_price_yuan_per_kwh = 0.0;  ///< cost / facility kWh (0 when no energy)
  double green_share = 0.0;
  std::string carbon_region;
  double grid_co2_kg_per_kwh = 0.0;
  std::optional<double> simgrid_it_kwh;  ///< SimGrid host energy plugin (exec model only)
};

struct EnergySummary {
  /// How carbon and cost are counted, written into summary.json and the printed summary.
  static const char* accounting_note();
  std::vector<EnergyFigures> sites;
  std::vector<EnergyFigures> hubs;
  EnergyFigures network;  ///< transport energy of dataset transfers
  EnergyFigures total;    ///< sites + network
  bool empty() const { return sites.empty(); }

  nlohmann::ordered_json to_json() const;
  /// The per-site, per-hub and total table for the printed summary.
  std::string to_table() const;
};

}  // namespace aicn::results
