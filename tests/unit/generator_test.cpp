#include <gtest/gtest.h>

#include <cmath>

#include "aicn/topology/layout_loader.hpp"
#include "aicn/workloads/job_source.hpp"
#include "aicn/workloads/poisson_training_generator.hpp"

using namespace aicn;

namespace {

const char* kSpec = R"(
source: poisson-training
arrivals_per_hour: 120
origins: {JJJ: 3, YRD: 1}
gpu_models: {A100-80GB: 1, H800: 1}
)";

std::vector<workloads::Job> draw(std::uint64_t seed, std::uint64_t max_jobs, const char* spec = kSpec,
                                 double horizon_s = 1e9) {
  static const topology::Layout layout = topology::load_layout("china-national");
  workloads::SourceContext context{&layout, seed, horizon_s, max_jobs, ""};
  auto source = workloads::SourceRegistry::instance().create(config::ConfigNode::load_text(spec, "spec"), context);
  std::vector<workloads::Job> jobs;
  while (auto job = source->next()) jobs.push_back(*job);
  return jobs;
}

}  // namespace

TEST(PoissonTrainingGenerator, sameSeedGivesTheSameStreamAndAnotherSeedDoesNot) {
  const auto a = draw(7, 500);
  const auto b = draw(7, 500);
  const auto c = draw(8, 500);
  ASSERT_EQ(a.size(), 500u);
  ASSERT_EQ(a.size(), b.size());
  bool differs = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].submit_s, b[i].submit_s);
    EXPECT_EQ(a[i].gpus, b[i].gpus);
    EXPECT_EQ(a[i].flops, b[i].flops);
    differs = differs || a[i].submit_s != c[i].submit_s;
  }
  EXPECT_TRUE(differs);
}

TEST(PoissonTrainingGenerator, matchesTheSpecifiedRateAndOriginShares) {
  const auto jobs = draw(1, 20000);
  const double mean_gap = jobs.back().submit_s / static_cast<double>(jobs.size());
  EXPECT_NEAR(mean_gap, 30.0, 30.0 * 0.03);  // 120 an hour; 3 % is > 4 standard errors at n = 20000
  const topology::Layout layout = topology::load_layout("china-national");
  const int jjj = layout.hub_index("JJJ");
  double from_jjj = 0;
  for (const auto& job : jobs) from_jjj += job.origin_hub == jjj;
  EXPECT_NEAR(from_jjj / static_cast<double>(jobs.size()), 0.75, 0.015);
}

TEST(PoissonTrainingGenerator, sizesJobsWithTheSixNDFormula) {
  for (const auto& job : draw(3, 2000)) {
    ASSERT_GE(job.gpus, 1);
    ASSERT_LE(job.gpus, 1024);
    if (job.gpus > 8) {
      ASSERT_EQ(job.gpus % 8, 0) << "multi-server jobs take whole servers";
    }
    // The run time never exceeds the 30-day cap on the target duration unless GPUs were capped.
    if (job.gpus < 1024) {
      ASSERT_LE(job.run_time_s(), 30 * 86400.0 * (1 + 1e-9));
    }
    ASSERT_GT(job.dataset_bytes, 0.0);
  }
}

TEST(PoissonTrainingGenerator, stopsAtTheHorizon) {
  const auto jobs = draw(1, 0, kSpec, 3600.0);
  ASSERT_FALSE(jobs.empty());
  EXPECT_LT(jobs.back().submit_s, 3600.0);
  EXPECT_NEAR(static_cast<double>(jobs.size()), 120.0, 45.0);  // Poisson(120): within 4 sigma
}

TEST(PoissonTrainingGenerator, rejectsAnOriginHubTheLayoutDoesNotHave) {
  const char* spec = "source: poisson-training\norigins: {ATLANTIS: 1}\n";
  try {
    draw(1, 10, spec);
    FAIL() << "expected a ConfigError";
  } catch (const config::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("origins.ATLANTIS"), std::string::npos) << e.what();
  }
}

TEST(PoissonTrainingGenerator, rejectsAnOriginHubWithoutSites) {
  const char* layout_yaml = R"(
hubs: [{name: E, side: east}, {name: EMPTY, side: east}]
sites: [{name: a, hub: E, lat: 0, lon: 0, pools: [{gpu: H800, gpus: 8}]}]
)";
  const topology::Layout layout = topology::parse_layout(config::ConfigNode::load_text(layout_yaml, "layout"));
  workloads::SourceContext context{&layout, 1, 1e6, 10, ""};
  const char* spec = "source: poisson-training\norigins: {EMPTY: 1}\n";
  try {
    workloads::SourceRegistry::instance().create(config::ConfigNode::load_text(spec, "spec"), context);
    FAIL() << "expected a ConfigError";
  } catch (const config::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("has no site"), std::string::npos) << e.what();
  }
}
