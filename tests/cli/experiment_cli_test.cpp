// The command line made for experiments (issue 19): --set KEY.PATH=VALUE and --layout on run
// and compare, --policy with parameters, --compute-model on compare, one meaning for --jobs.
// Each run here is the tiny layout capped at a few jobs (well under a second).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "aicn_test_support.hpp"

using aicn_test::read_file;
using aicn_test::read_json;
using aicn_test::run_command;
using aicn_test::test_scratch;

namespace {

const char* kScenario = "name: t\nseed: 1\nhorizon: 2h\nlayout: tiny-3site\n"
                        "workload:\n  source: poisson-training\n  arrivals_per_hour: 2\n";

struct Answer {
  int exit_code = -1;
  std::string first_line;  ///< of stderr
};

/// Runs `aicn ARGUMENTS` in `dir`, stdout discarded; its exit code and first stderr line.
Answer ask(const std::filesystem::path& dir, const std::string& arguments) {
  const auto err = dir / "stderr.txt";
  const auto outcome = run_command("{ cd " + dir.string() + " && " + AICN_BINARY + " " + arguments + " >/dev/null 2>" +
                                   err.string() + "; }");
  const std::string text = read_file(err);
  return {outcome.exit_code, text.substr(0, text.find('\n'))};
}

std::filesystem::path scratch_with_scenario() {
  const auto dir = test_scratch();
  std::ofstream(dir / "s.yaml") << kScenario;
  return dir;
}

/// The `policy:` block of a resolved scenario (up to the next top-level key).
std::string policy_block(const std::filesystem::path& run) {
  const std::string text = read_file(run / "scenario.resolved.yaml");
  const std::size_t at = text.find("\npolicy:");
  return at == std::string::npos ? "" : text.substr(at + 1, text.find("\nqueue:", at) - at);
}

}  // namespace

TEST(ExperimentCli, setReplacesAnyKeyAndTheRunUsesIt) {
  const auto dir = scratch_with_scenario();
  // 50 arrivals an hour over a day would be about 1,200 jobs; max_jobs caps them at 7.
  const Answer answer = ask(dir, "run s.yaml -q --out o --set horizon=1d --set workload.arrivals_per_hour=50 "
                                 "--set max_jobs=7 --set economics.depreciation_years=4");
  ASSERT_EQ(answer.exit_code, 0) << answer.first_line;
  const std::string resolved = read_file(dir / "o" / "scenario.resolved.yaml");
  EXPECT_NE(resolved.find("horizon: 86400.000000s"), std::string::npos) << resolved;
  EXPECT_NE(resolved.find("  arrivals_per_hour: 50"), std::string::npos) << resolved;
  EXPECT_NE(resolved.find("depreciation_years: 4\n"), std::string::npos) << resolved;
  EXPECT_EQ(read_json(dir / "o" / "summary.json")["jobs"]["submitted"], 7);
  // The file is unchanged: the settings live in the run's resolved scenario only.
  EXPECT_EQ(read_file(dir / "s.yaml"), kScenario);
}

TEST(ExperimentCli, settingAKeyToTheFilesOwnValueChangesNoResult) {
  const auto dir = scratch_with_scenario();
  ASSERT_EQ(ask(dir, "run s.yaml -q --out a").exit_code, 0);
  ASSERT_EQ(ask(dir, "run s.yaml -q --out b --set horizon=2h --set workload.arrivals_per_hour=2").exit_code, 0);
  EXPECT_EQ(aicn_test::read_run_file(dir / "a", "summary.json"), aicn_test::read_run_file(dir / "b", "summary.json"));
}

TEST(ExperimentCli, aSetValueIsValidatedLikeTheFileAndTheErrorNamesTheSetting) {
  const auto dir = scratch_with_scenario();
  struct Case {
    std::string arguments, first_line;
  };
  const Case cases[] = {
      {"--set horizon=soon",
       "aicn: error: --set horizon=soon: horizon: 'soon' is not a duration (expected a number followed by a unit, e.g. '3ms')"},
      {"--set workload.arrivals_per_hour=-3",
       "aicn: error: --set workload.arrivals_per_hour=-3: workload.arrivals_per_hour: must be a positive number, got '-3'"},
      {"--set max_jobs=0", "aicn: error: --set max_jobs=0: max_jobs: must be a whole number from 1 to 18446744073709551615, got '0'"},
      {"--set layout.sites=3",
       "aicn: error: --set layout.sites=3: layout is 'tiny-3site', not a mapping, so it has no key 'sites' (to choose another "
       "layout use --layout NAME|FILE)"},
      {"--set horizon", "aicn: error: --set 'horizon': no '=' (expected KEY.PATH=VALUE, e.g. horizon=7d or workload.arrivals_per_hour=12)"},
      {"--layout nosuch",
       "aicn: error: --layout nosuch: layout: 'nosuch' is neither a built-in layout (china-mobile-4x3, china-national, "
       "china-national-aidc, china-whole-nation, tiny-3site) nor an existing file"},
  };
  for (const auto& [arguments, first_line] : cases) {
    const Answer answer = ask(dir, "run s.yaml -q --out o " + arguments);
    EXPECT_EQ(answer.exit_code, 2) << arguments;
    EXPECT_EQ(answer.first_line, first_line) << arguments;
  }
  // An unknown key lists the valid ones, as in the file.
  const Answer unknown = ask(dir, "run s.yaml -q --out o --set horizn=3d");
  EXPECT_TRUE(unknown.first_line.starts_with("aicn: error: --set horizn=3d: horizn: unknown key 'horizn' (valid keys here: name, description, seed, horizon,")) << unknown.first_line;
  // A bad value of the file itself still names its line.
  std::ofstream(dir / "bad.yaml") << "name: t\nhorizon: never\nlayout: tiny-3site\nworkload: {source: poisson-training, arrivals_per_hour: 2}\n";
  EXPECT_EQ(ask(dir, "run bad.yaml -q --out o --set max_jobs=3").first_line.substr(0, 34), "aicn: error: bad.yaml:2: horizon: ");
  EXPECT_FALSE(std::filesystem::exists(dir / "o")) << "an input error writes no results";
}

TEST(ExperimentCli, layoutTakesABuiltInNameOrAFileRelativeToTheWorkingFolder) {
  const auto dir = scratch_with_scenario();
  ASSERT_EQ(ask(dir, "run s.yaml -q --out national --layout china-national --set max_jobs=3").exit_code, 0);
  EXPECT_NE(read_file(dir / "national" / "scenario.resolved.yaml").find("layout:\n  name: china-national\n"), std::string::npos);
  // The scenario in a subfolder, the layout file beside the working folder: an option's path
  // is read from where the command runs.
  std::filesystem::create_directories(dir / "sub");
  std::filesystem::copy_file(dir / "s.yaml", dir / "sub" / "s.yaml");
  std::ofstream(dir / "bigger.yaml") << "base: tiny-3site\nname: bigger\npatch:\n"
                                         "  - scale_pool: {site: west-a, gpu: A100-80GB, gpus: 512}\n";
  const Answer answer = ask(dir, "run sub/s.yaml -q --out file --layout bigger.yaml --set max_jobs=3");
  ASSERT_EQ(answer.exit_code, 0) << answer.first_line;
  const std::string resolved = read_file(dir / "file" / "scenario.resolved.yaml");
  EXPECT_NE(resolved.find("layout:\n  name: bigger\n"), std::string::npos) << resolved;
  EXPECT_NE(resolved.find("gpus: 512"), std::string::npos) << resolved;
}

TEST(ExperimentCli, policyTakesParametersInEitherForm) {
  const auto dir = scratch_with_scenario();
  ASSERT_EQ(ask(dir, "run s.yaml -q --out short --policy cost-aware:max_extra_wait=1h,transfer_yuan_per_gb=0.1").exit_code, 0);
  EXPECT_EQ(policy_block(dir / "short"),
            "policy:\n  name: cost-aware\n  params:\n    max_extra_wait: 1h\n    transfer_yuan_per_gb: 0.1\n");
  ASSERT_EQ(ask(dir, "run s.yaml -q --out yaml --policy '{name: cost-aware, params: {max_extra_wait: 4h}}'").exit_code, 0);
  EXPECT_EQ(policy_block(dir / "yaml"), "policy:\n  name: cost-aware\n  params:\n    max_extra_wait: 4h\n");
  // `policy: NAME` in the file is short for {name: NAME}, so --set reaches its params.
  ASSERT_EQ(ask(dir, "run s.yaml -q --out set --set policy=cost-aware --set policy.params.max_extra_wait=3h").exit_code, 0);
  EXPECT_EQ(policy_block(dir / "set"), "policy:\n  name: cost-aware\n  params:\n    max_extra_wait: 3h\n");
  // A plain name is unchanged: the policy with its defaults.
  ASSERT_EQ(ask(dir, "run s.yaml -q --out plain --policy least-loaded").exit_code, 0);
  EXPECT_EQ(policy_block(dir / "plain"), "policy:\n  name: least-loaded\n");

  struct Case {
    std::string policy, first_line;
  };
  const Case cases[] = {
      {"cost-aware:max_extra_wait=-1h",
       "aicn: error: --policy cost-aware:max_extra_wait=-1h: policy.params.max_extra_wait: must be within [0, inf), got '-1h'"},
      {"cost-aware:bogus=1",
       "aicn: error: --policy cost-aware:bogus=1: policy.params.bogus: unknown parameter 'bogus' of dispatch policy "
       "'cost-aware', got '1' (valid keys: max_extra_wait, transfer_yuan_per_gb)"},
      {"cost-aware:bogus",
       "aicn: error: --policy 'cost-aware:bogus': 'bogus' is not KEY=VALUE (expected NAME:KEY=VALUE,KEY=VALUE, e.g. "
       "cost-aware:max_extra_wait=1h)"},
  };
  for (const auto& [policy, first_line] : cases) {
    const Answer answer = ask(dir, "run s.yaml -q --out bad --policy " + policy);
    EXPECT_EQ(answer.exit_code, 2) << policy;
    EXPECT_EQ(answer.first_line, first_line) << policy;
  }
  EXPECT_TRUE(ask(dir, "run s.yaml -q --out bad --policy nosuch:x=1")
                  .first_line.starts_with("aicn: error: --policy nosuch:x=1: policy.name: unknown dispatch policy 'nosuch'; valid"));
}

TEST(ExperimentCli, compareTakesComputeModelSetAndLayoutAndPassesThemToEveryRun) {
  const auto dir = scratch_with_scenario();
  // Before, `--compute-model exec` was taken for the scenario file: "File does not exist: exec".
  EXPECT_EQ(ask(dir, "compare s.yaml --policies local-first --seeds 1 --compute-model exex --out c").first_line,
            "aicn: error: --compute-model: must be 'timer' or 'exec', got 'exex'");
  EXPECT_EQ(ask(dir, "compare s.yaml --policies local-first --seeds 1 --set horizon=x --out c").first_line,
            "aicn: error: --set horizon=x: horizon: 'x' is not a duration (expected a number followed by a unit, e.g. '3ms')");
  EXPECT_FALSE(std::filesystem::exists(dir / "c"));
  const Answer answer = ask(dir, "compare s.yaml --policies local-first,least-loaded --seeds 1 --jobs 2 --compute-model exec "
                                 "--set max_jobs=4 --layout china-national --out c");
  ASSERT_EQ(answer.exit_code, 0) << answer.first_line;
  for (const char* run : {"local-first-seed1", "least-loaded-seed1"}) {
    const std::string resolved = read_file(dir / "c" / run / "scenario.resolved.yaml");
    EXPECT_NE(resolved.find("max_jobs: 4\n"), std::string::npos) << run;
    EXPECT_NE(resolved.find("compute_model: exec\n"), std::string::npos) << run;
    EXPECT_NE(resolved.find("layout:\n  name: china-national\n"), std::string::npos) << run;
  }
}

TEST(ExperimentCli, jobsMeansRunsInParallelAndTheJobTableOptionIsJobTable) {
  const auto dir = scratch_with_scenario();
  ASSERT_EQ(ask(dir, "run s.yaml -q --out o").exit_code, 0);
  const std::string renamed =
      "aicn: error: --jobs: renamed --job-table here (it records or compares the job table); --jobs is the number of "
      "runs in parallel in `aicn compare`";
  EXPECT_EQ(ask(dir, "baseline o --jobs --out b.json").first_line, renamed);
  EXPECT_FALSE(std::filesystem::exists(dir / "b.json"));
  ASSERT_EQ(ask(dir, "baseline o --job-table --out b.json").exit_code, 0);
  EXPECT_TRUE(read_json(dir / "b.json").contains("jobs"));
  EXPECT_EQ(ask(dir, "check o --baseline b.json --jobs").first_line, renamed);
  EXPECT_EQ(ask(dir, "check o --baseline b.json --job-table").exit_code, 0);
  // --help shows one meaning: the old spelling is hidden in baseline and check.
  EXPECT_EQ(run_command(std::string(AICN_BINARY) + " check --help").output.find("--jobs "), std::string::npos);
}

TEST(ExperimentCli, aNameWhereTheScenarioFileGoesSaysWhichOptionItWasMeantFor) {
  const auto dir = scratch_with_scenario();
  EXPECT_EQ(ask(dir, "run local-first").first_line,
            "aicn: error: scenario: no file 'local-first' (that is a dispatch policy: --policy local-first)");
  EXPECT_EQ(ask(dir, "compare least-loaded --policies local-first").first_line,
            "aicn: error: scenario: no file 'least-loaded' (that is a dispatch policy: --policies least-loaded)");
  EXPECT_EQ(ask(dir, "run tiny-3site").first_line,
            "aicn: error: scenario: no file 'tiny-3site' (that is a built-in layout: --layout tiny-3site)");
  EXPECT_EQ(ask(dir, "run missing.yaml").first_line, "aicn: error: scenario: no file 'missing.yaml'");
  // The issue's own examples: the mistyped option is named with the nearest valid one.
  EXPECT_EQ(ask(dir, "run --polcy local-first s.yaml").first_line,
            "aicn: error: unknown option '--polcy' (did you mean '--policy'?)");
  EXPECT_TRUE(ask(dir, "rnu").first_line.starts_with("aicn: error: unknown command 'rnu' (did you mean 'run'?)"));
  EXPECT_EQ(ask(dir, "compare s.yaml --polices local-first").first_line,
            "aicn: error: unknown option '--polices' (did you mean '--policies'?)");
}

TEST(ExperimentCli, workloadStatsRecognisesATraceByContentWhateverItsName) {
  const auto dir = scratch_with_scenario();
  // Two SWF jobs of 4 and 2 processors, gzipped under a name that says nothing (before: "invalid YAML").
  const std::string swf = "; Version: 2\n1 0 -1 100 4 -1 -1 -1 -1 -1 1 1 1 -1 -1 -1 -1 -1\n"
                          "2 50 -1 10 2 -1 -1 -1 -1 -1 1 1 1 -1 -1 -1 -1 -1\n";
  std::ofstream(dir / "log.txt") << swf;
  ASSERT_EQ(run_command("gzip -c " + (dir / "log.txt").string() + " > " + (dir / "jobs.data.gz").string()).exit_code, 0);
  const auto stats = run_command("cd " + dir.string() + " && " + AICN_BINARY + " workload stats jobs.data.gz --gpu-model A100-80GB");
  ASSERT_EQ(stats.exit_code, 0) << stats.output;
  EXPECT_NE(stats.output.find("jobs 2,"), std::string::npos) << stats.output;
  // An Azure LLM trace saved as requests.csv (by name alone it would be AICN's CSV): three
  // requests in one 60 s interval make one serving job.
  std::ofstream(dir / "requests.csv") << "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.0000000,4808,10\n"
                                         "2023-11-16 18:17:10.0000000,3180,8\n2023-11-16 18:17:20.0000000,110,27\n";
  const auto azure = run_command("cd " + dir.string() + " && " + AICN_BINARY + " workload stats requests.csv --layout tiny-3site --gpu-model H800");
  ASSERT_EQ(azure.exit_code, 0) << azure.output;
  EXPECT_NE(azure.output.find("jobs 1,"), std::string::npos) << azure.output;
  EXPECT_NE(azure.output.find("serving"), std::string::npos) << azure.output;
  // --format forces a reader: the SWF text read as AICN CSV fails on its header.
  const Answer forced = ask(dir, "workload stats log.txt --format aicn-csv");
  EXPECT_EQ(forced.exit_code, 2);
  EXPECT_NE(forced.first_line.find("header: expected the header 'id,kind,"), std::string::npos) << forced.first_line;
  EXPECT_TRUE(ask(dir, "workload stats log.txt --format csv").first_line.starts_with("aicn: error: --format: csv not in {"));
}

TEST(ExperimentCli, topologyCommandsTakeAScenarioAndCheckTheLayoutItRunsOn) {
  const auto dir = test_scratch();
  // A what-if scenario whose layout is an overlay: before, `topology check` read the whole
  // scenario as a layout and failed on `horizon: unknown key`.
  std::ofstream(dir / "whatif.yaml") << "name: whatif\nhorizon: 2d\n"
                                        "layout:\n  base: tiny-3site\n  name: tiny-bigger\n  patch:\n"
                                        "    - scale_pool: {site: west-a, gpu: A100-80GB, gpus: 512}\n"
                                        "workload: {source: poisson-training, arrivals_per_hour: 2}\n";
  const auto check = run_command(std::string(AICN_BINARY) + " topology check " + (dir / "whatif.yaml").string());
  EXPECT_NE(check.output.find("Layout tiny-bigger: 2 hubs, 3 sites, 3 links"), std::string::npos) << check.output;
  EXPECT_EQ(check.output.find("unknown key"), std::string::npos) << check.output;
  // The same layout from a scenario and by name: `show` differs only in the scaled pool.
  const auto show = run_command(std::string(AICN_BINARY) + " topology show " + (dir / "whatif.yaml").string());
  ASSERT_EQ(show.exit_code, 0) << show.output;
  const auto dot = run_command(std::string(AICN_BINARY) + " topology export " + (dir / "whatif.yaml").string() + " --format dot", false);
  ASSERT_EQ(dot.exit_code, 0) << dot.output;
  EXPECT_EQ(dot.output.rfind("graph G {", 0), 0u) << dot.output;
  // A scenario whose layout key is bad is reported at its line.
  std::ofstream(dir / "bad.yaml") << "name: bad\nlayout: nosuch\nworkload: {source: poisson-training}\n";
  const auto bad = run_command(std::string(AICN_BINARY) + " topology check " + (dir / "bad.yaml").string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("bad.yaml:2: layout: 'nosuch' is neither a built-in layout"), std::string::npos) << bad.output;
}

TEST(ExperimentCli, aHorizonFarPastTheLastJobIsWarnedAboutAndTheTablesKeepOneUnitPerColumn) {
  const auto dir = test_scratch();
  // One job of 8 GPUs for an hour; a site outage at day 9 keeps the run going until then.
  std::ofstream(dir / "one.csv") << "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes,duration_s\n"
                                    "0,training,EAST,0,A100-80GB,8,1e18,0.5,0,3600\n";
  std::ofstream(dir / "idle.yaml") << "name: idle\nhorizon: 30d\nlayout: tiny-3site\n"
                                      "workload: {source: aicn-csv, path: one.csv}\noutages:\n  - {at: 9d, site_down: west-b}\n";
  // 8 x 3600 GPU-s over 448 GPUs x 9 days is 0.0 %; over the active hour 8 / 448 = 1.8 %.
  const Answer quiet = ask(dir, "run idle.yaml -q --out o");
  ASSERT_EQ(quiet.exit_code, 0) << quiet.first_line;
  EXPECT_EQ(quiet.first_line,
            "aicn: warning: nothing ran after 01:00:00, yet the run measured until 9d 00:00:00: the idle 100 % of the window "
            "counts in utilisation (0.0 %, or 1.8 % over the active 01:00:00) and in payback; shorten the horizon "
            "(--horizon) or cap the jobs and --drain");
  // The printed tables: one unit per column, named in its header.
  const auto table = run_command("cd " + dir.string() + " && " + AICN_BINARY + " run idle.yaml --out p", false);
  ASSERT_EQ(table.exit_code, 0) << table.output;
  // Wait 0 s and completion 60 min (the hour's run): each column its own unit.
  EXPECT_NE(table.output.find(std::string(14, ' ') + "           wait (s)   completion (min)\n"
                              "mean                         0.00               60.0\n"),
            std::string::npos)
      << table.output;
  EXPECT_NE(table.output.find("profit ("), std::string::npos) << table.output;
  EXPECT_EQ(table.output.find(" ky"), std::string::npos) << table.output;
  // A run whose arrivals last to the horizon has no warning.
  std::ofstream(dir / "busy.yaml") << kScenario;
  EXPECT_EQ(ask(dir, "run busy.yaml -q --out b").first_line, "");
}

TEST(ExperimentCli, compareGivesOnePolicyItsParametersThroughSet) {
  const auto dir = scratch_with_scenario();
  EXPECT_EQ(ask(dir, "compare s.yaml --policies cost-aware:max_extra_wait=1h --seeds 1 --out c").first_line,
            "aicn: error: --policies: 'cost-aware:max_extra_wait=1h': compare takes policy names; give one policy "
            "parameters with --set policy=NAME --set policy.params.KEY=VALUE (the runs of that policy use them)");
  const Answer answer = ask(dir, "compare s.yaml --policies cost-aware,least-loaded --seeds 1 --set max_jobs=3 "
                                 "--set policy=cost-aware --set policy.params.max_extra_wait=1h --out c");
  ASSERT_EQ(answer.exit_code, 0) << answer.first_line;
  EXPECT_EQ(policy_block(dir / "c" / "cost-aware-seed1"), "policy:\n  name: cost-aware\n  params:\n    max_extra_wait: 1h\n");
  EXPECT_EQ(policy_block(dir / "c" / "least-loaded-seed1"), "policy:\n  name: least-loaded\n");
}
