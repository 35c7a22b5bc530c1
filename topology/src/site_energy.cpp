#include "aicn/topology/site_energy.hpp"

#include "aicn/topology/tou_tariff.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <regex>

#include "aicn/topology/grid_tables.hpp"

namespace aicn::topology {

/// std::fmod(t_s, period) for a whole-second period, exactly, without fmod's bit-by-bit
/// loop: the energy books ask for the time of day several times per job. For 0 <= t < 2^52,
/// floor(t / period) is the true quotient or one more (when the division rounds up to an
/// integer), and t - q x period is then exact (q x period is an integer, t a multiple of its
/// own ulp <= 1), so one correction gives fmod's result to the bit. Anything else: fmod.
double time_remainder(double t_s, double period) {
  if (!(t_s >= 0.0 && t_s < 0x1p52)) return std::fmod(t_s, period);
  const double r = t_s - period * std::floor(t_s / period);
  return r < 0.0 ? r + period : r;
}

namespace {

using config::ConfigNode;

constexpr std::array<int, 12> kDaysInMonth{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

/// Day of the year, 0..364, and seconds into that day.
double second_of_year(double t_s) {
  const double s = time_remainder(t_s, kSecondsPerYear);
  return s < 0 ? s + kSecondsPerYear : s;
}

double second_of_day(double t_s) {
  const double s = time_remainder(t_s, kSecondsPerDay);
  return s < 0 ? s + kSecondsPerDay : s;
}

/// Start of month `m` (0..11) in seconds from the start of the year.
double month_start_in_year(int m) {
  int days = 0;
  for (int i = 0; i < m; ++i) days += kDaysInMonth[static_cast<std::size_t>(i)];
  return days * kSecondsPerDay;
}

std::string format_hhmm(double seconds) {
  const long minutes = std::lround(seconds / 60.0);
  char text[48];
  std::snprintf(text, sizeof text, "%02ld:%02ld", minutes / 60, minutes % 60);
  return text;
}

double parse_pue_value(const ConfigNode& node) {
  const double pue = node.as_double();
  if (!(pue >= 1.0)) node.fail("PUE is facility power over IT power and cannot be below 1, got '" + node.text() + "'");
  return pue;
}

PueProfile parse_pue(const ConfigNode& node) {
  if (!node.defined()) return PueProfile::constant(1.0);
  if (!node.is_map()) return PueProfile::constant(parse_pue_value(node));
  node.expect_keys({"monthly", "hourly"});
  if (node.has("monthly") == node.has("hourly"))
    node.fail("a PUE profile is either {monthly: [12 values]} or {hourly: [24 values]}");
  const bool monthly = node.has("monthly");
  const ConfigNode list = node.child(monthly ? "monthly" : "hourly");
  const std::size_t expected = monthly ? 12 : 24;
  const auto elements = list.elements();
  if (elements.size() != expected)
    list.fail("needs " + std::to_string(expected) + " values, got " + std::to_string(elements.size()));
  std::vector<double> values;
  for (const auto& element : elements) values.push_back(parse_pue_value(element));
  return monthly ? PueProfile::monthly(std::move(values)) : PueProfile::hourly(std::move(values));
}

double parse_price_value(const ConfigNode& node) {
  const double price = node.as_double();
  if (!(price >= 0.0) || !std::isfinite(price))
    node.fail("an electricity price is yuan/kWh, zero or more, got '" + node.text() + "'");
  return price;
}

ElectricityPrice parse_time_of_use(const ConfigNode& node) {
  std::vector<TariffPeriod> periods;
  for (const auto& element : node.elements()) {
    element.expect_keys({"from", "price"});
    TariffPeriod period;
    const ConfigNode from = element.required("from");
    period.from_s = parse_time_of_day_s(from);
    period.yuan_per_kwh = parse_price_value(element.required("price"));
    if (periods.empty() && period.from_s != 0.0) from.fail("the first time-of-use period must start at 00:00, got '" + from.text() + "'");
    if (!periods.empty() && period.from_s <= periods.back().from_s)
      from.fail("time-of-use periods must be in increasing order of 'from', got '" + from.text() + "' after " +
                format_hhmm(periods.back().from_s));
    periods.push_back(period);
  }
  if (periods.empty()) node.fail("a time-of-use schedule needs at least one period");
  return ElectricityPrice::time_of_use(std::move(periods));
}

/// `tariff: ndrc-2021` or `tariff: {rule: ndrc-2021, flat: 0.38, peak_valley_ratio: 4}`: a
/// daily schedule by the NDRC 2021 rule (tou_tariff.hpp); the flat level defaults to the
/// province's retail level where one is known. Sets `source` to say where it came from.
ElectricityPrice parse_tariff(const ConfigNode& node, const std::string& province, std::string& source) {
  const ConfigNode rule = node.is_map() ? node.required("rule") : node;
  if (node.is_map()) node.expect_keys({"rule", "flat", "peak_valley_ratio"});
  if (rule.as_string() != "ndrc-2021") rule.fail("unknown tariff rule '" + rule.as_string() + "' (known: ndrc-2021)");
  double flat = 0.0;
  std::string flat_source;
  if (node.is_map() && node.has("flat")) {
    flat = parse_price_value(node.child("flat"));
    flat_source = "flat level from the layout";
  } else if (const auto level = retail_level_yuan_per_kwh(province)) {
    flat = *level;
    flat_source = "flat level of " + province + " as quoted in issue 18";
  } else {
    node.fail("no built-in retail level for province '" + province +
              "' (known: Guizhou, Sichuan, Inner Mongolia, Gansu): give tariff: {rule: ndrc-2021, flat: YUAN_PER_KWH}");
  }
  double ratio = kNdrcMinimumRatio;
  if (node.is_map() && node.has("peak_valley_ratio")) {
    const ConfigNode given = node.child("peak_valley_ratio");
    ratio = given.as_double();
    if (!(ratio >= 1.0) || !std::isfinite(ratio))
      given.fail("a peak-to-valley ratio is 1 or more (the NDRC rule asks for at least 3, or 4 where the "
                 "peak-valley load gap exceeds 40 %), got '" + given.text() + "'");
  }
  char text[160];
  std::snprintf(text, sizeof text, "NDRC 2021 time-of-use rule (%s: %.4g yuan/kWh, peak:valley %g:1)",
                flat_source.c_str(), flat, ratio);
  source = text;
  return ndrc_2021_time_of_use(flat, ratio);
}

}  // namespace

int month_of(double t_s) {
  const double s = second_of_year(t_s);
  int m = 0;
  while (m < 11 && s >= month_start_in_year(m + 1)) ++m;
  return m;
}

double next_month_start(double t_s) {
  const double year_start = t_s - second_of_year(t_s);
  const int m = month_of(t_s);
  return year_start + (m == 11 ? kSecondsPerYear : month_start_in_year(m + 1));
}

ElectricityPrice ElectricityPrice::flat(double yuan_per_kwh) {
  ElectricityPrice price;
  price.periods_ = {TariffPeriod{0.0, yuan_per_kwh}};
  return price;
}

ElectricityPrice ElectricityPrice::time_of_use(std::vector<TariffPeriod> periods) {
  ElectricityPrice price;
  price.periods_ = std::move(periods);
  return price;
}

double ElectricityPrice::at(double t_s) const {
  if (is_flat()) return periods_.front().yuan_per_kwh;  // the one period starts at 00:00
  const double s = second_of_day(t_s);
  double price = periods_.front().yuan_per_kwh;
  for (const auto& period : periods_)
    if (s >= period.from_s) price = period.yuan_per_kwh;
  return price;
}

double ElectricityPrice::next_change_after(double t_s) const {
  if (is_flat()) return kNever;
  const double day_start = t_s - second_of_day(t_s);
  for (const auto& period : periods_)
    if (day_start + period.from_s > t_s) return day_start + period.from_s;
  return day_start + kSecondsPerDay;
}

double ElectricityPrice::daily_mean() const {
  double sum = 0.0;
  for (std::size_t i = 0; i < periods_.size(); ++i) {
    const double end = i + 1 < periods_.size() ? periods_[i + 1].from_s : kSecondsPerDay;
    sum += periods_[i].yuan_per_kwh * (end - periods_[i].from_s);
  }
  return sum / kSecondsPerDay;
}

PueProfile PueProfile::constant(double pue) {
  PueProfile profile;
  profile.values_ = {pue};
  return profile;
}

PueProfile PueProfile::monthly(std::vector<double> values) {
  PueProfile profile;
  profile.kind_ = Kind::MONTHLY;
  profile.values_ = std::move(values);
  return profile;
}

PueProfile PueProfile::hourly(std::vector<double> values) {
  PueProfile profile;
  profile.kind_ = Kind::HOURLY;
  profile.values_ = std::move(values);
  return profile;
}

double PueProfile::at(double t_s) const {
  switch (kind_) {
    case Kind::MONTHLY: return values_[static_cast<std::size_t>(month_of(t_s))];
    case Kind::HOURLY: return values_[std::min<std::size_t>(23, static_cast<std::size_t>(second_of_day(t_s) / 3600.0))];
    case Kind::CONSTANT: break;
  }
  return values_.front();
}

double PueProfile::next_change_after(double t_s) const {
  switch (kind_) {
    case Kind::MONTHLY: return next_month_start(t_s);
    case Kind::HOURLY: return t_s - second_of_day(t_s) + (std::floor(second_of_day(t_s) / 3600.0) + 1.0) * 3600.0;
    case Kind::CONSTANT: break;
  }
  return kNever;
}

double PueProfile::mean() const {
  double sum = 0.0;
  switch (kind_) {
    case Kind::MONTHLY:
      for (std::size_t m = 0; m < 12; ++m) sum += values_[m] * kDaysInMonth[m];
      return sum / 365.0;
    case Kind::HOURLY:
      for (double value : values_) sum += value;
      return sum / 24.0;
    case Kind::CONSTANT: break;
  }
  return values_.front();
}

double parse_time_of_day_s(const ConfigNode& node) {
  static const std::regex kHhMm("([01][0-9]|2[0-3]):([0-5][0-9])");
  const std::string text = node.as_string();
  std::smatch match;
  if (!std::regex_match(text, match, kHhMm)) node.fail("a time of day is \"HH:MM\" from 00:00 to 23:59, got '" + text + "'");
  return std::stoi(match[1].str()) * 3600.0 + std::stoi(match[2].str()) * 60.0;
}

SiteEnergy parse_site_energy(const ConfigNode& pue, const ConfigNode& electricity, const std::string& province) {
  SiteEnergy energy;
  energy.pue = parse_pue(pue);
  std::string region = province;
  if (electricity.defined()) {
    electricity.expect_keys({"price", "time_of_use", "tariff", "green_share", "carbon_region", "carbon_series", "price_series",
                             "green_share_series"});
    // A series file named relative to the layout is found beside it (a built-in layout has no
    // directory: relative to the working directory).
    std::error_code error;
    const std::filesystem::path origin(electricity.file());
    const std::string base_dir = std::filesystem::is_regular_file(origin, error) ? std::filesystem::absolute(origin).parent_path().string() : "";
    if (electricity.has("carbon_series")) energy.carbon_series = parse_series_spec(electricity.child("carbon_series"), base_dir);
    if (electricity.has("price_series")) energy.price_series = parse_series_spec(electricity.child("price_series"), base_dir);
    if (electricity.has("green_share_series"))
      energy.green_share_series = parse_series_spec(electricity.child("green_share_series"), base_dir);
    if (int(electricity.has("price")) + int(electricity.has("time_of_use")) + int(electricity.has("tariff")) > 1)
      electricity.fail("give one of 'price' (flat), 'time_of_use' (a schedule) or 'tariff' (a rule), not several");
    if (electricity.has("price")) {
      energy.price = ElectricityPrice::flat(parse_price_value(electricity.child("price")));
      energy.price_source = "layout";
    } else if (electricity.has("time_of_use")) {
      energy.price = parse_time_of_use(electricity.child("time_of_use"));
      energy.price_source = "layout";
    } else if (electricity.has("tariff")) {
      energy.price = parse_tariff(electricity.child("tariff"), province, energy.price_source);
    }
    if (electricity.has("green_share")) {
      const ConfigNode share = electricity.child("green_share");
      energy.green_share = share.as_double();
      if (!(energy.green_share >= 0.0 && energy.green_share <= 1.0))
        share.fail("green_share is a fraction of the site's energy, within [0, 1], got '" + share.text() + "'");
    }
    if (electricity.has("carbon_region")) {
      const ConfigNode node = electricity.child("carbon_region");
      region = node.as_string();
      if (!grid_co2_kg_per_kwh(region)) {
        std::string names;
        for (const auto& name : grid_regions()) names += (names.empty() ? "" : ", ") + name;
        node.fail("unknown carbon region '" + region + "' (known provinces: " + names + ")");
      }
    }
  }
  // A province missing from the CO2 table (or no province) leaves the region unknown: the run
  // warns and counts no carbon for the site rather than guessing.
  if (const auto factor = grid_co2_kg_per_kwh(region)) {
    energy.carbon_region = grid_region_name(region);
    energy.grid_co2_kg_per_kwh = *factor;
  }
  if (energy.price_source.empty()) {
    const std::string tariff_province = province.empty() ? energy.carbon_region : province;
    if (const auto tariff = coal_benchmark_yuan_per_kwh(tariff_province)) {
      energy.price = ElectricityPrice::flat(*tariff);
      energy.price_source = "coal benchmark tariff (" + tariff_province + ")";
    }
  }
  return energy;
}

void write_site_energy(const SiteEnergy& energy, YAML::Node& site) {
  switch (energy.pue.kind()) {
    case PueProfile::Kind::CONSTANT: site["pue"] = energy.pue.values().front(); break;
    case PueProfile::Kind::MONTHLY: site["pue"]["monthly"] = energy.pue.values(); break;
    case PueProfile::Kind::HOURLY: site["pue"]["hourly"] = energy.pue.values(); break;
  }
  YAML::Node electricity;
  if (!energy.price_source.empty()) {
    if (energy.price.is_flat()) {
      electricity["price"] = energy.price.periods().front().yuan_per_kwh;
    } else {
      for (const auto& period : energy.price.periods()) {
        YAML::Node p;
        p["from"] = format_hhmm(period.from_s);
        p["price"] = period.yuan_per_kwh;
        electricity["time_of_use"].push_back(p);
      }
    }
  }
  electricity["green_share"] = energy.green_share;
  if (!energy.carbon_region.empty()) electricity["carbon_region"] = energy.carbon_region;
  const auto write_series = [&](const char* key, const std::optional<SeriesSpec>& spec) {
    if (!spec) return;
    YAML::Node node;
    node["file"] = std::filesystem::absolute(spec->file).lexically_normal().string();
    node["interpolation"] = spec->interpolation == SeriesSpec::Interpolation::STEP ? "step" : "linear";
    node["after_end"] = spec->after_end == SeriesSpec::AfterEnd::LOOP ? "loop" : "fail";
    if (!spec->origin.empty()) node["origin"] = spec->origin;
    electricity[key] = node;
  };
  write_series("carbon_series", energy.carbon_series);
  write_series("price_series", energy.price_series);
  write_series("green_share_series", energy.green_share_series);
  site["electricity"] = electricity;
}

}  // namespace aicn::topology
