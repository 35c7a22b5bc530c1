#include "aicn/topology/price_tiers.hpp"

#include <array>
#include <cmath>
#include <limits>

namespace aicn::topology {
namespace {

using config::ConfigNode;

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

// Seed 002 (2024 GPU-leasing white paper), table "部分云服务厂商GPU计算型云服务器售价对表
// （截至2024.8.15）", providers in the seed's order: Alibaba Cloud, Baidu Cloud, Volcano
// Engine, Tencent Cloud, Tianyi Cloud. Source line: 来源：弗若斯特沙利文 and the providers' sites.
const std::array<SeedPriceRow, 4> kSeedTable{{
    {"V100 32GB NVLink", {19.7, 15.3, kNone, kNone, 15.4}, 16.8, {7.6, 5.5, 5.4, 4.8, 5.9}, 5.8},
    {"A100 40GB PCIe", {kNone, kNone, kNone, kNone, 21.3}, 21.3, {kNone, kNone, kNone, kNone, 8.2}, 8.2},
    {"A100 40GB NVLink", {kNone, 26.1, kNone, 19.3, kNone}, 22.7, {kNone, 10.0, kNone, 11.2, kNone}, 10.6},
    {"A100 80GB NVLink", {kNone, kNone, 40.4, kNone, kNone}, 40.4, {kNone, 11.6, 17.1, kNone, kNone}, 14.4},
}};
// 按年订阅折扣: 8.5折, 8.3折, 8.3折, -, 8.5折 (x折 = x/10 of the price, i.e. 15 % or 17 % off).
const std::array<double, 5> kSeedYearlyDiscounts{0.15, 0.17, 0.17, kNone, 0.15};

// The catalogue's A100-80GB is the seed's "A100 80GB NVLink" row: 40.4 yuan per GPU-hour (the
// mean, Volcano Engine alone) and 14.4 x 10,000 yuan per 8-GPU server-month (the mean of Baidu
// 11.6 and Volcano 17.1). Both providers of that monthly price give 8.3折 a year: 17 % off.
constexpr double kA100HourlyYuan = 40.4;
constexpr double kA100MonthlyYuanPerServer = 14.4e4;
constexpr double kA100YearlyDiscount = 0.17;
constexpr double kA100PeakFlops = 312e12;

double parse_price(const ConfigNode& node, const char* what) {
  const double value = node.as_double();
  if (!(value >= 0.0) || !std::isfinite(value))
    node.fail(std::string(what) + " must be zero or more, got '" + node.text() + "'");
  return value;
}

}  // namespace

const char* price_tier_name(PriceTier tier) {
  switch (tier) {
    case PriceTier::HOURLY: return "hourly";
    case PriceTier::MONTHLY: return "monthly";
    case PriceTier::YEARLY: return "yearly";
  }
  return "?";
}

bool parse_price_tier(std::string_view name, PriceTier& tier) {
  for (PriceTier t : {PriceTier::HOURLY, PriceTier::MONTHLY, PriceTier::YEARLY})
    if (name == price_tier_name(t)) {
      tier = t;
      return true;
    }
  return false;
}

PriceTier tier_for_term(double term_s) {
  const double hours = term_s / 3600.0;
  if (hours >= kHoursPerYear) return PriceTier::YEARLY;
  if (hours >= kHoursPerMonth) return PriceTier::MONTHLY;
  return PriceTier::HOURLY;
}

double ModelPrices::yuan_per_gpu_hour(PriceTier tier) const {
  switch (tier) {
    case PriceTier::HOURLY: return hourly_yuan_per_gpu;
    case PriceTier::MONTHLY: return monthly_yuan_per_server / kGpusPerPricedServer / kHoursPerMonth;
    case PriceTier::YEARLY: return yearly_yuan_per_server() / kGpusPerPricedServer / kHoursPerYear;
  }
  return kNone;
}

PriceList PriceList::defaults() {
  PriceList list;
  for (const auto& model : gpu_catalog()) {
    // ASSUMED: the seed prices no model of the catalogue but the A100-80GB. The A800-80GB (the
    // A100's export variant, same FP16 peak) and every other model are priced at the
    // A100-80GB's price per PFLOPS of dense FP16, with its discount, as Economics::defaults()
    // does for rent and capex. Override per model (and per site) in the scenario.
    const double scale = model.peak_fp16_flops / kA100PeakFlops;
    list.models.push_back({kA100HourlyYuan * scale, kA100MonthlyYuanPerServer * scale, kA100YearlyDiscount});
  }
  return list;
}

double PriceList::lease_yuan(PriceTier tier, GpuModelId model, int gpus, double term_s) const {
  return at(model).yuan_per_gpu_hour(tier) * gpus * (term_s / 3600.0);
}

const PriceList& SitePrices::for_site(std::string_view site) const {
  const auto found = by_site.find(site);
  return found == by_site.end() ? base : found->second;
}

std::span<const SeedPriceRow> seed_price_table() { return kSeedTable; }
std::span<const double> seed_yearly_discounts() { return kSeedYearlyDiscounts; }

PriceList parse_price_list(const ConfigNode& node, PriceList base) {
  if (!node.defined()) return base;
  node.expect_map();
  for (const auto& [name, entry] : node.entries()) {
    const GpuModelId id = find_gpu_model(name);
    if (id < 0) entry.fail("unknown GPU model '" + name + "' (known models: " + gpu_model_names() + ")");
    entry.expect_keys({"hourly", "monthly_server", "yearly_discount"});
    ModelPrices& prices = base.models[static_cast<std::size_t>(id)];
    if (entry.has("hourly")) prices.hourly_yuan_per_gpu = parse_price(entry.child("hourly"), "a price in yuan per GPU-hour");
    if (entry.has("monthly_server"))
      prices.monthly_yuan_per_server = parse_price(entry.child("monthly_server"), "a price in yuan per 8-GPU server-month");
    if (entry.has("yearly_discount")) {
      const ConfigNode discount = entry.child("yearly_discount");
      const double value = discount.as_double();
      if (!(value >= 0.0 && value < 1.0))
        discount.fail("must be a fraction within [0, 1), got '" + discount.text() + "'");
      prices.yearly_discount = value;
    }
  }
  return base;
}

SitePrices parse_site_prices(const ConfigNode& node) {
  SitePrices prices;
  if (!node.defined()) return prices;
  node.expect_keys({"default", "sites"});
  prices.base = parse_price_list(node.child("default"), PriceList::defaults());
  if (node.has("sites")) {
    const ConfigNode sites = node.child("sites");
    sites.expect_map();
    for (const auto& [site, list] : sites.entries()) prices.by_site.emplace(site, parse_price_list(list, prices.base));
  }
  return prices;
}

YAML::Node price_list_to_yaml(const PriceList& list) {
  YAML::Node root;
  const auto catalog = gpu_catalog();
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    YAML::Node model;
    model["hourly"] = list.models[i].hourly_yuan_per_gpu;
    model["monthly_server"] = list.models[i].monthly_yuan_per_server;
    model["yearly_discount"] = list.models[i].yearly_discount;
    root[catalog[i].name] = model;
  }
  return root;
}

}  // namespace aicn::topology
