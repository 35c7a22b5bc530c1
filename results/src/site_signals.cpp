#include "aicn/results/site_signals.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cstring>
#include <string>

#include "aicn/workloads/random_streams.hpp"
#include "aicn/workloads/series_reader.hpp"

namespace aicn::results {

SiteSignals::SiteSignals(const topology::Layout& layout) : layout_(layout) {
  for (const auto& site : layout.sites) {
    carbon_g_per_kwh_.push_back(site.energy.carbon_series
                                    ? std::optional(workloads::read_time_series(*site.energy.carbon_series,
                                                                                "carbon intensity gCO2e/kWh"))
                                    : std::nullopt);
    price_yuan_per_kwh_.push_back(site.energy.price_series
                                      ? std::optional(workloads::read_time_series(*site.energy.price_series,
                                                                                  "electricity price yuan/kWh"))
                                      : std::nullopt);
    green_share_.push_back(site.energy.green_share_series
                               ? std::optional(workloads::read_time_series(*site.energy.green_share_series,
                                                                           "green share of facility energy", 1.0))
                               : std::nullopt);
  }
}

const topology::TimeSeries* SiteSignals::carbon_series(int site) const {
  const auto& series = carbon_g_per_kwh_[static_cast<std::size_t>(site)];
  return series ? &*series : nullptr;
}

const topology::TimeSeries* SiteSignals::price_series(int site) const {
  const auto& series = price_yuan_per_kwh_[static_cast<std::size_t>(site)];
  return series ? &*series : nullptr;
}

const topology::TimeSeries* SiteSignals::green_share_series(int site) const {
  const auto& series = green_share_[static_cast<std::size_t>(site)];
  return series ? &*series : nullptr;
}

double SiteSignals::green_share_at(int site, double t_s) const {
  if (const auto* series = green_share_series(site)) return series->at(t_s);
  return layout_.sites[static_cast<std::size_t>(site)].energy.green_share;
}

double SiteSignals::next_green_share_change_after(int site, double t_s) const {
  if (const auto* series = green_share_series(site)) return series->next_change_after(t_s);
  return topology::kNever;
}

double SiteSignals::price_at(int site, double t_s) const {
  if (const auto* series = price_series(site)) return series->at(t_s);
  return layout_.sites[static_cast<std::size_t>(site)].energy.price.at(t_s);
}

double SiteSignals::co2_kg_per_kwh_at(int site, double t_s) const {
  if (const auto* series = carbon_series(site)) return series->at(t_s) / 1000.0;
  return layout_.sites[static_cast<std::size_t>(site)].energy.grid_co2_kg_per_kwh;
}

double SiteSignals::next_price_change_after(int site, double t_s) const {
  if (const auto* series = price_series(site)) return series->next_change_after(t_s);
  return layout_.sites[static_cast<std::size_t>(site)].energy.price.next_change_after(t_s);
}

double SiteSignals::next_carbon_change_after(int site, double t_s) const {
  if (const auto* series = carbon_series(site)) return series->next_change_after(t_s);
  return topology::kNever;
}

namespace {
double known_until(const topology::TimeSeries* series) {
  return series != nullptr && series->spec().after_end == topology::SeriesSpec::AfterEnd::FAIL ? series->end_s()
                                                                                               : topology::kNever;
}
}  // namespace

double SiteSignals::price_known_until(int site) const { return known_until(price_series(site)); }
double SiteSignals::carbon_known_until(int site) const { return known_until(carbon_series(site)); }

bool SiteSignals::carbon_known(int site) const {
  return carbon_series(site) != nullptr || !layout_.sites[static_cast<std::size_t>(site)].energy.carbon_region.empty();
}

void SiteSignals::require_until(double end_s) const {
  for (const auto& series : carbon_g_per_kwh_)
    if (series) series->require_covers(end_s);
  for (const auto& series : price_yuan_per_kwh_)
    if (series) series->require_covers(end_s);
  for (const auto& series : green_share_)
    if (series) series->require_covers(end_s);
}

double ForecastError::apply(double actual, int site, const char* what, double t_s) const {
  if (relative_error <= 0.0) return actual;
  // One engine per forecast point, seeded from the scenario seed and the point itself.
  std::uint64_t bits = 0;
  std::memcpy(&bits, &t_s, sizeof bits);
  workloads::RandomEngine engine =
      workloads::make_stream(seed, "forecast/" + std::string(what) + "/" + std::to_string(site) + "/" + std::to_string(bits));
  boost::random::normal_distribution<double> normal(0.0, relative_error);
  return actual * std::max(0.0, 1.0 + normal(engine));
}

}  // namespace aicn::results
