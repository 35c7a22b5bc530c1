// EnergyAccountant with a site's carbon or price series: intervals break at the series' rows
// and each piece is charged the series' exact value (step) or segment mean (linear). Expected
// figures are hand calculations: energy of each piece (server power x seconds) x its value.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "aicn_test_support.hpp"
#include "aicn/results/energy_accountant.hpp"
#include "aicn/topology/layout_loader.hpp"

using namespace aicn;
using aicn::config::ConfigNode;

namespace {

/// One site of one 8-GPU A100 server (PUE 1.0, no green power) with `electricity` keys.
topology::Layout one_site(const std::string& electricity) {
  const std::string yaml = R"(
name: t
hubs: [{name: E, side: east}]
sites:
  - name: a
    hub: E
    province: Hebei
    lat: 40.8
    lon: 115
    pue: 1.0
    electricity: {)" + electricity + R"(}
    pools: [{gpu: A100-80GB, gpus: 8}]
links: []
)";
  return topology::parse_layout(ConfigNode::load_text(yaml, "test.yaml"));
}

std::string write_series(const std::string& text) {
  const auto path = aicn_test::test_scratch() / "series.csv";
  std::ofstream(path) << text;
  return path.string();
}

void expect_relative(double actual, double expected, double tolerance = 1e-12) {
  EXPECT_NEAR(actual, expected, std::abs(expected) * tolerance) << "expected " << expected;
}

}  // namespace

TEST(SeriesAccounting, twoHourJobAcrossThreeStepsEmitsTheHandSum) {
  // 100 g/kWh in hour 0, 400 in hour 1, 250 in hour 2. The server idles 0-0.5 h, runs 8 GPUs
  // from 0.5 h to 2.5 h, and the run ends at 2.5 h.
  const std::string file = write_series("time,g\n0,100\n3600,400\n7200,250\n");
  const auto layout = one_site("price: 0.5, carbon_series: {file: " + file + ", interpolation: step}");
  const auto economics = topology::Economics::defaults();
  const auto a100 = topology::find_gpu_model("A100-80GB");
  const topology::NetworkGraph graph(layout);
  results::EnergyAccountant accountant(layout, economics, graph);
  accountant.set_busy(0, 0, 1800.0, 8);
  const auto summary = accountant.finish(9000.0);
  const double idle_kw = economics.server_power_w(a100, 8, 0) / 1000.0;
  const double busy_kw = economics.server_power_w(a100, 8, 8) / 1000.0;
  // kg = kW x h x g/kWh / 1000: idle 0.5 h at 100; busy 0.5 h at 100, 1 h at 400, 0.5 h at 250.
  const double kg = (idle_kw * 0.5 * 100 + busy_kw * (0.5 * 100 + 1.0 * 400 + 0.5 * 250)) / 1000.0;
  expect_relative(summary.sites[0].co2_t, kg / 1000.0);
  // The factor reported is the one charged on average: kg / grid kWh.
  expect_relative(summary.sites[0].grid_co2_kg_per_kwh, kg / (idle_kw * 0.5 + busy_kw * 2.0));
  // The price is the layout's flat 0.5 yuan/kWh, untouched by the carbon series.
  expect_relative(summary.sites[0].electricity_cost_yuan, 0.5 * (idle_kw * 0.5 + busy_kw * 2.0));
}

TEST(SeriesAccounting, linearSeriesIsIntegratedExactly) {
  // 0 g/kWh at 0 rising to 360 at 1 h, held (after_end: fail) over the last hour. The server
  // runs 8 GPUs throughout; the run ends at 1.5 h: mean 180 over hour 0, 360 over the half hour.
  const std::string file = write_series("0,0\n3600,360\n");
  const auto layout = one_site("price: 0.5, carbon_series: {file: " + file + ", interpolation: linear}");
  const auto economics = topology::Economics::defaults();
  const auto a100 = topology::find_gpu_model("A100-80GB");
  const topology::NetworkGraph graph(layout);
  results::EnergyAccountant accountant(layout, economics, graph);
  accountant.set_busy(0, 0, 0.0, 8);
  const auto summary = accountant.finish(5400.0);
  const double busy_kw = economics.server_power_w(a100, 8, 8) / 1000.0;
  expect_relative(summary.sites[0].co2_t, busy_kw * (1.0 * 180 + 0.5 * 360) / 1e6);
}

TEST(SeriesAccounting, priceSeriesSetsTheCostAndLoops) {
  // 0.2 yuan/kWh in hour 0 and 0.8 in hour 1, looping every 2 h; busy 8 GPUs over 0-5 h:
  // hours at 0.2, 0.8, 0.2, 0.8, 0.2.
  const std::string file = write_series("0,0.2\n3600,0.8\n");
  const auto layout = one_site("price_series: {file: " + file + ", after_end: loop}");
  const auto economics = topology::Economics::defaults();
  const auto a100 = topology::find_gpu_model("A100-80GB");
  const topology::NetworkGraph graph(layout);
  results::EnergyAccountant accountant(layout, economics, graph);
  accountant.set_busy(0, 0, 0.0, 8);
  const auto rows = accountant.sample_rows(3600.0 + 10.0);
  EXPECT_DOUBLE_EQ(rows[0].price_yuan_per_kwh, 0.8);
  const auto summary = accountant.finish(5 * 3600.0);
  const double busy_kw = economics.server_power_w(a100, 8, 8) / 1000.0;
  expect_relative(summary.sites[0].electricity_cost_yuan, busy_kw * (3 * 0.2 + 2 * 0.8));
  expect_relative(summary.sites[0].mean_price_yuan_per_kwh, (3 * 0.2 + 2 * 0.8) / 5.0);
}

TEST(SeriesAccounting, runPastTheEndOfAFailSeriesIsAnError) {
  const std::string file = write_series("0,100\n3600,200\n");  // covers [0, 2 h)
  const auto layout = one_site("price: 0.5, carbon_series: {file: " + file + ", after_end: fail}");
  const auto economics = topology::Economics::defaults();
  const topology::NetworkGraph graph(layout);
  {
    results::EnergyAccountant accountant(layout, economics, graph);
    EXPECT_NO_THROW(accountant.finish(7200.0));  // exactly the covered span
  }
  results::EnergyAccountant accountant(layout, economics, graph);
  try {
    accountant.finish(7300.0);
    FAIL() << "no error past the end";
  } catch (const topology::SeriesRangeError& e) {
    EXPECT_NE(std::string(e.what()).find(file + ": the series covers 0 s to 7200 s"), std::string::npos) << e.what();
  }
}

TEST(SeriesAccounting, aBadSeriesFileFailsWhenTheAccountantIsBuilt) {
  const std::string file = write_series("0,100\n3600,x\n");
  const auto layout = one_site("price: 0.5, carbon_series: {file: " + file + "}");
  const auto economics = topology::Economics::defaults();
  const topology::NetworkGraph graph(layout);
  try {
    results::EnergyAccountant accountant(layout, economics, graph);
    FAIL() << "no error for a bad row";
  } catch (const config::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), file + ":2: column 2 (carbon intensity gCO2e/kWh): must be a finite number of zero or more, got 'x'");
  }
}

TEST(SeriesAccounting, badSeriesKeysAreConfigErrors) {
  EXPECT_THROW(one_site("carbon_series: {file: x.csv, interpolation: cubic}"), config::ConfigError);
  EXPECT_THROW(one_site("carbon_series: {file: x.csv, after_end: clamp}"), config::ConfigError);
  EXPECT_THROW(one_site("carbon_series: {file: x.csv, origin: yesterday}"), config::ConfigError);
  EXPECT_THROW(one_site("carbon_series: {interpolation: step}"), config::ConfigError);
}
