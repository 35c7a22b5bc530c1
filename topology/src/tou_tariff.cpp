#include "aicn/topology/tou_tariff.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace aicn::topology {

ElectricityPrice ndrc_2021_time_of_use(double flat_yuan_per_kwh, double peak_valley_ratio) {
  const double k = (peak_valley_ratio - 1.0) / (peak_valley_ratio + 1.0);
  const double peak = flat_yuan_per_kwh * (1.0 + k), valley = flat_yuan_per_kwh * (1.0 - k);
  constexpr double h = 3600.0;
  return ElectricityPrice::time_of_use({{0 * h, valley},
                                        {7 * h, flat_yuan_per_kwh},
                                        {8 * h, peak},
                                        {11 * h, flat_yuan_per_kwh},
                                        {18 * h, peak},
                                        {23 * h, valley}});
}

std::optional<double> retail_level_yuan_per_kwh(std::string_view province) {
  struct Level {
    std::string_view province;
    double yuan_per_kwh;
  };
  // Issue 18's figures, quoted from the domain brief; see the header and docs/tou-tariffs.md.
  static constexpr std::array<Level, 4> kLevels{{
      {"guizhou", 0.34},         // Guizhou (Gui'an): about 0.34
      {"sichuan", 0.34},         // Ya'an: about 0.34
      {"inner mongolia", 0.38},  // Hohhot (Horinger): 0.38
      {"gansu", 0.39},           // Qingyang, coal power: 0.39 (renewable 0.10, not the grid tariff)
  }};
  std::string key(province);
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& level : kLevels)
    if (level.province == key) return level.yuan_per_kwh;
  return std::nullopt;
}

}  // namespace aicn::topology
