// `aicn report` end to end: two golden runs compared, every figure written and embedded in a
// self-contained page; headless Chromium renders the page to a non-blank screenshot; energy
// figures appear when the trace has /energy and a note replaces them when it has not.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "aicn_test_support.hpp"

using aicn_test::Outcome;
using aicn_test::read_file;
using aicn_test::run_command;

namespace {

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

const char* kFigures[] = {"gpu_utilisation_per_hub.png", "queue_length_per_hub.png", "wait_completion_cdf.png",
                          "east_west_bytes_per_link.png", "site_map.png", "energy_per_hub.png"};

class Report : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() / ("aicn-report-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    const std::string golden = std::string(AICN_SOURCE_DIR) + "/tests/golden/";
    runs_ok_ = true;
    for (const std::string policy : {"least-loaded", "local-first"}) {
      const auto out = run_command(std::string(AICN_BINARY) + " run " + golden + "tiny-3site-" + policy + ".yaml --quiet --out " +
                             (dir_ / policy).string());
      runs_ok_ = runs_ok_ && out.exit_code == 0;
    }
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  static std::string report(const std::string& arguments) { return std::string(AICN_BINARY) + " report " + arguments; }

  static inline std::filesystem::path dir_;
  static inline bool runs_ok_ = false;
};

}  // namespace

TEST_F(Report, writesEveryFigureAndAnOfflinePageThatChromiumRenders) {
  ASSERT_TRUE(runs_ok_);
  const auto out = dir_ / "report";
  const Outcome made = run_command(report((dir_ / "least-loaded").string() + " --compare " + (dir_ / "local-first").string() +
                                    " --out " + out.string()));
  ASSERT_EQ(made.exit_code, 0) << made.output;
  for (const char* figure : kFigures) {
    ASSERT_TRUE(std::filesystem::exists(out / figure)) << figure << "\n" << made.output;
    EXPECT_GT(std::filesystem::file_size(out / figure), 10000u) << figure;
  }
  const std::string page = read_file(out / "index.html");
  EXPECT_EQ(occurrences(page, "src='data:image/png;base64,"), std::size(kFigures)) << "every figure embedded";
  EXPECT_EQ(occurrences(page, "http://") + occurrences(page, "https://"), 0u) << "the page must work offline";
  EXPECT_NE(page.find("least-loaded"), std::string::npos);
  EXPECT_NE(page.find("local-first"), std::string::npos);
  EXPECT_EQ(page.find("no /energy group"), std::string::npos) << "these traces have energy samples";

  const auto shot = dir_ / "shot.png";
  const Outcome screenshot = run_command("bash " + std::string(AICN_SOURCE_DIR) + "/results/screenshot.sh " +
                                   (out / "index.html").string() + " " + shot.string() + " 1200 1600");
  ASSERT_EQ(screenshot.exit_code, 0) << screenshot.output << "(needs the Debian package chromium)";
  const Outcome looked = run_command("/usr/bin/python3 " + std::string(AICN_SOURCE_DIR) + "/results/check_screenshot.py " +
                               shot.string());
  ASSERT_EQ(looked.exit_code, 0) << looked.output;
  const auto facts = nlohmann::json::parse(looked.output);
  EXPECT_EQ(facts["width"], 1200);
  EXPECT_EQ(facts["height"], 1600);
  // A blank page is one colour; the rendered report has charts: many colours, much ink.
  EXPECT_GT(facts["colours"].get<int>(), 500) << looked.output;
  EXPECT_GT(facts["non_background"].get<double>(), 0.03) << looked.output;
}

TEST_F(Report, saysSoWhenATraceHasNoEnergySamples) {
  ASSERT_TRUE(runs_ok_);
  const auto run = dir_ / "without-energy";
  std::filesystem::create_directories(run);
  for (const char* file : {"trace.h5", "summary.json"})
    std::filesystem::copy_file(dir_ / "least-loaded" / file, run / file, std::filesystem::copy_options::overwrite_existing);
  // A run made before energy was modelled: no /energy group, no energy in the summary.
  const Outcome removed = run_command("/usr/bin/python3 -c \"import h5py, json\nf = h5py.File('" + (run / "trace.h5").string() +
                                "', 'a')\ndel f['energy']\ndel f['meta'].attrs['summary']\n"
                                "p = '" + (run / "summary.json").string() + "'\ns = json.load(open(p))\n"
                                "del s['energy']\njson.dump(s, open(p, 'w'))\n\"");
  ASSERT_EQ(removed.exit_code, 0) << removed.output;
  const Outcome made = run_command(report(run.string() + " --out " + (run / "report").string()));
  ASSERT_EQ(made.exit_code, 0) << made.output;
  EXPECT_FALSE(std::filesystem::exists(run / "report" / "energy_per_hub.png")) << made.output;
  const std::string page = read_file(run / "report" / "index.html");
  EXPECT_NE(page.find("no /energy group"), std::string::npos) << "the missing energy data is said, not hidden";
  EXPECT_EQ(occurrences(page, "src='data:image/png;base64,"), std::size(kFigures) - 1);
}

TEST_F(Report, aFolderWithoutTraceIsAnInputError) {
  const Outcome outcome = run_command(report((dir_ / "nothing-here").string()));
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("nothing-here"), std::string::npos) << outcome.output;
}

// A folder of `aicn compare` (3 policies x 2 seeds): its means and intervals are drawn beside
// each policy's first-seed run, and the title names what is compared and over which seeds.
TEST_F(Report, aCompareFolderIsDrawnWithItsConfidenceIntervals) {
  const auto compared = dir_ / "compared";
  const Outcome ran = run_command(std::string(AICN_BINARY) + " compare " + AICN_SOURCE_DIR +
                                  "/tests/golden/tiny-3site-least-loaded.yaml --policies local-first,least-loaded,cost-aware "
                                  "--seeds 1-2 --jobs 2 --out " + compared.string() + " > /dev/null");
  ASSERT_EQ(ran.exit_code, 0) << ran.output;
  const Outcome made = run_command(report(compared.string()));
  ASSERT_EQ(made.exit_code, 0) << made.output;
  EXPECT_GT(std::filesystem::file_size(compared / "report" / "comparison_ci.png"), 10000u);
  for (const char* figure : kFigures) EXPECT_TRUE(std::filesystem::exists(compared / "report" / figure)) << figure;
  const std::string page = read_file(compared / "report" / "index.html");
  EXPECT_NE(page.find("<h1>AICN comparison: golden-tiny-least-loaded: local-first vs least-loaded vs cost-aware over "
                      "seeds 1-2 (figures over time: seed 1)</h1>"),
            std::string::npos)
      << page.substr(0, 2000);
  EXPECT_EQ(occurrences(page, "src='data:image/png;base64,"), std::size(kFigures) + 1);
  const Outcome mixed = run_command(report(compared.string() + " --compare " + (dir_ / "local-first").string()));
  EXPECT_EQ(mixed.exit_code, 2) << mixed.output;
  EXPECT_NE(mixed.output.find("a compare folder is reported alone"), std::string::npos) << mixed.output;
}
