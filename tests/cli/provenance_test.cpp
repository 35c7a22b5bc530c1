// Every run folder says where it came from (provenance.json) and how to make it again
// (reproduce.sh); running the same command twice gives byte-identical files but for the run
// id, which every file carries.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "aicn_test_support.hpp"

using aicn_test::Outcome;
using aicn_test::read_file;
using aicn_test::run_command;

namespace {

/// A fresh folder for one test, removed when the test ends.
struct Scratch {
  std::filesystem::path dir;
  Scratch();
  ~Scratch() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
  std::filesystem::path operator/(const std::string& name) const { return dir / name; }
};

Scratch::Scratch() : dir(aicn_test::test_scratch()) {}

const std::string kScenario = std::string(AICN_SOURCE_DIR) + "/tests/golden/tiny-3site-least-loaded.yaml";

}  // namespace

TEST(Provenance, theRunFolderRecordsCommandVersionsAndBinary) {
  const Scratch dir;
  const std::string command = std::string(AICN_BINARY) + " run " + kScenario + " --quiet --seed 4 --out " + (dir / "run").string();
  ASSERT_EQ(run_command(command).exit_code, 0);
  const auto provenance = nlohmann::json::parse(read_file(dir / "run" / "provenance.json"));
  EXPECT_EQ(provenance["command_line"], command);
  EXPECT_EQ(provenance["executable"], std::filesystem::canonical(AICN_BINARY).string());
  EXPECT_EQ(provenance["working_directory"], std::filesystem::current_path().string());
  const Outcome version = run_command(std::string(AICN_BINARY) + " --version");
  for (const char* key : {"aicn_version", "git_commit", "simgrid_version", "hdf5_version"}) {
    const std::string value = provenance[key];
    EXPECT_FALSE(value.empty()) << key;
    EXPECT_NE(version.output.find(value), std::string::npos) << key << " " << value << " vs " << version.output;
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "run" / "scenario.resolved.yaml"));
  const auto script = std::filesystem::status(dir / "run" / "reproduce.sh").permissions();
  EXPECT_NE(script & std::filesystem::perms::owner_exec, std::filesystem::perms::none) << "reproduce.sh is executable";
}

TEST(Provenance, reproduceShGivesTheSameSummaryAndJobs) {
  const Scratch dir;
  // The --seed override must survive: the resolved scenario carries it.
  ASSERT_EQ(run_command(std::string(AICN_BINARY) + " run " + kScenario + " --quiet --seed 4 --out " + (dir / "run").string()).exit_code, 0);
  const Outcome again = run_command("sh " + (dir / "run" / "reproduce.sh").string() + " " + (dir / "again").string());
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(aicn_test::read_run_file(dir / "run", "summary.json"), aicn_test::read_run_file(dir / "again", "summary.json"));
  const Outcome check = run_command(std::string(AICN_BINARY) + " baseline " + (dir / "run").string() + " --job-table --out " +
                              (dir / "b.json").string() + " && " + AICN_BINARY + " check " + (dir / "again").string() +
                              " --job-table --rtol 0 --atol 0 --baseline " + (dir / "b.json").string());
  EXPECT_EQ(check.exit_code, 0) << check.output;
}

TEST(Provenance, theSameCommandTwiceGivesByteIdenticalFilesButForTheRunId) {
  const Scratch dir;
  const std::string command = std::string(AICN_BINARY) + " run " + kScenario + " --quiet --out " + (dir / "run").string();
  ASSERT_EQ(run_command(command).exit_code, 0);
  std::filesystem::rename(dir / "run", dir / "first");
  sleep(1);  // HDF5 objects would record the second they were made: they must not
  ASSERT_EQ(run_command(command).exit_code, 0);
  const std::string first_id = aicn_test::read_json(dir / "first" / "summary.json")["run_id"];
  EXPECT_NE(first_id, aicn_test::read_json(dir / "run" / "summary.json")["run_id"]);
  for (const char* file : {"summary.json", "provenance.json", "reproduce.sh", "scenario.resolved.yaml"}) {
    const std::string first = aicn_test::read_run_file(dir / "first", file);
    EXPECT_FALSE(first.empty()) << file;
    EXPECT_NE(read_file(dir / "first" / file).find(first_id), std::string::npos) << file << " carries the run id";
    EXPECT_TRUE(first == aicn_test::read_run_file(dir / "run", file)) << file << " differs between two identical runs";
  }
  // The trace's metadata blocks carry checksums (HDF5 1.8 format), and the block that holds
  // the id has another checksum in each run: its every other byte is the same, and so is all
  // it holds, as h5dump shows it.
  const std::string first = aicn_test::read_run_file(dir / "first", "trace.h5");
  const std::string second = aicn_test::read_run_file(dir / "run", "trace.h5");
  ASSERT_EQ(first.size(), second.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < first.size(); ++i) differing += first[i] != second[i];
  EXPECT_LE(differing, 3u * 4u) << "at most a 4-byte checksum for each of the 3 attributes that hold the id";
  const auto dump = [&](const std::string& run) {
    return run_command("h5dump " + (dir / run / "trace.h5").string() + " | sed 's/[0-9a-f-]\\{36\\}/ID/g'", false);
  };
  const Outcome dump_first = dump("first");
  if (dump_first.exit_code != 0) GTEST_SKIP() << "no h5dump (Debian hdf5-tools) to compare the traces' content";
  std::string first_dump = dump_first.output;
  first_dump.replace(first_dump.find("first/trace.h5"), 14, "run/trace.h5");  // the header names the file
  EXPECT_GT(first_dump.size(), 100000u);
  EXPECT_TRUE(first_dump == dump("run").output) << "the traces hold the same content";
}
