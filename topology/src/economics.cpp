#include "aicn/topology/economics.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

#include "aicn/topology/units.hpp"

namespace aicn::topology {
namespace {

using config::ConfigNode;

// The brief's 8x A100 server: 1.45 M server + 0.20 M switch + 0.15 M parts = 1.80 M yuan,
// rented at 180 yuan/hour, i.e. 22.5 yuan per GPU-hour.
constexpr double kA100ServerCapex = 1.80e6;
constexpr double kA100RentPerGpuHour = 180.0 / 8.0;
constexpr double kA100PeakFlops = 312e12;

double parse_power(const ConfigNode& node) {
  double watts = 0.0;
  try {
    watts = units::parse_power_w(node.as_string());
  } catch (const units::UnitError& e) {
    node.fail(e.what());
  }
  if (!(watts >= 0.0)) node.fail("a power must be zero or more, got '" + node.text() + "'");
  return watts;
}

double parse_non_negative(const ConfigNode& node, const char* what) {
  const double value = node.as_double();
  if (!(value >= 0.0) || !std::isfinite(value)) node.fail(std::string(what) + " must be zero or more, got '" + node.text() + "'");
  return value;
}

double parse_fraction(const ConfigNode& node, bool allow_one) {
  const double value = node.as_double();
  if (!(value >= 0.0 && (allow_one ? value <= 1.0 : value < 1.0)))
    node.fail(std::string("must be a fraction within [0, 1") + (allow_one ? "]" : ")") + ", got '" + node.text() + "'");
  return value;
}

/// Exact text of a power, so a resolved scenario reproduces the run bit for bit.
std::string watts_text(double watts) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17gW", watts);
  return text;
}

}  // namespace

Economics Economics::defaults() {
  Economics economics;
  for (const auto& model : gpu_catalog()) {
    GpuEconomics gpu;
    gpu.busy_w = model.tdp_w;
    gpu.idle_w = model.tdp_w * economics.power.gpu_idle_fraction;
    // The brief prices only the A100 server. Other models are ASSUMED to earn and cost the same
    // per PFLOPS of dense FP16 as the brief's A100 case (override per model in the scenario).
    const double scale = model.peak_fp16_flops / kA100PeakFlops;
    gpu.rent_yuan_per_gpu_hour = kA100RentPerGpuHour * scale;
    gpu.server_capex_yuan = kA100ServerCapex * scale;
    economics.gpus.push_back(gpu);
  }
  return economics;
}

double Economics::server_power_w(GpuModelId model, int gpus_per_server, int busy) const {
  const GpuEconomics& g = gpu(model);
  const double busy_fraction = gpus_per_server > 0 ? static_cast<double>(busy) / gpus_per_server : 0.0;
  return busy * g.busy_w + (gpus_per_server - busy) * g.idle_w + power.server_overhead_idle_w +
         busy_fraction * (power.server_overhead_busy_w - power.server_overhead_idle_w);
}

double Economics::server_capex_yuan(GpuModelId model, int gpus_per_server) const {
  return gpu(model).server_capex_yuan * gpus_per_server / 8.0;
}

double annual_cash_cost_yuan(double capex_yuan, double depreciation_years, double cash_cost_share) {
  return capex_yuan / depreciation_years * cash_cost_share / (1.0 - cash_cost_share);
}

double payback_years(double capex_yuan, double annual_revenue_yuan, double annual_cash_cost) {
  const double net = annual_revenue_yuan - annual_cash_cost;
  if (!(net > 0.0)) return std::numeric_limits<double>::infinity();
  return capex_yuan / net;
}

double broker_margin_yuan_per_pflops_year(double annual_revenue_yuan, double pflops, double buy_yuan_per_pflops_year) {
  return annual_revenue_yuan / pflops - buy_yuan_per_pflops_year;
}

Economics parse_economics(const ConfigNode& node) {
  Economics economics = Economics::defaults();
  if (!node.defined()) return economics;
  node.expect_keys({"gpu_idle_fraction", "server_overhead_busy", "server_overhead_idle", "network_energy_per_byte_km",
                    "depreciation_years", "cash_cost_share", "broker_buy_price", "gpu_models"});
  auto& power = economics.power;
  if (node.has("gpu_idle_fraction")) {
    power.gpu_idle_fraction = parse_fraction(node.child("gpu_idle_fraction"), true);
    for (std::size_t i = 0; i < economics.gpus.size(); ++i)
      economics.gpus[i].idle_w = economics.gpus[i].busy_w * power.gpu_idle_fraction;
  }
  if (node.has("server_overhead_busy")) power.server_overhead_busy_w = parse_power(node.child("server_overhead_busy"));
  if (node.has("server_overhead_idle")) power.server_overhead_idle_w = parse_power(node.child("server_overhead_idle"));
  if (node.has("network_energy_per_byte_km"))
    power.network_j_per_byte_km = parse_non_negative(node.child("network_energy_per_byte_km"), "an energy in J per byte per km");
  auto& business = economics.business;
  if (node.has("depreciation_years")) business.depreciation_years = node.child("depreciation_years").as_positive_double();
  if (node.has("cash_cost_share")) business.cash_cost_share = parse_fraction(node.child("cash_cost_share"), false);
  if (node.has("broker_buy_price"))
    business.broker_buy_yuan_per_pflops_year = parse_non_negative(node.child("broker_buy_price"), "a price in yuan per PFLOPS-year");
  if (node.has("gpu_models")) {
    for (const auto& [name, entry] : node.child("gpu_models").entries()) {
      const GpuModelId id = find_gpu_model(name);
      if (id < 0) entry.fail("unknown GPU model '" + name + "' (known models: " + gpu_model_names() + ")");
      entry.expect_keys({"busy_power", "idle_power", "rent_per_gpu_hour", "server_capex"});
      GpuEconomics& gpu = economics.gpus[static_cast<std::size_t>(id)];
      if (entry.has("busy_power")) {
        gpu.busy_w = parse_power(entry.child("busy_power"));
        if (!entry.has("idle_power")) gpu.idle_w = gpu.busy_w * power.gpu_idle_fraction;
      }
      if (entry.has("idle_power")) gpu.idle_w = parse_power(entry.child("idle_power"));
      if (gpu.idle_w > gpu.busy_w) entry.fail("idle power must not exceed busy power for " + name);
      if (entry.has("rent_per_gpu_hour"))
        gpu.rent_yuan_per_gpu_hour = parse_non_negative(entry.child("rent_per_gpu_hour"), "a rent in yuan per GPU-hour");
      if (entry.has("server_capex")) gpu.server_capex_yuan = parse_non_negative(entry.child("server_capex"), "a capex in yuan");
    }
  }
  if (power.server_overhead_idle_w > power.server_overhead_busy_w)
    node.fail("server_overhead_idle must not exceed server_overhead_busy");
  return economics;
}

YAML::Node economics_to_yaml(const Economics& economics) {
  YAML::Node root;
  root["gpu_idle_fraction"] = economics.power.gpu_idle_fraction;
  root["server_overhead_busy"] = watts_text(economics.power.server_overhead_busy_w);
  root["server_overhead_idle"] = watts_text(economics.power.server_overhead_idle_w);
  root["network_energy_per_byte_km"] = economics.power.network_j_per_byte_km;
  root["depreciation_years"] = economics.business.depreciation_years;
  root["cash_cost_share"] = economics.business.cash_cost_share;
  root["broker_buy_price"] = economics.business.broker_buy_yuan_per_pflops_year;
  const auto catalog = gpu_catalog();
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    YAML::Node gpu;
    const auto& g = economics.gpus[i];
    gpu["busy_power"] = watts_text(g.busy_w);
    gpu["idle_power"] = watts_text(g.idle_w);
    gpu["rent_per_gpu_hour"] = g.rent_yuan_per_gpu_hour;
    gpu["server_capex"] = g.server_capex_yuan;
    root["gpu_models"][catalog[i].name] = gpu;
  }
  return root;
}

}  // namespace aicn::topology
