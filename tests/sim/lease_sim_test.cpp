// Leases in the runtime (topology/lease.hpp, sim/src/lease_runtime.*): a lease blocks exactly
// its GPUs for its term, its lessee's jobs run on it, and the books bill its tier. Two sites,
// jobs from a CSV, every time and figure worked by hand below.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <H5Cpp.h>
#include <nlohmann/json.hpp>

#include "aicn/results/trace_reader.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "two_hub_lease_fixture.hpp"

using namespace aicn;

namespace {


struct LeasedRun {
  std::vector<results::NamedJobRow> jobs;
  nlohmann::json summary;
  std::vector<std::pair<std::string, double>> books;  ///< /leasing/books: name, lease revenue
};

/// The name and lease revenue of every row of the trace's /leasing/books.
std::vector<std::pair<std::string, double>> read_books(const std::string& trace) {
  struct Row {
    char* name;
    double lease_revenue_yuan;
  };
  H5::StrType text(H5::PredType::C_S1, H5T_VARIABLE);
  H5::CompType type(sizeof(Row));
  type.insertMember("name", HOFFSET(Row, name), text);
  type.insertMember("lease_revenue_yuan", HOFFSET(Row, lease_revenue_yuan), H5::PredType::NATIVE_DOUBLE);
  H5::H5File file(trace, H5F_ACC_RDONLY);
  H5::DataSet dataset = file.openDataSet("/leasing/books");
  hsize_t size[1] = {0};
  dataset.getSpace().getSimpleExtentDims(size);
  std::vector<Row> rows(size[0]);
  dataset.read(rows.data(), type);
  std::vector<std::pair<std::string, double>> out;
  for (const Row& row : rows) out.emplace_back(row.name, row.lease_revenue_yuan);
  H5::DataSet::vlenReclaim(rows.data(), type, dataset.getSpace());
  return out;
}

// Site `east` (hub E) has 16 A100s, `f1` (hub F) 8. Hub F leases 8 GPUs at east from 0 for
// 2000 s at the monthly tier; the scenario's monthly price 58,400 yuan per server-month is
// 58,400 / 8 / 730 = 10 yuan per GPU-hour, the hourly price 20.
//   job 0  E  t=0   8 GPUs 1000 s     job 3  F  t=3  8 GPUs 500 s  (the lessee)
//   job 1  E  t=1   8 GPUs  100 s     job 4  F  t=4  8 GPUs 100 s  (the lease is full)
//   job 2  E  t=2  16 GPUs  100 s
LeasedRun run_leased() {
  const auto dir = aicn_test::two_hub_folder_with_jobs();
  std::ofstream(dir / "scenario.yaml") << "name: lease\n" << aicn_test::kTwoHubScenarioBody << R"(leases:
  - {id: f-lease, lessee: F, site: east, gpu: A100-80GB, gpus: 8, start: 0s, term: 2000s, tier: monthly}
)";
  sim::RunOptions options;
  options.out_dir = (dir / "out").string();
  const auto result = sim::run_simulation(sim::load_scenario_file((dir / "scenario.yaml").string()), options);
  LeasedRun run;
  run.jobs = results::read_job_rows(result.trace_path);
  run.books = read_books(result.trace_path);
  std::sort(run.jobs.begin(), run.jobs.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  std::ifstream in(result.summary_path);
  run.summary = nlohmann::json::parse(in);
  std::filesystem::remove_all(dir);
  return run;
}

}  // namespace

TEST(Leases, aLeaseBlocksExactlyItsGpusForItsTermAndItsLesseeRunsOnIt) {
  const LeasedRun run = run_leased();
  ASSERT_EQ(run.jobs.size(), 5u);
  // Job 0 takes the 8 unleased GPUs at once.
  EXPECT_EQ(run.jobs[0].site, "east");
  EXPECT_NEAR(run.jobs[0].start_s, 0.0, 1e-6);
  // Job 1 waits although 8 GPUs are free: they are leased (unused until 3 s, and again after
  // 503 s); it starts when job 0 ends.
  EXPECT_NEAR(run.jobs[1].start_s, 1000.0, 1e-6);
  // Job 2 needs all 16: only when the lease ends.
  EXPECT_NEAR(run.jobs[2].start_s, 2000.0, 1e-6);
  // The lessee's job goes to its lease (local-first alone would keep it at f1) and starts at
  // once, not behind jobs 1 and 2 that cannot use the lease.
  EXPECT_EQ(run.jobs[3].site, "east");
  EXPECT_NEAR(run.jobs[3].start_s, 3.0, 1e-6);
  // The lease has no room left for job 4: the policy places it on demand, at its home f1.
  EXPECT_EQ(run.jobs[4].site, "f1");
  EXPECT_NEAR(run.jobs[4].start_s, 4.0, 1e-6);
}

TEST(Leases, theBooksBillTheLeaseAtItsTierAndOnDemandHoursAtTheHourlyPrice) {
  const LeasedRun run = run_leased();
  ASSERT_TRUE(run.summary.contains("leasing")) << run.summary.dump(2);
  const auto& lease = run.summary["leasing"]["leases"][0];
  EXPECT_EQ(lease["tier"], "monthly");
  EXPECT_NEAR(lease["yuan_per_gpu_hour"].get<double>(), 10.0, 1e-9);
  // 8 GPUs x 2000 s = 4.4444 GPU-hours, paid at 10: 44.444 yuan, used or not.
  EXPECT_NEAR(lease["revenue_yuan"].get<double>(), 8 * 2000 / 3600.0 * 10.0, 1e-6);
  EXPECT_NEAR(lease["busy_gpu_hours"].get<double>(), 8 * 500 / 3600.0, 1e-9);          // job 3
  EXPECT_NEAR(lease["idle_paid_gpu_hours"].get<double>(), 8 * 1500 / 3600.0, 1e-9);    // the rest
  const auto& east = run.summary["leasing"]["sites"][0];
  EXPECT_EQ(east["name"], "east");
  // On demand at east: job 0 8 x 1000 + job 1 8 x 100 + job 2 16 x 100 = 10,400 GPU-s = 2.8889
  // GPU-hours at 20 = 57.778 yuan. The run ends at 2100 s (job 2): 16 x 2100 s = 9.3333 GPU-h,
  // 4.4444 of them leased, so on-demand utilisation 2.8889 / 4.8889 = 0.59091; leased 0.25.
  EXPECT_NEAR(east["on_demand_busy_gpu_hours"].get<double>(), 10400 / 3600.0, 1e-9);
  EXPECT_NEAR(east["on_demand_revenue_yuan"].get<double>(), 10400 / 3600.0 * 20.0, 1e-6);
  EXPECT_NEAR(east["lease_revenue_yuan"].get<double>(), 16000 / 3600.0 * 10.0, 1e-6);
  EXPECT_NEAR(east["leased_utilisation"].get<double>(), 0.25, 1e-9);
  EXPECT_NEAR(east["on_demand_utilisation"].get<double>(), 10400.0 / (16 * 2100 - 16000), 1e-9);
  // Payback: 2 servers x 1.80 M = 3.6 M capex; 102.22 yuan in 2100 s is 1,535,098 a year; cash
  // cost 3.6 M / 5 x 40 / 60 = 480,000; 3.6 M / 1,055,098 = 3.412 years.
  EXPECT_NEAR(east["payback_years"].get<double>(), 3.6e6 / ((16000 / 3600.0 * 10 + 10400 / 3600.0 * 20) *
                                                                (8760 * 3600.0 / 2100) - 480000.0), 1e-9);
  // f1: job 4 alone, 8 x 100 s on demand = 0.2222 GPU-h at 20 = 4.444 yuan; no lease.
  const auto& f1 = run.summary["leasing"]["sites"][1];
  EXPECT_NEAR(f1["on_demand_revenue_yuan"].get<double>(), 800 / 3600.0 * 20.0, 1e-6);
  EXPECT_TRUE(f1["leased_utilisation"].is_null());
}

TEST(Leases, theWaitsOfTheLesseesJobsAndOfOnDemandJobsAreApart) {
  const LeasedRun run = run_leased();
  const auto& waits = run.summary["leasing"]["waits"];
  // Lessee's jobs: job 3 alone (placed on the lease), wait 0. Job 4 is the lessee hub's too,
  // but found the lease full and ran on demand at f1: it counts as on demand.
  EXPECT_EQ(waits["lessee"]["jobs"], 1);
  EXPECT_EQ(waits["lessee"]["finished"], 1);
  EXPECT_NEAR(waits["lessee"]["wait_s"]["mean"].get<double>(), 0.0, 1e-6);
  // On demand: job 0 waits 0, job 1 1000 - 1 = 999, job 2 2000 - 2 = 1998, job 4 0: mean
  // 2997 / 4 = 749.25; p95 is the 4th of 4 (nearest rank ceil(0.95 x 4)), 1998. Every job
  // finished (drain), so the censored waits are the same.
  EXPECT_EQ(waits["on_demand"]["jobs"], 4);
  EXPECT_EQ(waits["on_demand"]["never_started"], 0);
  EXPECT_NEAR(waits["on_demand"]["wait_s"]["mean"].get<double>(), 749.25, 1e-6);
  EXPECT_NEAR(waits["on_demand"]["wait_s"]["p95"].get<double>(), 1998.0, 1e-6);
  EXPECT_NEAR(waits["on_demand"]["wait_censored_s"]["mean"].get<double>(), 749.25, 1e-6);
  // The summary's own wait over all five: (0 + 999 + 1998 + 0 + 0) / 5 = 599.4.
  EXPECT_NEAR(run.summary["wait_s"]["mean"].get<double>(), 599.4, 1e-6);
}

TEST(Leases, theBooksOfAllSitesAndTheTraceTableAddUp) {
  const LeasedRun run = run_leased();
  const auto& total = run.summary["leasing"]["total"];
  // Lease revenue 16,000 GPU-s at 10; on demand 10,400 GPU-s (east) + 800 (f1) at 20.
  EXPECT_NEAR(total["lease_revenue_yuan"].get<double>(), 16000 / 3600.0 * 10.0, 1e-6);
  EXPECT_NEAR(total["on_demand_revenue_yuan"].get<double>(), 11200 / 3600.0 * 20.0, 1e-6);
  EXPECT_NEAR(total["idle_paid_gpu_hours"].get<double>(), 12000 / 3600.0, 1e-9);
  // Capex 3 servers x 1.80 M = 5.4 M: depreciation 1.08 M and cash 0.72 M a year, 1.8 M, of
  // which the 2100 s window carries 1.8 M x 2100 / (8760 x 3600) = 119.86 yuan.
  const double cost = 1.8e6 * 2100 / (8760 * 3600.0);
  EXPECT_NEAR(total["cost_yuan"].get<double>(), cost, 1e-6);
  EXPECT_NEAR(total["margin_yuan"].get<double>(), (16000 * 10.0 + 11200 * 20.0) / 3600.0 - cost, 1e-6);
  // /leasing/books: east, f1, the total, the lease.
  ASSERT_EQ(run.books.size(), 4u);
  EXPECT_EQ(run.books[0].first, "east");
  EXPECT_EQ(run.books[2].first, "all");
  EXPECT_EQ(run.books[3].first, "f-lease");
  EXPECT_NEAR(run.books[3].second, 16000 / 3600.0 * 10.0, 1e-6);
  EXPECT_NEAR(run.books[0].second, run.summary["leasing"]["sites"][0]["lease_revenue_yuan"].get<double>(), 1e-9);
}
