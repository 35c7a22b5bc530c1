// Every run folder says where it came from (provenance.json) and how to make it again
// (reproduce.sh); running the same command twice gives byte-identical files.
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
  EXPECT_EQ(read_file(dir / "run" / "summary.json"), read_file(dir / "again" / "summary.json"));
  const Outcome check = run_command(std::string(AICN_BINARY) + " baseline " + (dir / "run").string() + " --jobs --out " +
                              (dir / "b.json").string() + " && " + AICN_BINARY + " check " + (dir / "again").string() +
                              " --jobs --rtol 0 --atol 0 --baseline " + (dir / "b.json").string());
  EXPECT_EQ(check.exit_code, 0) << check.output;
}

TEST(Provenance, theSameCommandTwiceGivesByteIdenticalFiles) {
  const Scratch dir;
  const std::string command = std::string(AICN_BINARY) + " run " + kScenario + " --quiet --out " + (dir / "run").string();
  ASSERT_EQ(run_command(command).exit_code, 0);
  std::filesystem::rename(dir / "run", dir / "first");
  ASSERT_EQ(run_command(command).exit_code, 0);
  for (const char* file : {"trace.h5", "summary.json", "provenance.json", "reproduce.sh", "scenario.resolved.yaml"}) {
    const std::string first = read_file(dir / "first" / file);
    EXPECT_FALSE(first.empty()) << file;
    EXPECT_TRUE(first == read_file(dir / "run" / file)) << file << " differs between two identical runs";
  }
}
