// The power model and the brief's business figures (payback, broker margin).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/economics.hpp"

using namespace aicn::topology;
using aicn::config::ConfigError;
using aicn::config::ConfigNode;

TEST(Economics, briefPaybackCaseIsSixteenPointTwoMonths) {
  // 1.80 M yuan server, 5 years straight line, non-cash : cash = 60 : 40, rented at 180 yuan
  // per server-hour all year round.
  const double capex = 1.80e6;
  const double cash = annual_cash_cost_yuan(capex, 5.0, 0.4);
  EXPECT_NEAR(cash, 0.24e6, 1e-6);
  const double revenue = 180.0 * 24 * 365;
  EXPECT_NEAR(revenue, 1.5768e6, 1e-6);
  const double months = 12.0 * payback_years(capex, revenue, cash);
  EXPECT_NEAR(months, 16.2, 0.05);
}

TEST(Economics, defaultA100ServerReproducesTheBriefCase) {
  const Economics e = Economics::defaults();
  const GpuModelId a100 = find_gpu_model("A100-80GB");
  EXPECT_DOUBLE_EQ(e.server_capex_yuan(a100, 8), 1.80e6);
  const double revenue = e.gpu(a100).rent_yuan_per_gpu_hour * 8 * 24 * 365;
  const double cash = annual_cash_cost_yuan(1.80e6, e.business.depreciation_years, e.business.cash_cost_share);
  EXPECT_NEAR(12.0 * payback_years(1.80e6, revenue, cash), 16.2, 0.05);
}

TEST(Economics, brokerMarginIs431000YuanPerPflopsYear) {
  const Economics e = Economics::defaults();
  // One 8x A100 server = 312 x 8 / 1000 = 2.5 PFLOPS (the brief rounds 2.496 to 2.5).
  const double pflops = 312.0 * 8 / 1000;
  const double revenue = 180.0 * 24 * 365;
  const double margin = broker_margin_yuan_per_pflops_year(revenue, pflops, e.business.broker_buy_yuan_per_pflops_year);
  EXPECT_NEAR(revenue / pflops, 631000, 1000);
  EXPECT_NEAR(margin, 431000, 1000);
}

TEST(Economics, neverPaysBackWhenRevenueDoesNotCoverCashCost) {
  EXPECT_TRUE(std::isinf(payback_years(1.8e6, 0.2e6, 0.24e6)));
}

TEST(PowerModel, serverPowerIsLinearBetweenIdleAndBusy) {
  const Economics e = Economics::defaults();
  const GpuModelId h800 = find_gpu_model("H800");
  const double idle = e.server_power_w(h800, 8, 0);
  const double full = e.server_power_w(h800, 8, 8);
  EXPECT_DOUBLE_EQ(idle, 8 * 700 * 0.15 + 1000.0);
  EXPECT_DOUBLE_EQ(full, 8 * 700 + 2500.0);
  EXPECT_NEAR(e.server_power_w(h800, 8, 3), idle + 3.0 / 8 * (full - idle), 1e-9);
}

TEST(PowerModel, busyPowerIsTheTdpOfTheSpecTable) {
  // Reconcile the catalogue with gpu_specs.csv: the SXM/module row's TDP where the table has one.
  std::ifstream specs(std::string(AICN_SHARED_DATA_DIR) + "/gpu_specs/gpu_specs.csv");
  if (!specs) GTEST_SKIP() << "shared data folder not present";
  const Economics e = Economics::defaults();
  const std::map<std::string, std::string> csv_name{{"A100-80GB", "A100-80GB"}, {"A800-80GB", "A800-80GB"},
                                                    {"H100", "H100"}, {"H800", "H800"}, {"H20", "H20"},
                                                    {"H200", "H200"}, {"L40S", "L40S"}};
  std::string line;
  int checked = 0;
  std::set<std::string> seen;
  while (std::getline(specs, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("gpu,", 0) == 0) continue;
    std::stringstream cells(line);
    std::vector<std::string> f;
    std::string cell;
    while (std::getline(cells, cell, ',')) f.push_back(cell);
    if (f.size() < 8 || seen.count(f[0])) continue;  // first row of a model = its SXM/HGX form
    seen.insert(f[0]);
    for (const auto& [model, name] : csv_name) {
      if (name != f[0]) continue;
      EXPECT_DOUBLE_EQ(e.gpu(find_gpu_model(model)).busy_w, std::stod(f[7])) << model;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 7);
}

TEST(Economics, scenarioOverridesAndErrors) {
  const Economics e = parse_economics(ConfigNode::load_text(R"(
gpu_idle_fraction: 0.2
server_overhead_busy: 3kW
depreciation_years: 4
gpu_models:
  H800: {rent_per_gpu_hour: 50, server_capex: 2.5e6, idle_power: 90W}
)", "s.yaml"));
  const GpuModelId h800 = find_gpu_model("H800");
  EXPECT_DOUBLE_EQ(e.gpu(h800).rent_yuan_per_gpu_hour, 50);
  EXPECT_DOUBLE_EQ(e.gpu(h800).idle_w, 90);
  EXPECT_DOUBLE_EQ(e.gpu(find_gpu_model("A100-80GB")).idle_w, 80);
  EXPECT_DOUBLE_EQ(e.power.server_overhead_busy_w, 3000);
  EXPECT_DOUBLE_EQ(e.business.depreciation_years, 4);

  auto error_of = [](const std::string& yaml) {
    try {
      parse_economics(ConfigNode::load_text(yaml, "s.yaml"));
    } catch (const ConfigError& error) {
      return std::string(error.what());
    }
    return std::string();
  };
  std::string err = error_of("cash_cost_share: 1.0\n");
  EXPECT_NE(err.find("cash_cost_share"), std::string::npos) << err;
  err = error_of("gpu_models: {B200: {rent_per_gpu_hour: 1}}\n");
  EXPECT_NE(err.find("B200"), std::string::npos) << err;
  err = error_of("server_overhead_idle: lots\n");
  EXPECT_NE(err.find("server_overhead_idle"), std::string::npos) << err;
  err = error_of("gpu_models: {H20: {idle_power: 900W}}\n");
  EXPECT_NE(err.find("idle power must not exceed"), std::string::npos) << err;
}

TEST(Economics, resolvedFormReadsBackIdentically) {
  Economics e = Economics::defaults();
  e.gpus[0].idle_w = 400 * 0.15;  // not exactly representable in decimal
  const Economics again = parse_economics(ConfigNode(economics_to_yaml(e), "resolved"));
  for (std::size_t i = 0; i < e.gpus.size(); ++i) {
    EXPECT_EQ(again.gpus[i].busy_w, e.gpus[i].busy_w);
    EXPECT_EQ(again.gpus[i].idle_w, e.gpus[i].idle_w);
    EXPECT_EQ(again.gpus[i].rent_yuan_per_gpu_hour, e.gpus[i].rent_yuan_per_gpu_hour);
    EXPECT_EQ(again.gpus[i].server_capex_yuan, e.gpus[i].server_capex_yuan);
  }
}
