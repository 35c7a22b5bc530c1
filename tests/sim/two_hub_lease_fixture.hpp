#pragma once
/// @file two_hub_lease_fixture.hpp
/// The two-hub platform and job stream that the lease and market simulation tests share
/// (tests/sim/lease_sim_test.cpp, tests/sim/market_sim_test.cpp): site `east` (hub E) has 16
/// A100s, `f1` (hub F) 8, joined by 100 Gbps at 10 ms.
///   job 0  E  t=0   8 GPUs 1000 s     job 3  F  t=3  8 GPUs 500 s
///   job 1  E  t=1   8 GPUs  100 s     job 4  F  t=4  8 GPUs 100 s
///   job 2  E  t=2  16 GPUs  100 s
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace aicn_test {

/// FLOPs that take `seconds` on `gpus` A100 at utilisation 0.5.
inline std::string two_hub_flops_for(int gpus, double seconds) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", gpus * 312e12 * 0.5 * seconds);
  return text;
}

/// A fresh folder for the running test, holding jobs.csv with the five jobs above.
inline std::filesystem::path two_hub_folder_with_jobs() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto dir = std::filesystem::temp_directory_path() / ("aicn-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "jobs.csv") << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n"
                                  << "0,training,E,0,A100-80GB,8," << two_hub_flops_for(8, 1000) << ",0.5,0\n"
                                  << "1,training,E,1,A100-80GB,8," << two_hub_flops_for(8, 100) << ",0.5,0\n"
                                  << "2,training,E,2,A100-80GB,16," << two_hub_flops_for(16, 100) << ",0.5,0\n"
                                  << "3,training,F,3,A100-80GB,8," << two_hub_flops_for(8, 500) << ",0.5,0\n"
                                  << "4,training,F,4,A100-80GB,8," << two_hub_flops_for(8, 100) << ",0.5,0\n";
  return dir;
}

/// The scenario lines both tests start from (after their `name:`), up to and including the prices.
inline const char* kTwoHubScenarioBody = R"(horizon: 1d
drain: true
layout:
  name: two-hubs
  hubs: [{name: E, side: east}, {name: F, side: east}]
  sites:
    - {name: east, hub: E, lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: 16}]}
    - {name: f1, hub: F, lat: 30.6, lon: 114.3, pools: [{gpu: A100-80GB, gpus: 8}]}
  links:
    - {between: [east, f1], bandwidth: 100Gbps, latency: 10ms}
workload: {source: aicn-csv, path: jobs.csv}
policy: local-first
prices: {default: {A100-80GB: {hourly: 20, monthly_server: 58400}}}
)";

}  // namespace aicn_test
