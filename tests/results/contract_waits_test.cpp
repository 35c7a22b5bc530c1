// ContractWaits (results/contract_waits.hpp) fed events by hand: lessees' and on-demand jobs'
// waits apart, finished-only and censored, each figure worked out below.
#include <gtest/gtest.h>

#include <limits>

#include "aicn/results/contract_waits.hpp"

using namespace aicn;

namespace {

workloads::Job job(std::uint64_t id, double submit_s) {
  workloads::Job j;
  j.id = id;
  j.submit_s = submit_s;
  j.gpus = 8;
  return j;
}

results::JobSnapshot snapshot(const workloads::Job& j, double start_s) {
  results::JobSnapshot s;
  s.job = &j;
  s.start_s = start_s;
  return s;
}

constexpr double kNever = std::numeric_limits<double>::quiet_NaN();

}  // namespace

TEST(ContractWaits, separatesLesseesJobsFromOnDemandJobsFinishedAndCensored) {
  results::ContractWaits waits;
  // Lessee: job 1 (submit 0, start 10, finished); job 2 (submit 20, placed on the lease but
  // never started: censored at the end, 100). On demand: job 3 (submit 0, start 40, finished),
  // job 4 (submit 10, start 70, still running at the end), job 5 (rejected: not counted), job
  // 6 (placed on the lease, sent back by an outage, then finished on demand: submit 0, start 90).
  const auto j1 = job(1, 0), j2 = job(2, 20), j3 = job(3, 0), j4 = job(4, 10), j5 = job(5, 0), j6 = job(6, 0);
  waits.job_placed_on_lease(0, snapshot(j1, kNever), 0);
  waits.job_placed_on_lease(20, snapshot(j2, kNever), 0);
  waits.job_placed_on_lease(0, snapshot(j6, kNever), 0);
  waits.job_resubmitted(50, snapshot(j6, 5), "site down");
  waits.job_ended(5, snapshot(j5, kNever), results::JobStatus::REJECTED, "too big");
  waits.job_ended(60, snapshot(j1, 10), results::JobStatus::FINISHED, "");
  waits.job_ended(80, snapshot(j3, 40), results::JobStatus::FINISHED, "");
  waits.job_ended(95, snapshot(j6, 90), results::JobStatus::FINISHED, "");
  waits.job_ended(100, snapshot(j2, kNever), results::JobStatus::UNFINISHED, "");
  waits.job_ended(100, snapshot(j4, 70), results::JobStatus::UNFINISHED, "");
  const results::ContractWaitFigures lessee = waits.lessee(100);
  // Finished: job 1, wait 10. Censored: 10 and 100 - 20 = 80: mean 45, p95 (rank 2 of 2) 80.
  EXPECT_EQ(lessee.jobs, 2u);
  EXPECT_EQ(lessee.finished, 1u);
  EXPECT_EQ(lessee.never_started, 1u);
  EXPECT_DOUBLE_EQ(lessee.wait_s.mean, 10.0);
  EXPECT_DOUBLE_EQ(lessee.wait_censored_s.mean, 45.0);
  EXPECT_DOUBLE_EQ(lessee.wait_censored_s.p95, 80.0);
  const results::ContractWaitFigures on_demand = waits.on_demand(100);
  // Finished: job 3 (40) and job 6 (90): mean 65, p95 90. Censored adds job 4 (70 - 10 = 60):
  // 40, 60, 90: mean 63.333, p95 (rank 3 of 3) 90.
  EXPECT_EQ(on_demand.jobs, 3u);
  EXPECT_EQ(on_demand.finished, 2u);
  EXPECT_EQ(on_demand.never_started, 0u);
  EXPECT_DOUBLE_EQ(on_demand.wait_s.mean, 65.0);
  EXPECT_DOUBLE_EQ(on_demand.wait_s.p95, 90.0);
  EXPECT_NEAR(on_demand.wait_censored_s.mean, 190.0 / 3, 1e-12);
  const auto json = waits.to_json(100);
  EXPECT_EQ(json["lessee"]["wait_censored_s"]["count"], 2);
  EXPECT_EQ(json["on_demand"]["wait_s"]["p95"], 90.0);
}

TEST(ContractWaits, aClassWithoutJobsHasNullWaits) {
  results::ContractWaits waits;
  const auto json = waits.to_json(100);
  EXPECT_EQ(json["lessee"]["jobs"], 0);
  EXPECT_TRUE(json["lessee"]["wait_s"]["mean"].is_null());
  EXPECT_TRUE(json["on_demand"]["wait_censored_s"]["p95"].is_null());
}
