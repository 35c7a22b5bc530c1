// results/SCHEMA.md matches what `aicn run` writes: every HDF5 group, dataset, column and
// attribute of trace.h5 and every key of the run folder's JSON files, in both directions.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "aicn/results/schema_check.hpp"
#include "aicn/results/trace_reader.hpp"
#include "aicn/results/trace_rows.hpp"
#include "aicn_test_support.hpp"

using aicn_test::read_file;

namespace {

// Small but complete: jobs move data west, some finish, some are still queued at the end, a
// link and a site go down and come back (so /events and the summary's outages block are
// written), so every dataset has rows and every summary key has a value of its usual type.
const char* kScenario = R"(name: schema-check
seed: 3
horizon: 12h
sample_interval: 1h
layout: tiny-3site
workload:
  source: poisson-training
  arrivals_per_hour: 6
  max_gpus: 64
policy: least-loaded
outages:
  - {at: 2h, link_down: [east-a, west-a], for: 1h}
  - {at: 5h, site_down: west-b}
  - {at: 7h, site_up: west-b}
leases:  # the leasing block of summary.json and /leasing/books
  - {id: east-in-west, lessee: EAST, site: west-a, gpu: A100-80GB, gpus: 64, term: 6h, tier: monthly}
)";

class Schema : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    run_dir_ = std::filesystem::temp_directory_path() / ("aicn-schema-" + std::to_string(::getpid()));
    std::filesystem::create_directories(run_dir_);
    std::ofstream(run_dir_ / "scenario.yaml") << kScenario;
    const std::string command = std::string(AICN_BINARY) + " run " + (run_dir_ / "scenario.yaml").string() +
                                " --quiet --out " + (run_dir_ / "run").string() + " > /dev/null 2>&1";
    run_status_ = std::system(command.c_str());
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    std::filesystem::remove_all(run_dir_, ignored);
  }

  static aicn::results::SchemaDocument document() {
    const auto path = std::filesystem::path(AICN_SOURCE_DIR) / "results" / "SCHEMA.md";
    return aicn::results::parse_schema_document(read_file(path), path.string());
  }

  static inline std::filesystem::path run_dir_;
  static inline int run_status_ = -1;
};

}  // namespace

TEST_F(Schema, documentMatchesTheWrittenTraceAndJsonFiles) {
  ASSERT_EQ(run_status_, 0) << "aicn run failed";
  const auto run = run_dir_ / "run";
  std::vector<aicn::results::SchemaItem> observed = aicn::results::inventory_hdf5((run / "trace.h5").string());
  int json_files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(run)) {
    if (entry.path().extension() != ".json") continue;
    ++json_files;
    const auto items =
        aicn::results::inventory_json(nlohmann::json::parse(read_file(entry.path())), entry.path().filename().string());
    observed.insert(observed.end(), items.begin(), items.end());
  }
  EXPECT_GE(json_files, 2) << "summary.json and provenance.json";

  const auto problems = aicn::results::compare_schema(document(), observed);
  std::string message;
  for (const auto& problem : problems) message += "\n- " + problem;
  EXPECT_TRUE(problems.empty()) << "results/SCHEMA.md and the files of a run disagree:" << message;
}

TEST_F(Schema, documentTraceAndCodeAgreeOnTheSchemaVersion) {
  ASSERT_EQ(run_status_, 0) << "aicn run failed";
  const auto doc = document();
  ASSERT_TRUE(doc.version.has_value()) << "SCHEMA.md needs a line 'Schema version: N'";
  EXPECT_EQ(*doc.version, aicn::results::kTraceSchemaVersion)
      << "bump 'Schema version:' in results/SCHEMA.md together with kTraceSchemaVersion";
  // The attribute is an int64; read it through the generic inventory-free reader.
  const auto trace = (run_dir_ / "run" / "trace.h5").string();
  const auto summary = nlohmann::json::parse(aicn::results::read_meta_string(trace, "summary"));
  EXPECT_EQ(summary, nlohmann::json::parse(read_file(run_dir_ / "run" / "summary.json")))
      << "/meta summary must hold the same figures as summary.json";
}
