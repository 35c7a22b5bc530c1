// `aicn size cross-site` on the planner's example (GPT-3: N = 175e9, 300e9 tokens, 3.2e6 a
// step; 4096 + 4096 A100 at 45 %; 64 GPUs a replica, 200 Gbps fabric, 5 us a hop), by hand:
//   compute c  = 6 x 175e9 x 3.2e6 / (8192 x 312e12 x 0.45)                 = 2.92134 s
//   in-site s  = 2 x 63/64 x (350e9 / 64) x 8 / 200e9 + 2 x 63 x 5 us       = 0.431294 s
//   one site   = c + 2 x 127/128 x 0.21875 + 2 x 127 x 5 us                  = 3.35669 s
//   WAN w      = 350e9 B x 8 / 400e9 + 2 x 10 ms                            = 7.02 s
//   sync-dp    step = c + s + w = 10.3726 s; efficiency 3.35669 / 10.3726 = 32.36 %
//   local-sgd  step = c + s + w / 500 = 3.36667 s; efficiency 99.70 %
//   90 %:  sync-dp  2.8e12 / (3.35669 / 0.9 - c - s - 0.02) = 7.843 Tbps
//          local-sgd 2.8e12 / ((3.35669 / 0.9 - c - s) x 500 - 0.02) = 14.85 Gbps
#include <gtest/gtest.h>

#include <string>

#include "aicn_test_support.hpp"

using aicn_test::run_aicn;

namespace {

const std::string kExample = "size cross-site --params 175e9 --tokens 300e9 --parts 2 --gpus 4096,4096 --link 400Gbps,10ms ";

void expect_lines(const std::string& arguments, std::initializer_list<const char*> expected) {
  const auto outcome = run_aicn(arguments);
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  for (const char* line : expected)
    EXPECT_NE(outcome.output.find(line), std::string::npos) << "missing '" << line << "' in\n" << outcome.output;
}

}  // namespace

TEST(SizeCrossSite, syncDpOnThePlannersExample) {
  expect_lines(kExample + "--scheme sync-dp --target 0.9",
               {"compute per step   2.921 s", "in-site sync       0.4313 s", "WAN sync           7.02 s",
                "step time          10.37 s", "efficiency         32.36 %", "bandwidth for 90 % 7.84 Tbps"});
}

TEST(SizeCrossSite, localSgdOnThePlannersExample) {
  expect_lines(kExample + "--scheme local-sgd --h 500 --target 0.9",
               {"step time          3.367 s", "efficiency         99.70 %", "bandwidth for 90 % 14.85 Gbps"});
}

TEST(SizeCrossSite, anUnreachableTargetIsSaid) {
  // An infinite link still leaves the two 10 ms latencies: 3.35669 / (c + s + 0.02) = 99.53 %.
  expect_lines(kExample + "--scheme sync-dp --target 0.999", {"bandwidth for 99.9 % unreachable"});
  expect_lines(kExample + "--scheme sync-dp --target 0.99", {"bandwidth for 99 % "});
}

TEST(SizeCrossSite, badInputIsNamed) {
  auto outcome = run_aicn(kExample + "--scheme diloco");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("unknown synchronisation scheme 'diloco'"), std::string::npos) << outcome.output;
  outcome = run_aicn("size cross-site --params 175e9 --tokens 300e9 --parts 3 --gpus 4096,4096");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("--gpus: 3 parts need 3 comma-separated counts"), std::string::npos) << outcome.output;
  outcome = run_aicn(kExample + "--overlap 2");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("overlap"), std::string::npos) << outcome.output;
  outcome = run_aicn("size cross-site --params 175e9 --tokens 300e9 --gpus 4096,4096 --link 400Gbps");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("--link: expected BANDWIDTH,LATENCY"), std::string::npos) << outcome.output;
}
