// RunFolder: a results folder appears only complete, replaces an earlier one whole and only
// when asked, never replaces a folder it did not write, and refuses a second writer.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>

#include "aicn/results/atomic_file.hpp"
#include "aicn/results/output_error.hpp"
#include "aicn/results/run_folder.hpp"
#include "aicn_test_support.hpp"

namespace fs = std::filesystem;
using aicn::results::OutputError;
using aicn::results::RunFolder;
using aicn::results::run_folder_kind;

namespace {

/// The names in `dir`, sorted.
std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

void write(const fs::path& file, const std::string& text) { aicn::results::write_file_atomically(file, text); }

/// What the message of `action`'s exception of type E says ("" when it threw none).
template <typename E, typename F>
std::string message_of(F&& action) {
  try {
    action();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(RunFolder, writesIntoAHiddenFolderBesideTheTargetAndRenamesItWhenCommitted) {
  const fs::path dir = aicn_test::test_scratch();
  const fs::path out = dir / "run";
  {
    RunFolder folder(out, run_folder_kind(), false);
    EXPECT_EQ(folder.path().parent_path(), dir);
    EXPECT_TRUE(aicn::results::is_temporary_folder(folder.path())) << folder.path();
    EXPECT_FALSE(fs::exists(out)) << "nothing under the target's name before the commit";
    EXPECT_TRUE(fs::exists(dir / "run.lock"));
    write(folder.path() / "summary.json", "{}");
    EXPECT_EQ(folder.shown(folder.path() / "summary.json"), out / "summary.json");
    folder.commit();
  }
  EXPECT_EQ(names_in(dir), std::set<std::string>{"run"}) << "no temporary folder and no lock file are left";
  EXPECT_EQ(names_in(out), std::set<std::string>{"summary.json"});
}

TEST(RunFolder, anUncommittedFolderIsRemovedAndTheTargetNeverAppears) {
  const fs::path dir = aicn_test::test_scratch();
  {
    RunFolder folder(dir / "run", run_folder_kind(), false);
    write(folder.path() / "trace.h5", "partial");
  }  // destroyed without commit: an error or an interrupt
  EXPECT_TRUE(names_in(dir).empty());
}

TEST(RunFolder, anEarlierRunIsRefusedWithoutForceAndLeftAsItWas) {
  const fs::path dir = aicn_test::test_scratch();
  fs::create_directories(dir / "run");
  write(dir / "run" / "summary.json", "old");
  const std::string message =
      message_of<std::invalid_argument>([&] { RunFolder folder(dir / "run", run_folder_kind(), false); });
  EXPECT_NE(message.find("already holds an aicn run (summary.json)"), std::string::npos) << message;
  EXPECT_NE(message.find("--force"), std::string::npos) << message;
  EXPECT_EQ(aicn_test::read_file(dir / "run" / "summary.json"), "old");
  EXPECT_EQ(names_in(dir), std::set<std::string>{"run"});
}

TEST(RunFolder, forceReplacesTheEarlierRunWholeAndOnlyOnceTheNewOneIsComplete) {
  const fs::path dir = aicn_test::test_scratch();
  fs::create_directories(dir / "run");
  write(dir / "run" / "summary.json", "old");
  write(dir / "run" / "baseline.json", "old extra file");
  RunFolder folder(dir / "run", run_folder_kind(), true);
  write(folder.path() / "summary.json", "new");
  EXPECT_EQ(aicn_test::read_file(dir / "run" / "summary.json"), "old") << "the old run stays until the commit";
  folder.commit();
  EXPECT_EQ(aicn_test::read_file(dir / "run" / "summary.json"), "new");
  EXPECT_FALSE(fs::exists(dir / "run" / "baseline.json")) << "replaced whole: nothing of the old run is left";
  EXPECT_EQ(names_in(dir), std::set<std::string>{"run"});
}

TEST(RunFolder, anEmptyFolderIsUsedAndAFolderOfOtherFilesIsNeverReplacedEvenWithForce) {
  const fs::path dir = aicn_test::test_scratch();
  fs::create_directories(dir / "empty");
  {
    RunFolder folder(dir / "empty", run_folder_kind(), false);
    write(folder.path() / "summary.json", "{}");
    folder.commit();
  }
  EXPECT_TRUE(fs::exists(dir / "empty" / "summary.json"));

  fs::create_directories(dir / "mine");
  write(dir / "mine" / "thesis.tex", "precious");
  for (const bool force : {false, true}) {
    const std::string message =
        message_of<std::invalid_argument>([&] { RunFolder folder(dir / "mine", run_folder_kind(), force); });
    EXPECT_NE(message.find("is not empty and holds no aicn run"), std::string::npos) << message;
  }
  EXPECT_EQ(aicn_test::read_file(dir / "mine" / "thesis.tex"), "precious");

  write(dir / "plain-file", "x");
  const std::string message =
      message_of<std::invalid_argument>([&] { RunFolder folder(dir / "plain-file", run_folder_kind(), true); });
  EXPECT_NE(message.find("exists and is not a folder"), std::string::npos) << message;
}

TEST(RunFolder, aSecondWriterOfTheSameFolderIsRefusedNamingTheFirstOnesPid) {
  const fs::path dir = aicn_test::test_scratch();
  RunFolder first(dir / "run", run_folder_kind(), false);
  // flock locks belong to an open file, so a second open in this process conflicts too.
  const std::string message = message_of<OutputError>([&] { RunFolder second(dir / "run", run_folder_kind(), true); });
  EXPECT_EQ(message, (dir / "run").string() + " is in use by another aicn run (pid " + std::to_string(getpid()) + ")");
  first.abandon();
  RunFolder third(dir / "run", run_folder_kind(), false);  // free again
  third.commit();
  EXPECT_TRUE(fs::is_directory(dir / "run"));
}

TEST(RunFolder, aLockHeldByAnotherProcessRefusesAndIsFreedWhenThatProcessIsKilled) {
  const fs::path dir = aicn_test::test_scratch();
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    RunFolder folder(dir / "run", run_folder_kind(), false);
    const char byte = 1;
    if (::write(ready[1], &byte, 1) != 1) _exit(1);
    pause();  // killed by the parent with SIGKILL: no destructor runs
    _exit(0);
  }
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1);
  const std::string message = message_of<OutputError>([&] { RunFolder second(dir / "run", run_folder_kind(), false); });
  EXPECT_NE(message.find("in use by another aicn run (pid " + std::to_string(child) + ")"), std::string::npos) << message;
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  // The killed writer left its lock file and temporary folder; neither stops the next one,
  // which removes the stale folder.
  RunFolder next(dir / "run", run_folder_kind(), false);
  next.commit();
  EXPECT_EQ(names_in(dir), std::set<std::string>{"run"});
}

TEST(RunFolder, aFolderThatCannotBeCreatedIsAnOutputErrorNamingThePath) {
  const fs::path dir = aicn_test::test_scratch();
  write(dir / "file", "x");
  const std::string message = message_of<OutputError>([&] { RunFolder folder(dir / "file" / "run", run_folder_kind(), false); });
  EXPECT_EQ(message.rfind("cannot write " + (dir / "file").string(), 0), 0u) << message;
  EXPECT_NE(message.find("Not a directory"), std::string::npos) << message;
}

TEST(RunFolder, runIdsAreFixedLengthAndDistinct) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = aicn::results::new_run_id();
    EXPECT_EQ(id.size(), 36u) << id;
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef-"), std::string::npos) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 1000u);
}

TEST(RunFolder, onlyTheHiddenTemporaryNamesCountAsTemporary) {
  EXPECT_TRUE(aicn::results::is_temporary_folder("/x/.run.aicn-tmp-0123"));
  EXPECT_TRUE(aicn::results::is_temporary_folder("/x/.run.aicn-tmp-0123/"));
  EXPECT_FALSE(aicn::results::is_temporary_folder("/x/run"));
  EXPECT_FALSE(aicn::results::is_temporary_folder("/x/run.aicn-tmp-0123"));
}
