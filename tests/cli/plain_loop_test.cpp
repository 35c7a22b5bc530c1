// aicn_plain_loop (bench/plain_loop.cpp), the bound of bench/national_year.sh: its counts on
// job streams small enough to follow by hand.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "aicn_test_support.hpp"

using aicn_test::Outcome;
using aicn_test::test_scratch;

namespace {

// Two hubs, an 8-GPU H800 pool each; only WEST has A100s.
const char* kLayout = R"(name: two-pools
hubs: [{name: EAST, side: east}, {name: WEST, side: west}]
sites:
  - {name: east-dc, hub: EAST, lat: 31.2, lon: 121.5, pools: [{gpu: H800, gpus: 8}]}
  - {name: west-dc, hub: WEST, lat: 26.6, lon: 106.7, pools: [{gpu: H800, gpus: 8}, {gpu: A100-80GB, gpus: 8}]}
links:
  - {between: [east-dc, west-dc], bandwidth: 400Gbps}
)";

const char* kHeader = "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes,priority,"
                      "gpu_milli,alternative_gpu_models,duration_s\n";

Outcome run_plain(const std::filesystem::path& dir, const std::string& rows, const std::string& options) {
  std::ofstream(dir / "layout.yaml") << kLayout;
  std::ofstream(dir / "jobs.csv") << "# a comment line\n" << kHeader << rows;
  const auto binary = std::filesystem::path(AICN_BINARY).parent_path() / "aicn_plain_loop";
  return aicn_test::run_command(binary.string() + " " + (dir / "layout.yaml").string() + " " +
                                (dir / "jobs.csv").string() + " " + options);
}

}  // namespace

TEST(PlainLoop, aGangJobWaitsInFifoOrderForTheWholePool) {
  // Both jobs want the whole EAST pool for 100 s: the first runs 0-100, the second 100-200.
  // By t = 150 one has finished; by t = 250 both.
  const auto dir = test_scratch();
  const std::string rows = "0,training,EAST,0,H800,8,0,0.45,0,0,,,100\n"
                           "1,training,EAST,1,H800,8,0,0.45,0,0,,,100\n";
  const Outcome early = run_plain(dir, rows, "--horizon 150");
  ASSERT_EQ(early.exit_code, 0) << early.output;
  EXPECT_NE(early.output.find("plain-loop: jobs=2 finished=1 unfinished=1 rejected=0 "), std::string::npos)
      << early.output;
  const Outcome late = run_plain(dir, rows, "--horizon 250");
  EXPECT_NE(late.output.find("jobs=2 finished=2 unfinished=0"), std::string::npos) << late.output;
  std::filesystem::remove_all(dir);
}

TEST(PlainLoop, aJobGoesAwayFromHomeOnlyWhenNoPoolThereFitsAndThenAfterTheTransferDelay) {
  // Job 0 fills EAST's H800s for 1,000 s. Job 1 (EAST, 4 H800) still stays in EAST (a pool
  // there can ever hold it) and waits; its run time comes from FLOPs: 1.978e16 / (4 x 989e12
  // x 0.5) = 10 s. Job 2 (WEST, 8 GPUs, 10 s) runs at home, 2-12. Job 3 asks for 16 GPUs: no
  // pool can ever hold it. The data transfer (job 4) ends after the 60 s delay, at 64. Job 5
  // (EAST, A100) has no A100 at home: it goes WEST, joins the queue at 5 + 60 = 65 and ends
  // at 75.
  const auto dir = test_scratch();
  const std::string rows = "0,training,EAST,0,H800,8,0,0.45,0,0,,,1000\n"
                           "1,training,EAST,1,H800,4,1.978e16,0.5,0,0,,,0\n"
                           "2,training,WEST,2,H800,8,0,0.45,0,0,,,10\n"
                           "3,training,WEST,3,H800,16,0,0.45,0,0,,,10\n"
                           "4,data-transfer,EAST,4,,0,0,0.45,1e9,0,,,0\n"
                           "5,training,EAST,5,A100-80GB,8,0,0.45,0,0,,,10\n";
  const Outcome at_70 = run_plain(dir, rows, "--horizon 70");
  ASSERT_EQ(at_70.exit_code, 0) << at_70.output;
  EXPECT_NE(at_70.output.find("jobs=6 finished=2 unfinished=3 rejected=1"), std::string::npos) << at_70.output;
  const Outcome at_80 = run_plain(dir, rows, "--horizon 80");
  EXPECT_NE(at_80.output.find("jobs=6 finished=3 unfinished=2 rejected=1"), std::string::npos) << at_80.output;
  // Job 1 starts at 1,000 when job 0 ends and runs 10 s.
  EXPECT_NE(run_plain(dir, rows, "--horizon 1005").output.find("finished=4 unfinished=1"), std::string::npos);
  EXPECT_NE(run_plain(dir, rows, "--horizon 1011").output.find("finished=5 unfinished=0"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(PlainLoop, aBadRowIsAnErrorNamingTheFileAndLine) {
  const auto dir = test_scratch();
  const Outcome bad = run_plain(dir, "0,training,EAST,zero,H800,8,0,0.45,0,0,,,100\n", "");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("jobs.csv:3: submit_s: not a number: 'zero'"), std::string::npos) << bad.output;
  const Outcome hub = run_plain(dir, "0,training,MARS,0,H800,8,0,0.45,0,0,,,100\n", "");
  EXPECT_EQ(hub.exit_code, 2);
  EXPECT_NE(hub.output.find("origin_hub: unknown hub 'MARS'"), std::string::npos) << hub.output;
  std::filesystem::remove_all(dir);
}
