// The `external` policy end to end: a Python scheduler over stdin/stdout or ZeroMQ gives the
// same summary as the C++ built-in it ports, and a scheduler that breaks the protocol (bad
// JSON, an unknown job, no answer in time, exits) ends the run with one `aicn: error:` line
// naming the message and field, exit status 1, and no results folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "aicn_test_support.hpp"

namespace fs = std::filesystem;
using aicn_test::Outcome;
using aicn_test::run_aicn;
using aicn_test::run_command;

namespace {

const std::string kPython = "/usr/bin/python3";
const std::string kExamples = std::string(AICN_SOURCE_DIR) + "/results/python/examples/";
const std::string kLeastLoadedPy = kPython + " " + kExamples + "least_loaded.py";
const std::string kRandomPy = kPython + " " + kExamples + "random_policy.py";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// summary.json without the lines that name the run rather than its result: run_id (new in
/// every run) and policy ("external" against the built-in's name).
std::string result_lines(const fs::path& run) {
  std::istringstream lines(aicn_test::read_file(run / "summary.json"));
  std::string kept, line;
  while (std::getline(lines, line))
    if (!contains(line, "\"run_id\":") && !contains(line, "\"policy\":")) kept += line + "\n";
  return kept;
}

/// A scheduler script in `dir` whose answer to each dispatch message is `answer` (Python
/// code producing a string from the message `m`); it answers hello properly.
std::string scheduler_script(const fs::path& dir, const std::string& name, const std::string& answer) {
  const fs::path path = dir / (name + ".py");
  std::ofstream(path) << "import json, sys, time\n"
                         "for line in sys.stdin:\n"
                         "    m = json.loads(line)\n"
                         "    if m['type'] == 'hello':\n"
                         "        print(json.dumps({'type': 'hello', 'protocol': 1}), flush=True)\n"
                         "    elif m['type'] == 'bye':\n"
                         "        print(json.dumps({'type': 'bye'}), flush=True)\n"
                         "        break\n"
                         "    else:\n"
                         "        print("
                      << answer << ", flush=True)\n";
  return kPython + " " + path.string();
}

/// A national-default run of `days` with the given policy options into dir/out.
Outcome national(const fs::path& dir, const std::string& out, const std::string& policy, int seed = 1,
                 const std::string& days = "1d") {
  return run_aicn("run --quiet --horizon " + days + " --seed " + std::to_string(seed) + " " + policy + " --out " +
                  (dir / out).string());
}

/// A failed run left nothing in `dir` but the scheduler scripts: no results folder, complete or not.
void expect_no_results(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir))
    EXPECT_EQ(entry.path().extension(), ".py") << "left behind: " << entry.path();
}

}  // namespace

TEST(ExternalPolicy, pythonLeastLoadedGivesTheBuiltInsSummaryOverStdioForSeeds1To3) {
  const fs::path dir = aicn_test::test_scratch();
  for (int seed : {1, 2, 3}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const std::string tag = std::to_string(seed);
    const Outcome cpp = national(dir, "cpp" + tag, "--policy least-loaded", seed, "1d");
    ASSERT_EQ(cpp.exit_code, 0) << cpp.output;
    const Outcome py = national(dir, "py" + tag, "--policy external --policy-cmd '" + kLeastLoadedPy + "'", seed, "1d");
    ASSERT_EQ(py.exit_code, 0) << py.output;
    const std::string expected = result_lines(dir / ("cpp" + tag));
    ASSERT_TRUE(contains(expected, "\"finished\":")) << expected;
    EXPECT_EQ(result_lines(dir / ("py" + tag)), expected);
    EXPECT_TRUE(contains(aicn_test::read_file(dir / ("py" + tag) / "summary.json"), "\"policy\": \"external\""));
  }
  fs::remove_all(dir);
}

TEST(ExternalPolicy, pythonLeastLoadedGivesTheBuiltInsSummaryThroughOutages) {
  // Random link and site failures: held jobs, sites down, the network resent as it changes.
  const fs::path dir = aicn_test::test_scratch();
  std::ofstream(dir / "failures.yaml") << aicn_test::read_file(std::string(AICN_SOURCE_DIR) +
                                                               "/sim/scenarios/national-default.yaml")
                                       << "random_failures: {links: {mtbf: 5d, mttr: 6h}, sites: {mtbf: 20d, mttr: 4h}}\n";
  const std::string common = "run --quiet --horizon 2d --seed 1 " + (dir / "failures.yaml").string();
  ASSERT_EQ(run_aicn(common + " --policy least-loaded --out " + (dir / "cpp").string()).exit_code, 0);
  const Outcome py =
      run_aicn(common + " --policy external --policy-cmd '" + kLeastLoadedPy + "' --out " + (dir / "py").string());
  ASSERT_EQ(py.exit_code, 0) << py.output;
  const std::string expected = result_lines(dir / "cpp");
  ASSERT_TRUE(contains(aicn_test::read_file(dir / "cpp" / "scenario.resolved.yaml"), "random_failures"));
  EXPECT_EQ(result_lines(dir / "py"), expected);
  fs::remove_all(dir);
}

TEST(ExternalPolicy, pythonLeastLoadedGivesTheBuiltInsSummaryOverZeroMq) {
  const fs::path dir = aicn_test::test_scratch();
  ASSERT_EQ(national(dir, "cpp", "--policy least-loaded", 2, "1d").exit_code, 0);
  // A free port: bind to 0 and let the scheduler print the port it got? The REP socket binds
  // first; a port from the test's pid keeps parallel suites apart.
  const std::string endpoint = "tcp://127.0.0.1:" + std::to_string(20000 + ::getpid() % 20000);
  const Outcome py = run_command(kLeastLoadedPy + " --endpoint " + endpoint + " & scheduler=$!; " +
                                 std::string(AICN_BINARY) + " run --quiet --horizon 1d --seed 2 --policy external " +
                                 "--policy-endpoint " + endpoint + " --out " + (dir / "zmq").string() +
                                 " 2>&1; status=$?; wait $scheduler; echo scheduler=$?; exit $status");
  ASSERT_EQ(py.exit_code, 0) << py.output;
  EXPECT_TRUE(contains(py.output, "scheduler=0")) << "the scheduler ends after bye\n" << py.output;
  EXPECT_EQ(result_lines(dir / "zmq"), result_lines(dir / "cpp"));
  fs::remove_all(dir);
}

TEST(ExternalPolicy, pythonRandomRepeatsItsRunForASeedAndDecidesOnlyValidly) {
  const fs::path dir = aicn_test::test_scratch();
  const std::string policy = "--policy external --policy-cmd '" + kRandomPy + "'";
  ASSERT_EQ(national(dir, "a", policy, 4).exit_code, 0);
  ASSERT_EQ(national(dir, "b", policy, 4).exit_code, 0);
  ASSERT_EQ(national(dir, "c", policy, 5).exit_code, 0);
  EXPECT_EQ(result_lines(dir / "a"), result_lines(dir / "b"));
  EXPECT_NE(result_lines(dir / "a"), result_lines(dir / "c"));
  const auto summary = aicn_test::read_json(dir / "a" / "summary.json");
  EXPECT_EQ(summary["jobs"]["invalid_decisions"].get<int>(), 0);
  EXPECT_GT(summary["jobs"]["finished"].get<int>(), 0);
  fs::remove_all(dir);
}

TEST(ExternalPolicy, aSchedulerThatSendsBadJsonEndsTheRunNamingTheMessage) {
  const fs::path dir = aicn_test::test_scratch();
  const std::string cmd = scheduler_script(dir, "bad", "'{\"type\": \"decisions\", oops'");
  const Outcome run = national(dir, "out", "--policy external --policy-cmd '" + cmd + "'");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_TRUE(contains(run.output, "aicn: error: external scheduler '" + cmd +
                                       "': answer to dispatch #1: not JSON (error at byte 23): "
                                       "'{\"type\": \"decisions\", oops'"))
      << run.output;
  expect_no_results(dir);
  fs::remove_all(dir);
}

TEST(ExternalPolicy, aSchedulerThatDecidesAnUnknownJobEndsTheRunNamingTheField) {
  const fs::path dir = aicn_test::test_scratch();
  const std::string cmd = scheduler_script(
      dir, "unknown", "json.dumps({'type': 'decisions', 'seq': m['seq'], 'decisions': [{'job': 999999, 'action': 'hold'}]})");
  const Outcome run = national(dir, "out", "--policy external --policy-cmd '" + cmd + "'");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_TRUE(contains(run.output, "answer to dispatch #1: decisions[0].job: 999999 is not a pending job of this call"))
      << run.output;
  expect_no_results(dir);
  fs::remove_all(dir);
}

TEST(ExternalPolicy, aSchedulerWithABadFieldEndsTheRunNamingIt) {
  const fs::path dir = aicn_test::test_scratch();
  // The first pending job of the first call is job 0; the second field is misspelt.
  const std::string cmd = scheduler_script(
      dir, "field",
      "json.dumps({'type': 'decisions', 'seq': m['seq'], 'decisions': [{'job': m['pending'][0]['id'], "
      "'action': 'place', 'site': 0, 'pol': 0}]})");
  const Outcome run = national(dir, "out", "--policy external --policy-cmd '" + cmd + "'");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_TRUE(contains(run.output, "answer to dispatch #1: decisions[0].pol: unknown field")) << run.output;
  expect_no_results(dir);
  fs::remove_all(dir);
}

TEST(ExternalPolicy, aSchedulerThatDoesNotAnswerInTimeEndsTheRun) {
  const fs::path dir = aicn_test::test_scratch();
  const std::string cmd = scheduler_script(dir, "silent", "time.sleep(30)");
  std::ofstream(dir / "s.py.yaml") << "name: t\nhorizon: 1d\nlayout: china-national\n"
                                      "workload: {source: poisson-training}\n"
                                      "policy: {name: external, params: {command: '"
                                   << cmd << "', timeout: 500ms}}\n";
  const Outcome run = run_aicn("run --quiet " + (dir / "s.py.yaml").string() + " --out " + (dir / "out").string());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_TRUE(contains(run.output, "aicn: error: external scheduler '" + cmd +
                                       "' gave no answer to the dispatch #1 message within 0.5 s (policy param 'timeout')"))
      << run.output;
  fs::remove(dir / "s.py.yaml");
  expect_no_results(dir);
  // The scheduler was killed with the run, not left sleeping.
  EXPECT_EQ(run_command("pgrep -f " + (dir / "[s]ilent.py").string()).output, "");
  fs::remove_all(dir);
}

TEST(ExternalPolicy, aSchedulerThatExitsEndsTheRunSayingHow) {
  const fs::path dir = aicn_test::test_scratch();
  const std::string cmd = scheduler_script(dir, "exits", "sys.exit(3)");
  const Outcome run = national(dir, "out", "--policy external --policy-cmd '" + cmd + "'");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_TRUE(contains(run.output, "aicn: error: external scheduler '" + cmd +
                                       "' exited with status 3 before answering the dispatch #1 message"))
      << run.output;
  expect_no_results(dir);
  const Outcome missing = national(dir, "out", "--policy external --policy-cmd /no/such/scheduler");
  EXPECT_EQ(missing.exit_code, 1) << missing.output;
  EXPECT_TRUE(contains(missing.output, "exited with status 127 (command not found?) before answering the hello message"))
      << missing.output;
  expect_no_results(dir);
  fs::remove_all(dir);
}

TEST(ExternalPolicy, aSchedulerOfAnotherProtocolVersionIsRefusedAtHello) {
  const fs::path dir = aicn_test::test_scratch();
  const fs::path path = dir / "v2.py";
  std::ofstream(path) << "import sys\nfor line in sys.stdin:\n    print('{\"type\": \"hello\", \"protocol\": 2}', flush=True)\n";
  const Outcome run = national(dir, "out", "--policy external --policy-cmd '" + kPython + " " + path.string() + "'");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_TRUE(contains(run.output, "answer to hello: protocol: this aicn speaks protocol 1, got 2")) << run.output;
  expect_no_results(dir);
  fs::remove_all(dir);
}

TEST(ExternalPolicy, aPlacementOnASiteThatDoesNotExistIsAnInvalidDecisionLikeAnyPolicys) {
  const fs::path dir = aicn_test::test_scratch();
  const std::string cmd = scheduler_script(
      dir, "nowhere",
      "json.dumps({'type': 'decisions', 'seq': m['seq'], 'decisions': [{'job': j['id'], 'action': 'place', "
      "'site': 99, 'pool': 0} for j in m['pending']]})");
  const Outcome run = national(dir, "out", "--policy external --policy-cmd '" + cmd + "' --max-jobs 5");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto summary = aicn_test::read_json(dir / "out" / "summary.json");
  EXPECT_EQ(summary["jobs"]["invalid_decisions"].get<int>(), 5);
  EXPECT_EQ(summary["jobs"]["rejected"].get<int>(), 5);
  fs::remove_all(dir);
}

TEST(ExternalPolicy, theSchedulerOptionsNeedTheExternalPolicyAndOneScheduler) {
  const fs::path dir = aicn_test::test_scratch();
  const Outcome none = national(dir, "out", "--policy external");
  EXPECT_EQ(none.exit_code, 2) << none.output;
  EXPECT_TRUE(contains(none.output, "aicn: error: policy 'external' needs a scheduler: policy.params.command "
                                    "(--policy-cmd) or policy.params.endpoint (--policy-endpoint)"))
      << none.output;
  const Outcome other = national(dir, "out", "--policy least-loaded --policy-cmd true");
  EXPECT_EQ(other.exit_code, 2) << other.output;
  EXPECT_TRUE(contains(other.output, "aicn: error: --policy-cmd: needs --policy external (the policy is 'least-loaded')"))
      << other.output;
  const Outcome both = national(dir, "out", "--policy external --policy-cmd true --policy-endpoint tcp://127.0.0.1:1");
  EXPECT_EQ(both.exit_code, 2) << both.output;
  EXPECT_TRUE(contains(both.output, "give one scheduler, not both")) << both.output;
  expect_no_results(dir);
  fs::remove_all(dir);
}
