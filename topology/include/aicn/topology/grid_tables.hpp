#pragma once
/// @file grid_tables.hpp
/// Per-province reference tables compiled into the binary from topology/data/*.csv (see
/// topology/data/README.md for sources): the average grid CO2 factor and the coal-fired
/// generation benchmark tariff. Provinces are looked up by English name, case-insensitively.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aicn::topology {

/// Average grid CO2 factor of `province` for 2022 (the latest year in the table), kg CO2/kWh
/// (= t/MWh); nullopt when the province is not in the table.
std::optional<double> grid_co2_kg_per_kwh(std::string_view province);
/// The same for 2021.
std::optional<double> grid_co2_kg_per_kwh_2021(std::string_view province);
/// The table's name for `province` (canonical spelling), or "" when unknown.
std::string grid_region_name(std::string_view province);
/// Every province in the CO2 table, for error messages.
std::vector<std::string> grid_regions();

/// Coal-fired generation benchmark price of `province`, yuan/kWh; nullopt when not listed.
std::optional<double> coal_benchmark_yuan_per_kwh(std::string_view province);

}  // namespace aicn::topology
