// `aicn sweep` with the local back end: the grid of cells, resumption, retries and the
// statistics files, checked against runs made and sums done without the sweep.
#include <gtest/gtest.h>

#include <fstream>

#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "aicn_test_support.hpp"
#include "sweep_fixture.hpp"

using aicn_test::read_file;
using aicn_test::read_json;
using aicn_test::run_aicn;
using aicn_test::run_command;

namespace {

namespace fs = std::filesystem;

struct Scratch {
  fs::path dir = aicn_test::test_scratch();
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
  return fields;
}

/// Rows of a CSV file as column -> text maps.
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& path) {
  std::stringstream in(read_file(path));
  std::string line;
  std::getline(in, line);
  const auto header = split(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    const auto fields = split(line);
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < fields.size(); ++i) row[header[i]] = fields[i];
    rows.push_back(row);
  }
  return rows;
}

std::string sweep(const Scratch& s, const std::string& options = "") {
  return "sweep " + (s.dir / "grid.yaml").string() + " --out " + (s.dir / "out").string() + " " + options;
}

}  // namespace

TEST(Sweep, dryRunListsEveryCellAndRunAndRunsNothing) {
  const Scratch s;
  sweep_fixture::write(s.dir / "base.yaml", sweep_fixture::kBase);
  sweep_fixture::write(s.dir / "grid.yaml", sweep_fixture::grid("1-2"));
  const auto outcome = run_aicn(sweep(s, "--dry-run"));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_TRUE(contains(outcome.output, "4 cells x 2 seeds = 8 runs, 0 already done, 8 to run")) << outcome.output;
  for (const char* cell : {"local-first+as-is", "local-first+west-b-x2", "least-loaded+as-is", "least-loaded+west-b-x2"})
    for (const char* seed : {" seed 1", " seed 2"}) EXPECT_TRUE(contains(outcome.output, "to run   " + std::string(cell) + seed)) << cell << seed;
  EXPECT_FALSE(fs::exists(s.dir / "out"));
}

TEST(Sweep, cellsAreTheBaseWithTheirValuesAndTheStatisticsAddUp) {
  const Scratch s;
  sweep_fixture::write(s.dir / "base.yaml", sweep_fixture::kBase);
  sweep_fixture::write(s.dir / "grid.yaml", sweep_fixture::grid("1-2"));
  const auto outcome = run_aicn(sweep(s, "--jobs 2"));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  const fs::path out = s.dir / "out";

  // The cell least-loaded+as-is, seed 2, is what `aicn run --policy least-loaded --seed 2` gives.
  ASSERT_EQ(run_aicn("run " + (s.dir / "base.yaml").string() + " --policy least-loaded --seed 2 --quiet --out " +
                     (s.dir / "direct").string()).exit_code, 0);
  const auto direct = read_json(s.dir / "direct" / "summary.json");
  const auto cell = read_json(out / "cells" / "least-loaded+as-is" / "seed2" / "run" / "summary.json");
  EXPECT_EQ(cell["policy"], "least-loaded");
  EXPECT_EQ(cell["jobs"], direct["jobs"]);
  EXPECT_EQ(cell["wait_s"], direct["wait_s"]);
  // The overlay doubled west-b's H800 pool (128 GPUs in tiny-3site.yaml) in that cell only.
  const std::string doubled = read_file(out / "cells" / "least-loaded+west-b-x2" / "seed2" / "scenario.yaml");
  const std::string as_is = read_file(out / "cells" / "least-loaded+as-is" / "seed2" / "scenario.yaml");
  const auto west_b_h800 = [](const std::string& yaml) {  // the gpus: line after west-b's "gpu: H800"
    const std::size_t site = yaml.find("name: west-b");
    const std::size_t pool = yaml.find("gpu: H800", site);
    const std::size_t gpus = yaml.find("gpus: ", pool);
    return site == std::string::npos || pool == std::string::npos ? std::string() : yaml.substr(gpus, yaml.find('\n', gpus) - gpus);
  };
  EXPECT_EQ(west_b_h800(as_is), "gpus: 128") << as_is;
  EXPECT_EQ(west_b_h800(doubled), "gpus: 256") << doubled;

  // Tidy CSV: 4 cells x 2 seeds x 31 metrics (29 of aicn compare: 3 of them for node pools and
  // 13 for leases, n/a here; and the 2 censored waits), every axis a column.
  const auto rows = read_csv(out / "sweep.csv");
  ASSERT_EQ(rows.size(), 4u * 2u * 31u);
  EXPECT_EQ(rows.front().at("policy.name"), "local-first");
  EXPECT_EQ(rows.front().at("layout.patch"), "as-is");
  std::map<std::string, double> wait;  // seed -> wait_mean_h of least-loaded+as-is
  for (const auto& row : rows)
    if (row.at("cell") == "least-loaded+as-is" && row.at("metric") == "wait_mean_h") wait[row.at("seed")] = std::stod(row.at("value"));
  ASSERT_EQ(wait.size(), 2u);
  EXPECT_NEAR(wait["2"], direct["wait_s"]["mean"].get<double>() / 3600, 1e-9);
  // Its mean over the two seeds, by hand, is the statistics file's mean.
  for (const auto& row : read_csv(out / "sweep_stats.csv"))
    if (row.at("cell") == "least-loaded+as-is" && row.at("metric") == "wait_mean_h") {
      EXPECT_EQ(row.at("n"), "2");
      EXPECT_NEAR(std::stod(row.at("mean")), (wait["1"] + wait["2"]) / 2, 1e-9);
    }
  // The paired difference to the reference, from the tidy values: with two seeds the
  // differences d1, d2 have mean (d1 + d2) / 2, standard error |d1 - d2| / 2, and the 95 %
  // half-width is t(0.975, 1 d.f.) = 12.7062 times that.
  std::map<std::string, double> cell_wait, reference_wait;  // seed -> wait_censored_mean_h
  for (const auto& row : rows) {
    if (row.at("metric") != "wait_censored_mean_h") continue;
    if (row.at("cell") == "least-loaded+as-is") cell_wait[row.at("seed")] = std::stod(row.at("value"));
    if (row.at("cell") == "local-first+as-is") reference_wait[row.at("seed")] = std::stod(row.at("value"));
  }
  const double d1 = cell_wait["1"] - reference_wait["1"], d2 = cell_wait["2"] - reference_wait["2"];
  bool compared = false;
  for (const auto& row : read_csv(out / "sweep_stats.csv"))
    if (row.at("cell") == "least-loaded+as-is" && row.at("metric") == "wait_censored_mean_h") {
      compared = true;
      EXPECT_NEAR(std::stod(row.at("diff_mean")), (d1 + d2) / 2, 1e-8);
      EXPECT_NEAR(std::stod(row.at("diff_ci95")), 12.7062047 * std::fabs(d1 - d2) / 2, 1e-6);
      // Two non-zero differences of one sign: W+ is extreme in 1 of 4 patterns each way, p = 0.5;
      // of opposite signs, p = 1 (if they differ in size: W+ = 1 or 2 of the sums 0,1,2,3).
      if (d1 != 0 && d2 != 0 && std::fabs(d1) != std::fabs(d2)) {
        EXPECT_DOUBLE_EQ(std::stod(row.at("wilcoxon_p")), (d1 > 0) == (d2 > 0) ? 0.5 : 1.0);
      }
    }
  EXPECT_TRUE(compared);
  const auto json = read_json(out / "sweep.json");
  EXPECT_EQ(json["reference"], "local-first+as-is");
  EXPECT_EQ(json["cells"].size(), 4u);
  EXPECT_TRUE(json["cells"][0]["metrics"]["wait_mean_h"].find("vs_reference") == json["cells"][0]["metrics"]["wait_mean_h"].end());
  EXPECT_TRUE(json["cells"][1]["metrics"]["wait_mean_h"].contains("vs_reference"));
  EXPECT_TRUE(contains(json["multiple_comparisons"], "3 cells are compared")) << json["multiple_comparisons"];

  // One line of pandas reads it, numbers as numbers (Debian's python3-pandas, if installed).
  const auto pandas = run_command("/usr/bin/python3 -c \"import pandas as pd; d = pd.read_csv('" + (out / "sweep.csv").string() +
                                  "'); print(len(d), d.value.dtype, d.seed.dtype, d['policy.name'][0])\"");
  if (contains(pandas.output, "No module named")) GTEST_SKIP() << "no pandas for /usr/bin/python3 (Debian python3-pandas)";
  EXPECT_EQ(pandas.output, "248 float64 int64 local-first\n");  // 4 cells x 2 seeds x 31 metrics
}

// Every job started or finished in a drained run, so the censored wait is the finished one.
TEST(Sweep, censoredWaitEqualsTheFinishedWaitWhenEveryJobFinished) {
  const Scratch s;
  sweep_fixture::write(s.dir / "base.yaml", std::string(sweep_fixture::kBase) + "drain: true\n");
  sweep_fixture::write(s.dir / "grid.yaml", "base: base.yaml\nseeds: 1\naxes:\n  policy.name: [least-loaded]\n");
  ASSERT_EQ(run_aicn(sweep(s)).exit_code, 0);
  std::map<std::string, std::string> value;
  for (const auto& row : read_csv(s.dir / "out" / "sweep.csv")) value[row.at("metric")] = row.at("value");
  EXPECT_EQ(value["jobs_unfinished"], "0");
  EXPECT_NE(value["wait_mean_h"], "0");
  EXPECT_EQ(value["wait_censored_mean_h"], value["wait_mean_h"]);
  EXPECT_EQ(value["wait_censored_p95_h"], value["wait_p95_h"]);
}

// Without drain, jobs still queued at the 6 h horizon wait until then: the censored mean is at
// least the finished-only one, and the unfinished count sits beside it on every row.
TEST(Sweep, censoredWaitCountsUnfinishedJobsUntilTheEnd) {
  const Scratch s;
  sweep_fixture::write(s.dir / "base.yaml", sweep_fixture::kBase);
  sweep_fixture::write(s.dir / "grid.yaml", "base: base.yaml\nseeds: 1\naxes:\n  policy.name: [local-first]\n");
  ASSERT_EQ(run_aicn(sweep(s)).exit_code, 0);
  std::map<std::string, std::map<std::string, std::string>> rows;
  for (const auto& row : read_csv(s.dir / "out" / "sweep.csv")) rows[row.at("metric")] = row;
  ASSERT_GT(std::stod(rows["jobs_unfinished"]["value"]), 0) << "the scenario must leave work queued";
  EXPECT_GT(std::stod(rows["wait_censored_mean_h"]["value"]), std::stod(rows["wait_mean_h"]["value"]));
  EXPECT_EQ(rows["wait_mean_h"]["jobs_unfinished"], rows["jobs_unfinished"]["value"]);
  EXPECT_EQ(rows["wait_censored_mean_h"]["jobs_rejected"], rows["jobs_rejected"]["value"]);
}

// summary.json's censored wait and the one computed from the trace's /jobs rows (what a run
// folder of an older AICN, without wait_censored_s, is read with) are two independent counts of
// the same jobs: the resumed sweep's figures must not change when the block is removed.
TEST(Sweep, censoredWaitOfTheSummaryEqualsTheOneCountedFromTheTrace) {
  const Scratch s;
  sweep_fixture::write(s.dir / "base.yaml", sweep_fixture::kBase);
  sweep_fixture::write(s.dir / "grid.yaml", "base: base.yaml\nseeds: 1\naxes:\n  policy.name: [local-first]\n");
  ASSERT_EQ(run_aicn(sweep(s)).exit_code, 0);
  auto censored = [&] {
    std::map<std::string, std::string> value;
    for (const auto& row : read_csv(s.dir / "out" / "sweep.csv")) value[row.at("metric")] = row.at("value");
    return std::make_pair(value["wait_censored_mean_h"], value["wait_censored_p95_h"]);
  };
  const auto from_summary = censored();
  const fs::path summary_file = s.dir / "out" / "cells" / "local-first" / "seed1" / "run" / "summary.json";
  auto summary = read_json(summary_file);
  ASSERT_TRUE(summary.contains("wait_censored_s"));
  ASSERT_GT(summary["wait_censored_s"]["censored"].get<int>(), 0) << "the scenario must leave jobs never started";
  summary.erase("wait_censored_s");
  std::ofstream(summary_file) << summary.dump(2);
  const auto again = run_aicn(sweep(s));
  ASSERT_EQ(again.exit_code, 0) << again.output;
  ASSERT_TRUE(contains(again.output, "1 already done")) << again.output;
  EXPECT_EQ(censored(), from_summary);
}

TEST(Sweep, aSecondRunSkipsCompleteRunsAndRunsOnlyNewSeeds) {
  const Scratch s;
  sweep_fixture::write(s.dir / "base.yaml", sweep_fixture::kBase);
  sweep_fixture::write(s.dir / "grid.yaml", sweep_fixture::grid("1"));
  ASSERT_EQ(run_aicn(sweep(s)).exit_code, 0);
  const fs::path one = s.dir / "out" / "cells" / "least-loaded+as-is" / "seed1" / "run" / "summary.json";
  const std::string id = read_json(one)["run_id"];
  const auto again = run_aicn(sweep(s));
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_TRUE(contains(again.output, "4 runs, 4 already done, 0 to run")) << again.output;
  EXPECT_EQ(read_json(one)["run_id"], id) << "a complete run is not run again";
  sweep_fixture::write(s.dir / "grid.yaml", sweep_fixture::grid("1-2"));
  const auto more = run_aicn(sweep(s));
  ASSERT_EQ(more.exit_code, 0) << more.output;
  EXPECT_TRUE(contains(more.output, "8 runs, 4 already done, 4 to run")) << more.output;
  EXPECT_EQ(read_csv(s.dir / "out" / "sweep.csv").size(), 4u * 2u * 31u);
  // A changed base changes every cell's scenario hash: all run again.
  sweep_fixture::write(s.dir / "base.yaml", std::string(sweep_fixture::kBase) + "queue: sjf\n");
  const auto changed = run_aicn(sweep(s, "--dry-run"));
  EXPECT_TRUE(contains(changed.output, "8 runs, 0 already done, 8 to run")) << changed.output;
}

// A cell whose runs crash (a policy that segfaults when built) is tried twice, then named with
// its log; the other cell's runs complete and stay for the next attempt.
TEST(Sweep, aFailingRunIsRetriedThenReportedWithItsLog) {
  const Scratch s;
  sweep_fixture::write(s.dir / "base.yaml", sweep_fixture::kBase);
  sweep_fixture::write(s.dir / "grid.yaml",
                       "name: grid\nbase: base.yaml\nseeds: 1\nretries: 1\naxes:\n  policy.name: [least-loaded, test-crash-in-constructor]\n");
  const auto outcome = run_aicn(sweep(s, std::string("--policy-lib ") + AICN_CRASH_IN_CONSTRUCTOR_PLUGIN));
  EXPECT_EQ(outcome.exit_code, 1) << outcome.output;
  const fs::path log = s.dir / "out" / "logs" / "test-crash-in-constructor-seed1.retry1.log";
  EXPECT_TRUE(contains(outcome.output, "aicn: run failed: test-crash-in-constructor seed 1 after 2 attempts; log " + log.string()))
      << outcome.output;
  EXPECT_TRUE(contains(outcome.output, "trying 1 failed run again (attempt 2 of 2)")) << outcome.output;
  EXPECT_TRUE(fs::exists(log));
  EXPECT_TRUE(fs::exists(s.dir / "out" / "logs" / "test-crash-in-constructor-seed1.log"));
  EXPECT_TRUE(contains(read_file(log), "test-crash-in-constructor")) << read_file(log);
  EXPECT_TRUE(fs::exists(s.dir / "out" / "cells" / "least-loaded" / "seed1" / "run" / "summary.json"));
  EXPECT_FALSE(fs::exists(s.dir / "out" / "sweep.csv"));
}

TEST(Sweep, badSweepFilesNameTheFileKeyAndValue) {
  const Scratch s;
  sweep_fixture::write(s.dir / "base.yaml", sweep_fixture::kBase);
  const auto error_of = [&](const std::string& text) {
    sweep_fixture::write(s.dir / "grid.yaml", text);
    const auto outcome = run_aicn(sweep(s, "--dry-run"));
    EXPECT_EQ(outcome.exit_code, 2) << text << outcome.output;
    return outcome.output;
  };
  const std::string file = (s.dir / "grid.yaml").string();
  EXPECT_TRUE(contains(error_of("base: base.yaml\naxes:\n  policy.name: [local-first, no-such]\n"),
                       "aicn: error: " + file + ":3: policy.name: value 'no-such' does not fit the base scenario"));
  EXPECT_TRUE(contains(error_of("base: base.yaml\naxes:\n  horizon: [1d, 3parsecs]\n"), file + ":3: horizon: value '3parsecs'"));
  EXPECT_TRUE(contains(error_of("base: base.yaml\naxs:\n  horizon: [1d]\n"), "grid.yaml:3: axs: unknown key 'axs'"));
  EXPECT_TRUE(contains(error_of("base: nope.yaml\naxes:\n  horizon: [1d]\n"), "grid.yaml:1: base: 'nope.yaml' is neither a file"));
  EXPECT_TRUE(contains(error_of("base: base.yaml\nseeds: 3-1\naxes:\n  horizon: [1d]\n"), "grid.yaml:2: seeds: range '3-1' runs backwards"));
  EXPECT_TRUE(contains(error_of("base: base.yaml\naxes:\n  seed: [1, 2]\n"), "axes.seed: the seed is not an axis"));
  EXPECT_TRUE(contains(error_of("base: base.yaml\naxes:\n  layout.patch: [[]]\n"), "grid.yaml:3: axes.layout.patch[0]: a list or mapping value is written {label"));
  EXPECT_TRUE(contains(error_of("base: base.yaml\naxes:\n  layout.patch[0].x: [1]\n"), "the base scenario has no layout.patch[0]"));
  EXPECT_TRUE(contains(error_of("base: base.yaml\nreference: nope\naxes:\n  horizon: [1d, 2d]\n"), "grid.yaml:2: reference: names no cell"));
  EXPECT_TRUE(contains(error_of("base: base.yaml\naxes:\n  horizon: [1d, 1d]\n"), "label '1d' is given twice in axis horizon"));
  EXPECT_TRUE(contains(error_of("base: base.yaml\n"), "give either 'axes'"));
  EXPECT_TRUE(contains(error_of("base: base.yaml\naxes:\n  \"a..b\": [1]\n"), "'a..b' is not a scenario key path"));
  // SimGrid's own settings are checked before any run too.
  EXPECT_TRUE(contains(error_of("base: base.yaml\naxes:\n  simgrid.network/model: [CM02, NotAModel]\n"),
                       file + ":3: simgrid.network/model: value 'NotAModel' does not fit the base scenario"));
}

// An explicit list of cells; a key a cell leaves alone reads "(base)" in its column.
TEST(Sweep, aListOfCellsRunsExactlyThoseCells) {
  const Scratch s;
  sweep_fixture::write(s.dir / "base.yaml", sweep_fixture::kBase);
  sweep_fixture::write(s.dir / "grid.yaml", "base: base.yaml\nseeds: 1\ncells:\n"
                                            "  - {name: ll, set: {policy.name: least-loaded}}\n"
                                            "  - {name: short, set: {horizon: 2h}}\n");
  ASSERT_EQ(run_aicn(sweep(s)).exit_code, 0);
  const auto rows = read_csv(s.dir / "out" / "sweep.csv");
  ASSERT_EQ(rows.size(), 2u * 31u);
  EXPECT_EQ(rows.front().at("cell"), "ll");
  EXPECT_EQ(rows.front().at("horizon"), "(base)");
  EXPECT_EQ(rows.back().at("policy.name"), "(base)");
  EXPECT_EQ(read_json(s.dir / "out" / "cells" / "short" / "seed1" / "run" / "summary.json")["horizon_s"], 7200.0);
}

// The national layout's derived latencies do not survive a second round trip through the
// resolved file to the last digit (7.688162838697425ms, then ...424ms): a done run must still
// be recognised as done.
TEST(Sweep, aDoneRunOnTheNationalLayoutIsRecognisedAsDone) {
  const Scratch s;
  sweep_fixture::write(s.dir / "grid.yaml", "base: national-default\nseeds: 1\naxes:\n  horizon: [1h]\n");
  ASSERT_EQ(run_aicn(sweep(s)).exit_code, 0);
  const auto again = run_aicn(sweep(s, "--dry-run"));
  EXPECT_TRUE(contains(again.output, "1 runs, 1 already done, 0 to run")) << again.output;
}
