// `aicn report SWEEP_DIR`: each metric against each axis and the paired differences, drawn
// by results/aicn_sweep_report.py into an offline page.
#include <gtest/gtest.h>

#include <filesystem>

#include "aicn_test_support.hpp"
#include "sweep_fixture.hpp"

using aicn_test::read_file;
using aicn_test::run_aicn;
using aicn_test::run_command;

namespace {
namespace fs = std::filesystem;
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST(SweepReport, drawsEveryAxisAndThePairedDifferences) {
  if (run_command("/usr/bin/python3 -c 'import matplotlib'").exit_code != 0)
    GTEST_SKIP() << "no matplotlib for /usr/bin/python3 (Debian python3-matplotlib)";
  const fs::path dir = aicn_test::test_scratch();
  sweep_fixture::write(dir / "base.yaml", sweep_fixture::kBase);
  // One axis, two cells: two figures (matplotlib takes seconds for each on a shared machine).
  sweep_fixture::write(dir / "grid.yaml", "base: base.yaml\nseeds: 1-2\naxes:\n  policy.name: [local-first, least-loaded]\n");
  const fs::path out = dir / "out";
  ASSERT_EQ(run_aicn("sweep " + (dir / "grid.yaml").string() + " --out " + out.string()).exit_code, 0);
  const auto report = run_aicn("report " + out.string());
  ASSERT_EQ(report.exit_code, 0) << report.output;
  for (const char* png : {"axis-policy.name.png", "paired-differences.png"}) {
    const std::string image = read_file(out / "report" / png);
    EXPECT_GT(image.size(), 10000u) << png;
    EXPECT_EQ(image.substr(1, 3), "PNG") << png;
  }
  const std::string page = read_file(out / "report" / "index.html");
  EXPECT_TRUE(contains(page, "Reference cell: <b>local-first</b>"));
  EXPECT_TRUE(contains(page, "<td>least-loaded</td><td>wait_censored_mean_h</td><td>2</td>"));
  EXPECT_FALSE(contains(page, "cells are compared with the reference")) << "one comparison needs no note";
  // A sweep folder is reported alone.
  const auto with_compare = run_aicn("report " + out.string() + " --compare " + out.string() + " --out " + (dir / "r2").string());
  EXPECT_EQ(with_compare.exit_code, 2);
  EXPECT_TRUE(contains(with_compare.output, "aicn: error: --compare: a sweep folder is reported alone")) << with_compare.output;
  fs::remove_all(dir);
}
