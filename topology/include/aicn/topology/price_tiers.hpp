#pragma once
/// @file price_tiers.hpp
/// What renting GPUs costs by term: per GPU model an hourly (on-demand, per GPU-hour), a
/// monthly (per 8-GPU server-month) and a yearly (12 monthly payments less a subscription
/// discount) price, with the seed's August 2024 cloud price table as the default and a
/// per-site price list a scenario can override. Pure arithmetic; docs/leasing.md gives every
/// default's source and marks the assumptions.
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/gpu_catalog.hpp"

namespace aicn::topology {

/// How a lease is billed. A month is 730 h (8760 / 12) and a year 8760 h, as the seed counts.
enum class PriceTier { HOURLY, MONTHLY, YEARLY };

inline constexpr double kHoursPerYear = 8760.0;
inline constexpr double kHoursPerMonth = kHoursPerYear / 12.0;
/// The seed prices monthly and yearly terms per 8-GPU server.
inline constexpr int kGpusPerPricedServer = 8;

/// "hourly", "monthly", "yearly".
const char* price_tier_name(PriceTier tier);
/// The tier called `name`, or false.
bool parse_price_tier(std::string_view name, PriceTier& tier);
/// The tier a lease of `term_s` is billed at: yearly from one year, monthly from one month,
/// hourly below (the longest whole tier the term reaches).
PriceTier tier_for_term(double term_s);

/// One GPU model's prices.
struct ModelPrices {
  double hourly_yuan_per_gpu = 0.0;      ///< on demand, per GPU-hour
  double monthly_yuan_per_server = 0.0;  ///< subscription, per 8-GPU server-month
  double yearly_discount = 0.0;          ///< yearly = 12 x monthly x (1 - discount)

  double yearly_yuan_per_server() const { return 12.0 * monthly_yuan_per_server * (1.0 - yearly_discount); }
  /// The tier's price per GPU-hour of the term (whether or not the GPU is used).
  double yuan_per_gpu_hour(PriceTier tier) const;
};

/// Prices of every catalogue model, indexed by GpuModelId.
struct PriceList {
  std::vector<ModelPrices> models;

  /// The seed's August 2024 table for the A100-80GB; the other models are ASSUMED (see the
  /// .cpp and docs/leasing.md).
  static PriceList defaults();
  const ModelPrices& at(GpuModelId id) const { return models.at(static_cast<std::size_t>(id)); }
  /// What `gpus` GPUs of `model` cost for `term_s` at `tier` (pro rata within a month/year).
  double lease_yuan(PriceTier tier, GpuModelId model, int gpus, double term_s) const;
};

/// The default list plus per-site lists (each the default with the site's overrides).
struct SitePrices {
  PriceList base = PriceList::defaults();
  std::map<std::string, PriceList, std::less<>> by_site;

  const PriceList& for_site(std::string_view site) const;
};

/// One row of the seed's table "部分云服务厂商GPU计算型云服务器售价对表（截至2024.8.15）", kept
/// as transcribed (NaN where the seed shows "-") so tests can check the transcription.
struct SeedPriceRow {
  const char* gpu;           ///< the seed's model, e.g. "A100 80GB NVLink"
  double hourly[5];          ///< yuan per GPU-hour: Alibaba, Baidu, Volcano, Tencent, Tianyi
  double hourly_mean;        ///< the seed's 均值 column
  double monthly_10k[5];     ///< 10,000 yuan per 8-GPU server-month, same providers
  double monthly_mean_10k;   ///< the seed's 均值 column
};
std::span<const SeedPriceRow> seed_price_table();
/// The seed's yearly subscription discounts (8.5折, 8.3折, 8.3折, -, 8.5折), as fractions off.
std::span<const double> seed_yearly_discounts();

/// Reads `{MODEL: {hourly: Y, monthly_server: Y, yearly_discount: F}, ...}` over `base`;
/// errors name file, line, key and value.
PriceList parse_price_list(const config::ConfigNode& node, PriceList base);
/// Reads `{default: PRICE_LIST, sites: {SITE: PRICE_LIST}}`; each site's list starts from the
/// (overridden) default. Site names are not checked here (the caller knows the layout).
SitePrices parse_site_prices(const config::ConfigNode& node);
/// Every value explicit.
YAML::Node price_list_to_yaml(const PriceList& list);

}  // namespace aicn::topology
