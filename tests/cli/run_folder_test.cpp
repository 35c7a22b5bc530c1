// Run folders that never lie, end to end: `aicn run` refuses an earlier run unless --force
// (then replaces it whole), refuses a second run on the same folder, leaves after `kill -9`
// at any moment either the previous complete run or nothing `aicn check` accepts, and turns
// a full disk or a permission problem into one `aicn: error: cannot write PATH: ...` line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>

#include "aicn_test_support.hpp"

namespace fs = std::filesystem;
using aicn_test::Outcome;
using aicn_test::read_json;
using aicn_test::run_command;

namespace {

const std::string kAicn = AICN_BINARY;
const std::string kTiny = std::string(AICN_SOURCE_DIR) + "/tests/golden/tiny-3site-least-loaded.yaml";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

std::string run_id(const fs::path& run) { return read_json(run / "summary.json").value("run_id", ""); }

/// A complete tiny run in `out` and its baseline in `baseline`.
void previous_run(const fs::path& out, const fs::path& baseline) {
  ASSERT_EQ(run_command(kAicn + " run " + kTiny + " --quiet --seed 1 --out " + out.string()).exit_code, 0);
  ASSERT_EQ(run_command(kAicn + " baseline " + out.string() + " --job-table --out " + baseline.string()).exit_code, 0);
}

/// Every folder beside (and including) `out` after a killed run: `out` is the previous run,
/// checked against its baseline (or absent when there was none); every other folder is
/// refused by `aicn check`.
void expect_previous_run_or_nothing(const fs::path& out, const fs::path& baseline, const std::string& previous_id) {
  for (const auto& entry : fs::directory_iterator(out.parent_path())) {
    if (!entry.is_directory()) continue;  // the killed run's lock file: no result
    const Outcome check = run_command(kAicn + " check " + entry.path().string() + " --job-table --baseline " + baseline.string());
    if (entry.path() == out) {
      ASSERT_FALSE(previous_id.empty()) << "a run folder appeared that no run completed";
      EXPECT_EQ(check.exit_code, 0) << check.output;
      EXPECT_EQ(run_id(out), previous_id) << "the previous run is still the one in place";
    } else {
      EXPECT_EQ(check.exit_code, 2) << entry.path() << "\n" << check.output;
      EXPECT_TRUE(contains(check.output, "temporary folder of an aicn run that did not complete")) << check.output;
    }
  }
  if (previous_id.empty()) {
    EXPECT_FALSE(fs::exists(out));
  }
}

/// `aicn run ARGUMENTS` with AICN_TEST_STOP_AT=moment: waits until the run stops itself there
/// (SIGSTOP), then kills it with SIGKILL. Returns what the shell printed.
Outcome kill_nine_at(const std::string& moment, const std::string& arguments) {
  return run_command("AICN_TEST_STOP_AT=" + moment + " " + kAicn + " run " + arguments +
                     " >/dev/null 2>&1 & pid=$!; for i in $(seq 1200); do [ \"$(cut -d' ' -f3 /proc/$pid/stat)\" = T ] && "
                     "break; sleep 0.05; done; echo state=$(cut -d' ' -f3 /proc/$pid/stat); kill -9 $pid; wait $pid; "
                     "echo exit=$?");
}

}  // namespace

TEST(RunFolderCli, anEarlierRunIsRefusedWithoutForceAndStaysWhole) {
  const fs::path dir = aicn_test::test_scratch();
  previous_run(dir / "run", dir / "b.json");
  const std::string id = run_id(dir / "run");
  const Outcome again = run_command(kAicn + " run " + kTiny + " --quiet --seed 2 --out " + (dir / "run").string());
  EXPECT_EQ(again.exit_code, 2) << again.output;
  EXPECT_TRUE(contains(again.output, "aicn: error: --out: " + (dir / "run").string() + " already holds an aicn run")) << again.output;
  EXPECT_TRUE(contains(again.output, "pass --force to replace it")) << again.output;
  EXPECT_EQ(run_id(dir / "run"), id);
  EXPECT_EQ(names_in(dir), (std::set<std::string>{"run", "b.json"}));
}

TEST(RunFolderCli, forceReplacesTheEarlierRunWholeAndEveryFileCarriesTheNewRunId) {
  const fs::path dir = aicn_test::test_scratch();
  const fs::path run = dir / "run";
  previous_run(run, dir / "b.json");
  const std::string old_id = run_id(run);
  ASSERT_EQ(run_command(kAicn + " baseline " + run.string()).exit_code, 0);  // run/baseline.json: a file of the old run
  const Outcome forced = run_command(kAicn + " run " + kTiny + " --quiet --seed 2 --force --out " + run.string());
  ASSERT_EQ(forced.exit_code, 0) << forced.output;
  EXPECT_FALSE(fs::exists(run / "baseline.json")) << "replaced whole";
  EXPECT_EQ(read_json(run / "summary.json")["seed"], 2);
  const std::string id = run_id(run);
  EXPECT_NE(id, old_id);
  EXPECT_EQ(read_json(run / "provenance.json")["run_id"], id);
  EXPECT_TRUE(contains(aicn_test::read_file(run / "scenario.resolved.yaml"), "# aicn run id: " + id + "\n"));
  EXPECT_TRUE(contains(aicn_test::read_file(run / "reproduce.sh"), "# aicn run id: " + id + "\n"));
  EXPECT_TRUE(contains(aicn_test::read_file(run / "trace.h5"), id)) << "/meta run_id";
  EXPECT_EQ(names_in(dir), (std::set<std::string>{"run", "b.json"})) << "no temporary folder, no lock file";
  // The new run is not the old one: checked against the old baseline, the seed differs.
  const Outcome check = run_command(kAicn + " check " + run.string() + " --baseline " + (dir / "b.json").string());
  EXPECT_EQ(check.exit_code, 3) << check.output;
}

TEST(RunFolderCli, aFolderOfOtherFilesIsNeverReplacedAndAnEmptyFolderIsUsed) {
  const fs::path dir = aicn_test::test_scratch();
  fs::create_directories(dir / "notes");
  { std::ofstream(dir / "notes" / "todo.txt") << "keep me"; }
  const Outcome refused = run_command(kAicn + " run " + kTiny + " --quiet --force --out " + (dir / "notes").string());
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_TRUE(contains(refused.output, "is not empty and holds no aicn run: refusing to replace it")) << refused.output;
  EXPECT_EQ(names_in(dir / "notes"), std::set<std::string>{"todo.txt"});
  fs::create_directories(dir / "empty");
  const Outcome used = run_command(kAicn + " run " + kTiny + " --quiet --out " + (dir / "empty").string());
  EXPECT_EQ(used.exit_code, 0) << used.output;
  EXPECT_TRUE(fs::exists(dir / "empty" / "summary.json"));
}

TEST(RunFolderCli, aSecondRunOnTheSameFolderIsRefusedNamingTheFirstRunsPid) {
  const fs::path dir = aicn_test::test_scratch();
  const fs::path run = dir / "run";
  // A ten-year national run holds the folder; the second run asks for it once the first one
  // has its temporary folder.
  const Outcome outcome = run_command(
      kAicn + " run --horizon 3650d --quiet --out " + run.string() + " >/dev/null 2>&1 & pid=$!; for i in $(seq 600); do "
      "ls -d " + dir.string() + "/.run.aicn-tmp-* >/dev/null 2>&1 && break; sleep 0.05; done; echo first=$pid; " +
      kAicn + " run " + kTiny + " --quiet --force --out " + run.string() + " 2>&1; echo second=$?; kill -TERM $pid; "
      "wait $pid; echo first_exit=$?");
  const std::size_t at = outcome.output.find("first=");
  ASSERT_NE(at, std::string::npos) << outcome.output;
  const std::string pid = outcome.output.substr(at + 6, outcome.output.find('\n', at) - at - 6);
  EXPECT_TRUE(contains(outcome.output, "aicn: error: " + run.string() + " is in use by another aicn run (pid " + pid + ")"))
      << outcome.output;
  EXPECT_TRUE(contains(outcome.output, "second=1")) << outcome.output;
  EXPECT_TRUE(contains(outcome.output, "first_exit=143")) << outcome.output;
  EXPECT_TRUE(names_in(dir).empty()) << "the stopped first run removed its folder and lock";
}

TEST(RunFolderCli, killNineDuringSetupLeavesThePreviousRunOrNothingCheckAccepts) {
  const fs::path dir = aicn_test::test_scratch();
  fs::create_directories(dir / "runs");
  previous_run(dir / "runs" / "earlier", dir / "b.json");
  // Without an earlier run in --out: nothing appears under its name.
  const Outcome fresh = kill_nine_at("folder-created", kTiny + " --quiet --out " + (dir / "runs" / "new").string());
  EXPECT_TRUE(contains(fresh.output, "state=T")) << fresh.output;
  EXPECT_TRUE(contains(fresh.output, "exit=137")) << fresh.output;
  fs::remove_all(dir / "runs" / "earlier");
  expect_previous_run_or_nothing(dir / "runs" / "new", dir / "b.json", "");
  // With one: it stays in place.
  previous_run(dir / "runs" / "new", dir / "b.json");
  const std::string id = run_id(dir / "runs" / "new");
  const Outcome forced = kill_nine_at("folder-created", kTiny + " --quiet --seed 2 --force --out " + (dir / "runs" / "new").string());
  EXPECT_TRUE(contains(forced.output, "exit=137")) << forced.output;
  expect_previous_run_or_nothing(dir / "runs" / "new", dir / "b.json", id);
}

TEST(RunFolderCli, killNineMidRunWithAPartialTraceLeavesThePreviousRun) {
  const fs::path dir = aicn_test::test_scratch();
  const fs::path run = dir / "runs" / "run";
  previous_run(run, dir / "b.json");
  const std::string id = run_id(run);
  const Outcome outcome = run_command(
      kAicn + " run --horizon 3650d --quiet --force --out " + run.string() + " >/dev/null 2>&1 & pid=$!; "
      "for i in $(seq 600); do ls " + (dir / "runs").string() + "/.run.aicn-tmp-*/trace.h5.partial >/dev/null 2>&1 && "
      "break; sleep 0.05; done; sleep 0.5; ls -a " + (dir / "runs").string() + "/.run.aicn-tmp-*; kill -9 $pid; wait $pid; "
      "echo exit=$?");
  EXPECT_TRUE(contains(outcome.output, "trace.h5.partial")) << outcome.output;
  EXPECT_TRUE(contains(outcome.output, "exit=137")) << outcome.output;
  expect_previous_run_or_nothing(run, dir / "b.json", id);
  // The next run clears what the killed one left (its temporary folder and lock file).
  ASSERT_EQ(run_command(kAicn + " run " + kTiny + " --quiet --force --out " + run.string()).exit_code, 0);
  EXPECT_EQ(names_in(dir / "runs"), std::set<std::string>{"run"});
}

TEST(RunFolderCli, killNineRightBeforeTheRenameLeavesThePreviousRunAndACompleteTemporaryFolderCheckRefuses) {
  const fs::path dir = aicn_test::test_scratch();
  const fs::path run = dir / "runs" / "run";
  previous_run(run, dir / "b.json");
  const std::string id = run_id(run);
  const Outcome outcome = kill_nine_at("before-commit", kTiny + " --quiet --seed 2 --force --out " + run.string());
  EXPECT_TRUE(contains(outcome.output, "state=T")) << outcome.output;
  EXPECT_TRUE(contains(outcome.output, "exit=137")) << outcome.output;
  // The killed run's folder is complete (summary.json written last) but keeps its
  // temporary name, which nothing accepts.
  std::size_t temporary = 0;
  for (const auto& entry : fs::directory_iterator(dir / "runs"))
    if (entry.is_directory() && entry.path() != run) {
      ++temporary;
      EXPECT_TRUE(fs::exists(entry.path() / "summary.json")) << entry.path();
      const Outcome baseline = run_command(kAicn + " baseline " + entry.path().string() + " --out " + (dir / "x.json").string());
      EXPECT_EQ(baseline.exit_code, 2) << baseline.output;
    }
  EXPECT_EQ(temporary, 1u);
  expect_previous_run_or_nothing(run, dir / "b.json", id);
}

TEST(RunFolderCli, killNineRightAfterTheSwapLeavesTheNewCompleteRunAndTheOldOneUnderATemporaryName) {
  const fs::path dir = aicn_test::test_scratch();
  const fs::path run = dir / "runs" / "run";
  previous_run(run, dir / "b.json");
  const std::string old_id = run_id(run);
  const Outcome outcome = kill_nine_at("after-exchange", kTiny + " --quiet --seed 2 --force --out " + run.string());
  EXPECT_TRUE(contains(outcome.output, "exit=137")) << outcome.output;
  // The new run is complete and in place; the old one waits to be removed, refused by all.
  EXPECT_NE(run_id(run), old_id);
  EXPECT_EQ(read_json(run / "summary.json")["seed"], 2);
  const Outcome baseline = run_command(kAicn + " baseline " + run.string() + " --job-table --out " + (dir / "new.json").string());
  EXPECT_EQ(baseline.exit_code, 0) << baseline.output;
  for (const auto& entry : fs::directory_iterator(dir / "runs")) {
    if (!entry.is_directory() || entry.path() == run) continue;
    const Outcome check = run_command(kAicn + " check " + entry.path().string() + " --baseline " + (dir / "b.json").string());
    EXPECT_EQ(check.exit_code, 2) << check.output;
  }
}

TEST(RunFolderCli, aFullDiskIsOneErrorLineAndExit1AndLeavesNothingCheckAccepts) {
  const fs::path dir = aicn_test::test_scratch();
  const fs::path run = dir / "runs" / "run";
  previous_run(run, dir / "b.json");
  const std::string id = run_id(run);
  // RLIMIT_FSIZE at 200 KiB with SIGXFSZ ignored: a write past it fails with EFBIG, as one on
  // a full disk fails with ENOSPC; the national default run writes a trace of several MB.
  const Outcome full = run_command("bash -c 'ulimit -f 200; trap \"\" XFSZ; exec " + kAicn + " run --quiet --force --out " +
                                   run.string() + " 2>&1'; echo exit=$?");
  EXPECT_TRUE(contains(full.output, "aicn: error: cannot write " + run.string() + "/trace.h5: File too large\n")) << full.output;
  EXPECT_TRUE(contains(full.output, "exit=1\n")) << full.output;
  EXPECT_FALSE(contains(full.output, "terminate")) << full.output;
  EXPECT_FALSE(contains(full.output, "HDF5")) << full.output;
  EXPECT_EQ(names_in(dir / "runs"), std::set<std::string>{"run"}) << "the temporary folder and the lock were removed";
  expect_previous_run_or_nothing(run, dir / "b.json", id);
  // And without an earlier run: nothing at all.
  const Outcome fresh = run_command("bash -c 'ulimit -f 200; trap \"\" XFSZ; exec " + kAicn + " run --quiet --out " +
                                    (dir / "fresh").string() + " 2>&1'; echo exit=$?");
  EXPECT_TRUE(contains(fresh.output, "exit=1\n")) << fresh.output;
  EXPECT_FALSE(fs::exists(dir / "fresh"));
}

TEST(RunFolderCli, aFolderThatCannotBeWrittenIsOneErrorLineNamingThePathAndTheReason) {
  const fs::path dir = aicn_test::test_scratch();
  { std::ofstream(dir / "file") << "x"; }
  const Outcome not_a_folder = run_command(kAicn + " run " + kTiny + " --quiet --out " + (dir / "file" / "run").string());
  EXPECT_EQ(not_a_folder.exit_code, 1) << not_a_folder.output;
  EXPECT_EQ(not_a_folder.output, "aicn: error: cannot write " + (dir / "file").string() + ": Not a directory\n");
  // A read-only parent. Root ignores permissions, so as root the run drops to `nobody`.
  fs::create_directories(dir / "read-only");
  fs::permissions(dir / "read-only", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                         fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(dir, fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
  std::string as_user;
  if (geteuid() == 0) {
    if (run_command("command -v setpriv").exit_code != 0) GTEST_SKIP() << "root without setpriv: permissions are not enforced";
    as_user = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
  } else {
    fs::permissions(dir / "read-only", fs::perms::owner_write, fs::perm_options::remove);
  }
  const Outcome denied = run_command("cd / && " + as_user + kAicn + " run --quiet --out " + (dir / "read-only" / "run").string());
  EXPECT_EQ(denied.exit_code, 1) << denied.output;
  EXPECT_EQ(denied.output, "aicn: error: cannot write " + (dir / "read-only" / "run.lock").string() + ": Permission denied\n");
  EXPECT_TRUE(fs::is_empty(dir / "read-only"));
}

TEST(RunFolderCli, baselineCheckAndReportRefuseAFolderWhoseFilesComeFromTwoRuns) {
  const fs::path dir = aicn_test::test_scratch();
  ASSERT_EQ(run_command(kAicn + " run " + kTiny + " --quiet --seed 1 --out " + (dir / "a").string()).exit_code, 0);
  ASSERT_EQ(run_command(kAicn + " run " + kTiny + " --quiet --seed 2 --out " + (dir / "b").string()).exit_code, 0);
  ASSERT_EQ(run_command(kAicn + " baseline " + (dir / "a").string() + " --out " + (dir / "a.json").string()).exit_code, 0);
  // What an older aicn left after a failed re-run: the new resolved scenario beside the old results.
  fs::copy_file(dir / "b" / "scenario.resolved.yaml", dir / "a" / "scenario.resolved.yaml", fs::copy_options::overwrite_existing);
  const std::string a = (dir / "a").string();
  for (const std::string& command : {" baseline " + a + " --out " + (dir / "x.json").string(),
                                     " check " + a + " --baseline " + (dir / "a.json").string(),
                                     " check " + a + "/trace.h5 --baseline " + (dir / "a.json").string(),
                                     " report " + a + " --out " + (dir / "report").string()}) {
    const Outcome refused = run_command(kAicn + command);
    EXPECT_EQ(refused.exit_code, 2) << command << "\n" << refused.output;
    EXPECT_TRUE(contains(refused.output, "its files do not come from one aicn run")) << refused.output;
    EXPECT_TRUE(contains(refused.output, "run id " + run_id(dir / "b") + " in scenario.resolved.yaml")) << refused.output;
  }
  EXPECT_FALSE(fs::exists(dir / "x.json"));
  EXPECT_FALSE(fs::exists(dir / "report"));
}

TEST(RunFolderCli, compareRefusesAnEarlierComparisonWithoutForceAndReplacesItWithForce) {
  const fs::path dir = aicn_test::test_scratch();
  const std::string compare = kAicn + " compare " + kTiny + " --policies local-first --seeds 1 --out " + (dir / "cmp").string();
  ASSERT_EQ(run_command(compare).exit_code, 0);
  const std::string first = read_json(dir / "cmp" / "comparison.json").value("run_id", "");
  EXPECT_EQ(first.size(), 36u);
  EXPECT_EQ(run_command(kAicn + " baseline " + (dir / "cmp" / "local-first-seed1").string() + " --out " +
                        (dir / "x.json").string()).exit_code, 0) << "its run folder is one run";
  const Outcome refused = run_command(compare);
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_TRUE(contains(refused.output, "already holds an aicn comparison")) << refused.output;
  const Outcome forced = run_command(compare + " --force");
  EXPECT_EQ(forced.exit_code, 0) << forced.output;
  EXPECT_NE(read_json(dir / "cmp" / "comparison.json").value("run_id", ""), first);
  EXPECT_EQ(names_in(dir), (std::set<std::string>{"cmp", "x.json"}));
}

TEST(RunFolderCli, aStoppedComparisonStopsItsRunsAndLeavesNothing) {
  const fs::path dir = aicn_test::test_scratch();
  const fs::path cmp = dir / "cmp";
  // One ten-year national run under way (its partial trace inside the comparison's temporary
  // folder), then SIGTERM to `aicn compare` alone: it stops the run and removes everything.
  const Outcome outcome = run_command(
      kAicn + " compare --policies local-first --seeds 1 --horizon 3650d --out " + cmp.string() +
      " >" + (dir / "log").string() + " 2>&1 & pid=$!; for i in $(seq 600); do ls " + dir.string() +
      "/.cmp.aicn-tmp-*/.local-first-seed1.aicn-tmp-*/trace.h5.partial >/dev/null 2>&1 && break; sleep 0.05; done; "
      "kill -TERM $pid; wait $pid; echo exit=$?; cat " + (dir / "log").string());
  EXPECT_TRUE(contains(outcome.output, "exit=143")) << outcome.output;
  EXPECT_TRUE(contains(outcome.output, "aicn: interrupted by SIGTERM; the comparison was stopped and its unfinished "
                                       "results removed")) << outcome.output;
  EXPECT_EQ(names_in(dir), std::set<std::string>{"log"});
  // "[-]-out" matches the runs' "--out" but not this pgrep's own command line.
  EXPECT_EQ(run_command("pgrep -f -- '[-]-out " + (dir / ".cmp.aicn-tmp-").string() + "'").exit_code, 1)
      << "no child run outlives the comparison";
}

TEST(RunFolderCli, aReportIsRefusedOverAnEarlierOneWithoutForceAndCannotWriteIsOneLine) {
  if (run_command("/usr/bin/python3 -c 'import matplotlib, h5py'").exit_code != 0)
    GTEST_SKIP() << "aicn report needs Debian's python3-matplotlib and python3-h5py";
  const fs::path dir = aicn_test::test_scratch();
  const fs::path run = dir / "run";
  ASSERT_EQ(run_command(kAicn + " run " + kTiny + " --quiet --out " + run.string()).exit_code, 0);
  const Outcome first = run_command(kAicn + " report " + run.string());
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_TRUE(contains(first.output, "Report:  " + (run / "report" / "index.html").string())) << first.output;
  const Outcome again = run_command(kAicn + " report " + run.string());
  EXPECT_EQ(again.exit_code, 2) << again.output;
  EXPECT_TRUE(contains(again.output, "already holds an aicn report (index.html)")) << again.output;
  const Outcome forced = run_command(kAicn + " report " + run.string() + " --force");
  EXPECT_EQ(forced.exit_code, 0) << forced.output;
  // The figures do not fit under a 20 KiB file size limit: one line, exit 1, no report folder.
  const fs::path out = dir / "small";
  const Outcome full = run_command("bash -c 'ulimit -f 20; trap \"\" XFSZ; exec " + kAicn + " report " + run.string() +
                                   " --out " + out.string() + " 2>&1'; echo exit=$?");
  EXPECT_TRUE(contains(full.output, "aicn: error: cannot write " + out.string() + "/")) << full.output;
  EXPECT_TRUE(contains(full.output, "File too large")) << full.output;
  EXPECT_TRUE(contains(full.output, "exit=1\n")) << full.output;
  EXPECT_FALSE(contains(full.output, "Traceback")) << full.output;
  EXPECT_EQ(names_in(dir), (std::set<std::string>{"run"}));
}
