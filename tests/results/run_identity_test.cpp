// A run folder's files all carry one run id; a folder whose files disagree or lack it mixes
// runs, and load_run (behind `aicn baseline` and `aicn check`) refuses it naming the files.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "aicn/results/atomic_file.hpp"
#include "aicn/results/regression.hpp"
#include "aicn/results/run_identity.hpp"
#include "aicn/results/trace_writer.hpp"
#include "aicn_test_support.hpp"

namespace fs = std::filesystem;
using namespace aicn::results;

namespace {

const std::string kA = "aaaaaaaa-0000-0000-0000-000000000001";
const std::string kB = "bbbbbbbb-0000-0000-0000-000000000002";

/// A run folder written by hand, each file carrying the id given for it ("" for none).
void write_run(const fs::path& dir, const std::string& summary_id, const std::string& provenance_id,
               const std::string& scenario_id, const std::string& trace_id) {
  fs::create_directories(dir);
  nlohmann::json summary{{"scenario", "s"}, {"jobs", {{"finished", 3}}}};
  if (!summary_id.empty()) summary["run_id"] = summary_id;
  write_file_atomically(dir / "summary.json", summary.dump());
  nlohmann::json provenance{{"command_line", "aicn run"}};
  if (!provenance_id.empty()) provenance["run_id"] = provenance_id;
  write_file_atomically(dir / "provenance.json", provenance.dump());
  write_file_atomically(dir / "scenario.resolved.yaml",
                        (scenario_id.empty() ? "" : run_id_comment(scenario_id)) + "name: s\n");
  TraceWriter trace((dir / "trace.h5").string());
  if (!trace_id.empty()) trace.set_meta("run_id", trace_id);
  trace.set_meta("summary", summary.dump());
  trace.close();
}

std::string refusal(const fs::path& dir) {
  try {
    load_run(dir.string());
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(RunIdentity, aFolderWhoseFilesShareOneIdLoadsWithThatId) {
  const fs::path dir = aicn_test::test_scratch() / "run";
  write_run(dir, kA, kA, kA, kA);
  EXPECT_EQ(verify_run_folder(dir), kA);
  EXPECT_EQ(load_run(dir.string()).run_id, kA);
  EXPECT_EQ(load_run((dir / "trace.h5").string()).run_id, kA) << "a trace in its folder is checked with the folder";
}

TEST(RunIdentity, filesOfTwoRunsSideBySideAreRefusedNamingEachFile) {
  const fs::path dir = aicn_test::test_scratch() / "run";
  write_run(dir, kA, kA, kB, kA);  // a re-run's resolved scenario beside the old results
  const std::string message = refusal(dir);
  EXPECT_NE(message.find("do not come from one aicn run"), std::string::npos) << message;
  EXPECT_NE(message.find("run id " + kA + " in summary.json, provenance.json, trace.h5"), std::string::npos) << message;
  EXPECT_NE(message.find("run id " + kB + " in scenario.resolved.yaml"), std::string::npos) << message;
  EXPECT_NE(refusal(dir / "trace.h5").find("scenario.resolved.yaml"), std::string::npos);
}

TEST(RunIdentity, aFileWithoutTheIdIsNamed) {
  const fs::path dir = aicn_test::test_scratch() / "run";
  write_run(dir, kA, kA, kA, "");
  const std::string message = refusal(dir);
  EXPECT_NE(message.find("no run id in trace.h5"), std::string::npos) << message;
}

TEST(RunIdentity, theTemporaryFolderOfAnUnfinishedRunIsRefusedEvenWhenItsFilesAgree) {
  const fs::path dir = aicn_test::test_scratch() / ".run.aicn-tmp-1234";
  write_run(dir, kA, kA, kA, kA);
  const std::string message = refusal(dir);
  EXPECT_NE(message.find("temporary folder of an aicn run that did not complete"), std::string::npos) << message;
  EXPECT_NE(refusal(dir / "trace.h5").find("temporary folder"), std::string::npos);
}

TEST(RunIdentity, theRunIdIsNeitherIdentityNorMetricOfABaseline) {
  const nlohmann::json one{{"run_id", kA}, {"scenario", "s"}, {"jobs", {{"finished", 3}}}};
  nlohmann::json two = one;
  two["run_id"] = kB;
  RunRecord record;
  record.summary = one;
  record.provenance = nlohmann::json::object();
  const auto baseline = make_baseline(record, false, "aicn baseline");
  EXPECT_FALSE(baseline["identity"].contains("run_id"));
  EXPECT_FALSE(baseline["metrics"].contains("run_id"));
  const CheckReport report = check_against_baseline(nlohmann::json::parse(baseline.dump()), two, Tolerance{});
  EXPECT_TRUE(report.passed()) << report.to_text();
  EXPECT_EQ(report.rows.size(), 2u) << report.to_text();  // scenario and jobs.finished only
}
