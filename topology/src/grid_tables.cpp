#include "aicn/topology/grid_tables.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>
#include <stdexcept>

namespace aicn::embedded {
const std::map<std::string, std::string>& builtin_data_tables();
}

namespace aicn::topology {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// Rows of a simple embedded CSV (no quoted commas): '#' lines and the header are skipped.
std::vector<std::vector<std::string>> csv_rows(const std::string& table) {
  const auto& tables = embedded::builtin_data_tables();
  const auto found = tables.find(table);
  if (found == tables.end()) throw std::logic_error("embedded data table " + table + " is missing");
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(found->second);
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> fields;
    std::istringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, ',')) fields.push_back(cell);
    rows.push_back(std::move(fields));
  }
  return rows;
}

struct Co2Row {
  std::string province;
  double factor_2021;
  double factor_2022;
};

/// Keyed by lower-case English province name.
const std::map<std::string, Co2Row>& co2_table() {
  static const std::map<std::string, Co2Row> table = [] {
    std::map<std::string, Co2Row> rows;
    // province_cn,province_en,factor_2021,factor_2022,hub_relevance
    for (const auto& f : csv_rows("provincial_grid_co2_factor_2021_2022"))
      if (f.size() >= 4) rows[lower(f[1])] = Co2Row{f[1], std::stod(f[2]), std::stod(f[3])};
    return rows;
  }();
  return table;
}

const std::map<std::string, double>& tariff_table() {
  static const std::map<std::string, double> table = [] {
    std::map<std::string, double> rows;
    // province_cn,province_en,coal_benchmark_yuan_per_kwh,...
    for (const auto& f : csv_rows("coal_benchmark_tariff_by_province"))
      if (f.size() >= 3) rows[lower(f[1])] = std::stod(f[2]);
    return rows;
  }();
  return table;
}

const Co2Row* find_co2(std::string_view province) {
  const auto& table = co2_table();
  const auto found = table.find(lower(province));
  return found == table.end() ? nullptr : &found->second;
}

}  // namespace

std::optional<double> grid_co2_kg_per_kwh(std::string_view province) {
  const Co2Row* row = find_co2(province);
  return row ? std::optional<double>(row->factor_2022) : std::nullopt;
}

std::optional<double> grid_co2_kg_per_kwh_2021(std::string_view province) {
  const Co2Row* row = find_co2(province);
  return row ? std::optional<double>(row->factor_2021) : std::nullopt;
}

std::string grid_region_name(std::string_view province) {
  const Co2Row* row = find_co2(province);
  return row ? row->province : std::string();
}

std::vector<std::string> grid_regions() {
  std::vector<std::string> names;
  for (const auto& [key, row] : co2_table()) names.push_back(row.province);
  return names;
}

std::optional<double> coal_benchmark_yuan_per_kwh(std::string_view province) {
  const auto& table = tariff_table();
  const auto found = table.find(lower(province));
  return found == table.end() ? std::nullopt : std::optional<double>(found->second);
}

}  // namespace aicn::topology
