#include "aicn/results/energy_summary.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

#include "aicn/results/column_scale.hpp"

namespace aicn::results {
namespace {

/// JSON has no infinity: a business that never pays back is written as null.
nlohmann::ordered_json finite_or_null(double value) {
  return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json figures_json(const EnergyFigures& f, bool site) {
  nlohmann::ordered_json json;
  json["name"] = f.name;
  if (site) json["hub"] = f.hub;
  json["it_kwh"] = f.it_kwh;
  json["facility_kwh"] = f.facility_kwh;
  json["green_kwh"] = f.green_kwh;
  json["grid_kwh"] = f.grid_kwh;
  json["electricity_cost_yuan"] = f.electricity_cost_yuan;
  json["co2_t"] = f.co2_t;
  json["gpu_hours_sold"] = f.gpu_hours_sold;
  json["revenue_yuan"] = f.revenue_yuan;
  json["capex_yuan"] = f.capex_yuan;
  json["depreciation_yuan"] = f.depreciation_yuan;
  json["cash_cost_yuan"] = f.cash_cost_yuan;
  json["profit_yuan"] = f.profit_yuan;
  // No capex (the network row), or never paid back: null.
  json["payback_months"] = f.capex_yuan > 0.0 ? finite_or_null(f.payback_months) : nlohmann::ordered_json(nullptr);
  json["pflops"] = f.pflops;
  json["broker_margin_yuan_per_pflops_year"] = f.broker_margin_yuan_per_pflops_year;
  if (site) {
    json["mean_price_yuan_per_kwh"] = f.mean_price_yuan_per_kwh;
    json["green_share"] = f.green_share;
    json["carbon_region"] = f.carbon_region;
    json["grid_co2_kg_per_kwh"] = f.grid_co2_kg_per_kwh;
  }
  if (f.simgrid_it_kwh) json["simgrid_it_kwh"] = *f.simgrid_it_kwh;
  return json;
}

std::string payback_text(double months) {
  if (!std::isfinite(months)) return "never";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f mo", months);
  return text;
}

}  // namespace

const char* EnergySummary::accounting_note() {
  return "location-based carbon accounting: grid kWh x the site province's average grid CO2 factor (MEE 2022); "
         "contracted green power counts as zero carbon but is paid at the site's price; facility energy = IT energy "
         "x PUE; payback and profit use the cash-cost share rule (which already includes electricity), so the "
         "electricity bill is reported beside them, not subtracted again";
}

nlohmann::ordered_json EnergySummary::to_json() const {
  nlohmann::ordered_json json;
  json["accounting"] = accounting_note();
  json["total"] = figures_json(total, false);
  json["network"] = figures_json(network, false);
  json["hubs"] = nlohmann::ordered_json::array();
  for (const auto& hub : hubs) json["hubs"].push_back(figures_json(hub, false));
  json["sites"] = nlohmann::ordered_json::array();
  for (const auto& site : sites) json["sites"].push_back(figures_json(site, true));
  return json;
}

std::string EnergySummary::to_table() const {
  std::string out;
  char line[256];
  auto add = [&](const char* format, auto... args) {
    std::snprintf(line, sizeof line, format, args...);
    out += line;
  };
  add("\nEnergy, cost and carbon (%s)\n", "location-based: green power at zero, grid power at the province's factor");
  // Each money, energy and carbon column in the unit its largest figure needs (a national
  // year's profit in bn yuan, a tiny run's in k yuan), named in the header.
  std::vector<const EnergyFigures*> rows;
  for (const auto& site : sites) rows.push_back(&site);
  for (const auto& hub : hubs) rows.push_back(&hub);
  rows.push_back(&network);
  rows.push_back(&total);
  const auto unit_of = [&](double EnergyFigures::*field, std::span<const ColumnUnit> units) -> const ColumnUnit& {
    std::vector<double> values;
    for (const EnergyFigures* f : rows) values.push_back(f->*field);
    return column_unit(values, units);
  };
  const ColumnUnit& energy_unit = unit_of(&EnergyFigures::facility_kwh, kwh_units());
  const ColumnUnit& cost_unit = unit_of(&EnergyFigures::electricity_cost_yuan, yuan_units());
  const ColumnUnit& co2_unit = unit_of(&EnergyFigures::co2_t, tonne_units());
  const ColumnUnit& revenue_unit = unit_of(&EnergyFigures::revenue_yuan, yuan_units());
  const ColumnUnit& profit_unit = unit_of(&EnergyFigures::profit_yuan, yuan_units());
  const auto header = [](const char* what, const ColumnUnit& unit) { return std::string(what) + " (" + unit.name + ")"; };
  add("%-16s %-5s %12s %17s %11s %17s %17s %10s\n", "", "hub", header("energy", energy_unit).c_str(),
      header("electricity", cost_unit).c_str(), header("CO2", co2_unit).c_str(), header("revenue", revenue_unit).c_str(),
      header("profit", profit_unit).c_str(), "payback");
  auto row = [&](const EnergyFigures& f, const std::string& hub) {
    add("%-16s %-5s %12s %17s %11s %17s %17s %10s\n", f.name.c_str(), hub.c_str(),
        in_unit(f.facility_kwh, energy_unit).c_str(), in_unit(f.electricity_cost_yuan, cost_unit).c_str(),
        in_unit(f.co2_t, co2_unit).c_str(), in_unit(f.revenue_yuan, revenue_unit).c_str(),
        in_unit(f.profit_yuan, profit_unit).c_str(), f.capex_yuan > 0.0 ? payback_text(f.payback_months).c_str() : "-");
  };
  for (const auto& site : sites) row(site, site.hub);
  for (const auto& hub : hubs) row(hub, "hub");
  row(network, "");
  row(total, "");
  return out;
}

}  // namespace aicn::results
