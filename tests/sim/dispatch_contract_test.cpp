// The dispatch contract inside a running simulation: invalid decisions are counted and the
// job rejected with the reason, and the optional periodic tick asks the policy again.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/results/trace_reader.hpp"
#include "aicn_test_support.hpp"

using namespace aicn;

namespace {

/// Places job 0 on a pool that does not exist, job 1 on a site that does not exist, and
/// decides twice on every other job (the second decision is invalid).
class BadDecisions final : public policy::DispatchPolicy {
 public:
  std::vector<policy::Decision> decide(const policy::ClusterView&,
                                       std::span<const workloads::Job* const> pending) override {
    std::vector<policy::Decision> decisions;
    for (const auto* job : pending) {
      if (job->id == 0) decisions.push_back(policy::Decision::place(job->id, 0, 5));
      else if (job->id == 1) decisions.push_back(policy::Decision::place(job->id, 9, 0));
      else {
        decisions.push_back(policy::Decision::place(job->id, 0, 0));
        decisions.push_back(policy::Decision::place(job->id, 0, 0));
      }
    }
    return decisions;
  }
};

/// Holds every job until the periodic tick, then places it at site 0.
class WaitForTick final : public policy::DispatchPolicy {
 public:
  std::vector<policy::Decision> decide(const policy::ClusterView& view,
                                       std::span<const workloads::Job* const> pending) override {
    std::vector<policy::Decision> decisions;
    for (const auto* job : pending)
      decisions.push_back(view.trigger == policy::DispatchTrigger::TICK ? policy::Decision::place(job->id, 0, 0)
                                                                        : policy::Decision::hold(job->id));
    return decisions;
  }
};

}  // namespace

AICN_REGISTER_POLICY(BadDecisions, "test-bad-decisions", "test only: makes invalid decisions")
AICN_REGISTER_POLICY(WaitForTick, "test-wait-for-tick", "test only: places jobs on the periodic tick only")

namespace {

std::filesystem::path test_dir() { return aicn_test::test_folder(); }

sim::Scenario one_site_scenario(const std::string& policy, const std::string& extra) {
  const auto dir = test_dir();
  std::ofstream csv(dir / "jobs.csv");
  csv << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n";
  for (int i = 0; i < 4; ++i) csv << i << ",training,E," << 100 * i + 7 << ",A100-80GB,1,1.56e14,0.5,0\n";  // 1 s each
  csv.close();
  std::ofstream(dir / "scenario.yaml") << "name: contract\nhorizon: 1d\ndrain: true\n" << extra
                                       << R"(layout:
  name: one-site
  hubs: [{name: E, side: east}]
  sites: [{name: east, hub: E, lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: 8}]}]
  links: []
workload: {source: aicn-csv, path: jobs.csv}
policy: )" << policy << "\n";
  return sim::load_scenario_file((dir / "scenario.yaml").string());
}

}  // namespace

TEST(DispatchContract, invalidDecisionsAreCountedAndTheirJobsRejected) {
  sim::RunOptions options;
  options.out_dir = (test_dir() / "out").string();
  const auto result = sim::run_simulation(one_site_scenario("test-bad-decisions", ""), options);
  // Jobs 0 and 1: one invalid placement each; jobs 2 and 3: one duplicate decision each.
  EXPECT_EQ(result.summary.invalid_decisions, 4u);
  EXPECT_EQ(result.summary.jobs_rejected, 2u);
  EXPECT_EQ(result.summary.jobs_finished, 2u);
}

TEST(DispatchContract, thePeriodicTickAsksThePolicyAgain) {
  sim::RunOptions options;
  options.out_dir = (test_dir() / "out").string();
  const auto result = sim::run_simulation(one_site_scenario("test-wait-for-tick", "dispatch_tick: 60s\n"), options);
  ASSERT_EQ(result.summary.jobs_finished, 4u);
  for (const auto& row : results::read_job_rows(result.trace_path)) {
    EXPECT_DOUBLE_EQ(std::fmod(row.start_s, 60.0), 0.0) << "job " << row.id << " started at " << row.start_s;
    EXPECT_GT(row.start_s, row.submit_s);
  }
}

TEST(DispatchContract, withoutATickHeldJobsStayUnfinished) {
  sim::RunOptions options;
  options.out_dir = (test_dir() / "out").string();
  const auto result = sim::run_simulation(one_site_scenario("test-wait-for-tick", ""), options);
  EXPECT_EQ(result.summary.jobs_finished, 0u);
  EXPECT_EQ(result.summary.jobs_unfinished, 4u);
}
