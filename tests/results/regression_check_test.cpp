// `aicn check`'s comparison: a metric beyond tolerance fails, one within passes; missing
// metrics, another policy and a changed job table fail; so do new metrics unless allowed.
#include <gtest/gtest.h>

#include "aicn/results/regression.hpp"
#include "aicn/results/summary.hpp"

using namespace aicn::results;

namespace {

nlohmann::json example_summary() {
  Summary summary;
  summary.scenario = "golden";
  summary.layout = "tiny-3site";
  summary.policy = "least-loaded";
  summary.seed = 7;
  summary.compute_model = "timer";
  summary.horizon_s = 86400.0;
  summary.end_s = 90000.0;
  summary.jobs_submitted = 20;
  summary.jobs_finished = 18;
  summary.wait_s = {18, 100.0, 50.0, 400.0, 500.0, 600.0};
  summary.completion_s = {18, 4000.0, 3000.0, 9000.0, 9500.0, 9900.0};
  summary.sites.push_back({"east-a", "EAST", "east", 64, 10, 1.0e6, 0.25});
  summary.sites.push_back({"west-a", "WEST", "west", 256, 8, 2.0e6, 0.10});
  summary.utilisation = 0.15;
  summary.transfers = 8;
  summary.bytes_moved = 4.0e12;
  summary.bytes_east_to_west = 4.0e12;
  return nlohmann::json::parse(summary.to_json().dump());
}

nlohmann::json baseline_of(const nlohmann::json& summary) {
  RunRecord run;
  run.source = "run-dir";
  run.summary = summary;
  return nlohmann::json::parse(make_baseline(run, false, "aicn baseline run-dir").dump());
}

const CheckRow& row_named(const CheckReport& report, const std::string& metric) {
  for (const auto& row : report.rows)
    if (row.metric == metric) return row;
  throw std::runtime_error("no row " + metric);
}

nlohmann::json job_table(double start_of_second_job) {
  return {{"columns", {"id", "site", "start_s"}}, {"rows", {{0, "east-a", 10.0}, {1, "west-a", start_of_second_job}}}};
}

}  // namespace

TEST(Regression, metricsAreFlattenedWithSitesByNameAndIdentityApart) {
  const auto metrics = summary_metrics(example_summary());
  std::vector<std::string> names;
  for (const auto& [name, value] : metrics) names.push_back(name);
  EXPECT_NE(std::find(names.begin(), names.end(), "wait_s.p95"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "sites.west-a.utilisation"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "network.bytes_east_to_west"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "seed"), names.end()) << "the seed is identity, not a metric";
  const auto baseline = baseline_of(example_summary());
  EXPECT_EQ(baseline["identity"]["policy"], "least-loaded");
  EXPECT_EQ(baseline["identity"]["seed"], "7");
  EXPECT_DOUBLE_EQ(baseline["metrics"]["sites.east-a.busy_gpu_s"].get<double>(), 1.0e6);
}

TEST(Regression, theSameRunPasses) {
  const auto summary = example_summary();
  const auto report = check_against_baseline(baseline_of(summary), summary, Tolerance{});
  EXPECT_TRUE(report.passed()) << report.to_text();
  EXPECT_EQ(report.count(Verdict::DRIFT), 0u);
  EXPECT_GT(report.count(Verdict::OK), 30u);
}

TEST(Regression, aPerturbedMetricFailsBeyondToleranceAndPassesWithin) {
  const auto baseline = baseline_of(example_summary());
  auto perturbed = example_summary();
  perturbed["wait_s"]["mean"] = 100.5;  // +0.5 %

  const auto strict = check_against_baseline(baseline, perturbed, Tolerance{1e-3, 0.0});
  EXPECT_FALSE(strict.passed());
  EXPECT_EQ(row_named(strict, "wait_s.mean").verdict, Verdict::DRIFT);
  EXPECT_EQ(row_named(strict, "wait_s.mean").difference, "+0.5");
  EXPECT_EQ(strict.count(Verdict::DRIFT), 1u) << "only the perturbed metric drifts";
  EXPECT_NE(strict.to_text().find("FAIL"), std::string::npos);

  EXPECT_TRUE(check_against_baseline(baseline, perturbed, Tolerance{1e-2, 0.0}).passed());
  EXPECT_TRUE(check_against_baseline(baseline, perturbed, Tolerance{0.0, 0.5}).passed()) << "atol alone covers it";
  EXPECT_FALSE(check_against_baseline(baseline, perturbed, Tolerance{0.0, 0.49}).passed());
}

TEST(Regression, aMissingMetricFailsAndANewOneFailsUnlessAllowed) {
  const auto baseline = baseline_of(example_summary());
  auto summary = example_summary();
  summary["network"].erase("transfers");
  summary["energy_kwh"] = 12.5;
  const auto report = check_against_baseline(baseline, summary, Tolerance{});
  EXPECT_FALSE(report.passed());
  EXPECT_EQ(row_named(report, "network.transfers").verdict, Verdict::MISSING);
  EXPECT_EQ(row_named(report, "energy_kwh").verdict, Verdict::NEW);

  summary = example_summary();
  summary["energy_kwh"] = 12.5;
  const auto strict = check_against_baseline(baseline, summary, Tolerance{});
  EXPECT_FALSE(strict.passed()) << "the baseline cannot guard a metric it lacks";
  EXPECT_NE(strict.to_text(true).find("energy_kwh"), std::string::npos) << strict.to_text(true);
  EXPECT_NE(strict.to_text().find("--allow-new"), std::string::npos) << strict.to_text();
  const auto allowed = check_against_baseline(baseline, summary, Tolerance{}, nullptr, true);
  EXPECT_TRUE(allowed.passed()) << allowed.to_text();
  EXPECT_EQ(allowed.count(Verdict::NEW), 1u);
}

TEST(Regression, nullsBooleansAndNestedStringsAreRecordedAndCompared) {
  auto summary = example_summary();
  summary["energy"] = {{"accounting", "location-based"},
                       {"sites", {{{"name", "east-a"}, {"hub", "EAST"}, {"payback_months", nullptr}, {"green", true}}}}};
  const auto baseline = baseline_of(summary);
  EXPECT_TRUE(baseline["metrics"].contains("energy.sites.east-a.payback_months"));
  EXPECT_TRUE(baseline["metrics"]["energy.sites.east-a.payback_months"].is_null());
  EXPECT_EQ(baseline["metrics"]["energy.sites.east-a.green"], 1);
  EXPECT_EQ(baseline["identity"]["energy.sites.east-a.hub"], "EAST");
  EXPECT_EQ(baseline["identity"]["energy.accounting"], "location-based");
  EXPECT_EQ(baseline["identity"]["sites.west-a.hub"], "WEST");
  EXPECT_FALSE(baseline["metrics"].contains("energy.sites.east-a.name")) << "the name is the label, not a field";
  EXPECT_TRUE(check_against_baseline(baseline, summary, Tolerance{}).passed());

  auto paid_back = summary;
  paid_back["energy"]["sites"][0]["payback_months"] = 30.0;
  EXPECT_EQ(row_named(check_against_baseline(baseline, paid_back, Tolerance{}), "energy.sites.east-a.payback_months").verdict,
            Verdict::DRIFT);
  auto moved = summary;
  moved["energy"]["sites"][0]["hub"] = "WEST";
  EXPECT_EQ(row_named(check_against_baseline(baseline, moved, Tolerance{}), "energy.sites.east-a.hub").verdict,
            Verdict::DIFFERENT);
}

TEST(Regression, anotherPolicyIsNotTheBaselinesRun) {
  auto summary = example_summary();
  summary["policy"] = "local-first";
  const auto report = check_against_baseline(baseline_of(example_summary()), summary, Tolerance{});
  EXPECT_FALSE(report.passed());
  EXPECT_EQ(row_named(report, "policy").verdict, Verdict::DIFFERENT);
}

TEST(Regression, theJobTableIsComparedRowByRow) {
  auto baseline = baseline_of(example_summary());
  baseline["jobs"] = job_table(20.0);
  const auto summary = example_summary();
  auto same = job_table(20.0);
  EXPECT_TRUE(check_against_baseline(baseline, summary, Tolerance{}, &same).passed());
  auto later = job_table(25.0);
  const auto report = check_against_baseline(baseline, summary, Tolerance{}, &later);
  EXPECT_FALSE(report.passed());
  EXPECT_EQ(row_named(report, "jobs table rows differing").value, "1");
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_NE(report.notes[0].find("start_s 20.0 -> 25.0"), std::string::npos) << report.notes[0];
  EXPECT_TRUE(check_against_baseline(baseline, summary, Tolerance{0.5, 0.0}, &later).passed());

  auto no_jobs_baseline = baseline_of(example_summary());
  EXPECT_THROW(check_against_baseline(no_jobs_baseline, summary, Tolerance{}, &same), std::invalid_argument);
}

TEST(Regression, aVersionOneBaselineStillReadsAndALaterVersionIsRefused) {
  const auto summary = example_summary();
  auto old = baseline_of(summary);
  old["format_version"] = 1;
  EXPECT_TRUE(check_against_baseline(old, summary, Tolerance{}).passed());
  old["format_version"] = 3;
  try {
    check_against_baseline(old, summary, Tolerance{});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("format_version: expected 1 to 2, got 3"), std::string::npos) << e.what();
  }
}

TEST(Regression, aMalformedBaselineIsAnInputError) {
  EXPECT_THROW(check_against_baseline(nlohmann::json::object(), example_summary(), Tolerance{}), std::invalid_argument);
  auto baseline = baseline_of(example_summary());
  baseline["metrics"]["wait_s.mean"] = "fast";
  try {
    check_against_baseline(baseline, example_summary(), Tolerance{});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("metrics.wait_s.mean"), std::string::npos) << e.what();
  }
}

TEST(Regression, theBaselineFileTextParsesBackToTheSameBaseline) {
  RunRecord run;
  run.source = "run-dir";
  run.summary = example_summary();
  auto baseline = make_baseline(run, false, "aicn baseline run-dir");
  EXPECT_EQ(nlohmann::ordered_json::parse(baseline_text(baseline)), baseline);
  baseline["jobs"] = job_table(20.0);
  const std::string text = baseline_text(baseline);
  EXPECT_EQ(nlohmann::ordered_json::parse(text), baseline);
  EXPECT_NE(text.find("\n      [1,\"west-a\",20.0]"), std::string::npos) << "one job row per line:\n" << text;
  EXPECT_TRUE(baseline["metrics"]["jobs.submitted"].is_number_integer()) << "counts stay integers";
}
