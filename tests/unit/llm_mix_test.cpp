// Acceptance tests of the `llm-mix` generator over 1e5 jobs: rates, class shares, size
// percentiles and the hour-of-day shape match the spec within stated tolerances; one seed
// gives one stream; changing one class leaves the others' jobs unchanged.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "aicn/sim/scenario.hpp"
#include "aicn/topology/layout_loader.hpp"
#include "aicn/workloads/arrival_process.hpp"
#include "aicn/workloads/csv_trace_reader.hpp"
#include "aicn/workloads/job_classes.hpp"
#include "aicn/workloads/job_source.hpp"
#include "aicn/workloads/line_reader.hpp"
#include "aicn/workloads/workload_stats.hpp"

using namespace aicn;

namespace {

// Rates sum to 100 jobs an hour; batch inference has exact log-normal sizes to check.
const char* kSpec = R"(
source: llm-mix
diurnal: helios-venus
classes:
  training: {arrivals_per_hour: 5, arrival: poisson}
  fine-tuning: {arrivals_per_hour: 15, arrival: diurnal}
  batch-inference:
    arrivals_per_hour: 70
    arrival: diurnal
    parameters: {median: 7.0e9, sigma: 0, min: 1.0e9, max: 1.0e11}
    tokens: {median: 1.0e7, sigma: 1.0, min: 1.0, max: 1.0e20}
  serving: {arrivals_per_hour: 2, arrival: poisson}
  data-transfer: {arrivals_per_hour: 8, arrival: poisson, bytes: {median: 1TB, sigma: 1.5, min: 1B, max: 1000PB}}
)";

const topology::Layout& layout() {
  static const topology::Layout national = topology::load_layout("china-national");
  return national;
}

std::vector<workloads::Job> draw(const std::string& spec, std::uint64_t seed, std::uint64_t max_jobs) {
  workloads::SourceContext context{&layout(), seed, 0.0, max_jobs, ""};
  auto source = workloads::SourceRegistry::instance().create(config::ConfigNode::load_text(spec, "spec"), context);
  std::vector<workloads::Job> jobs;
  jobs.reserve(max_jobs);
  while (auto job = source->next()) jobs.push_back(std::move(*job));
  return jobs;
}

double quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(q * static_cast<double>(values.size() - 1))];
}

/// Everything about a job but its id, for comparing streams.
std::string without_id(workloads::Job job) {
  job.id = 0;
  return workloads::csv_row(job, layout());
}

}  // namespace

TEST(LlmMix, statisticsOf1e5JobsMatchTheSpec) {
  const auto jobs = draw(kSpec, 11, 100000);
  ASSERT_EQ(jobs.size(), 100000u);
  // Mean inter-arrival: 36 s at 100 jobs an hour. The diurnal classes average their rate
  // over whole days; 1e5 jobs span ~41.7 days, so the partial last day and Poisson noise
  // stay well inside 2 %.
  const double mean_gap = (jobs.back().submit_s - jobs.front().submit_s) / static_cast<double>(jobs.size() - 1);
  EXPECT_NEAR(mean_gap, 36.0, 36.0 * 0.02);

  // Class shares: rate / total rate; binomial sd <= 0.0016, tolerance 0.006 (> 3.5 sd).
  std::array<double, workloads::kJobKindCount> count{};
  for (const auto& job : jobs) count[static_cast<std::size_t>(job.kind)] += 1;
  const std::array<double, workloads::kJobKindCount> expected{0.05, 0.15, 0.70, 0.02, 0.08};
  for (std::size_t k = 0; k < count.size(); ++k) EXPECT_NEAR(count[k] / 1e5, expected[k], 0.006) << "class " << k;

  // Size percentiles of batch inference: FLOPs = 2 N tokens with N fixed and tokens
  // log-normal (median 1e7, sigma 1): median 1.4e17, p90 = median x exp(1.2816), p10 the
  // inverse. With ~70,000 samples the quantiles' relative error is < 2 %; tolerance 4 %.
  std::vector<double> flops;
  for (const auto& job : jobs)
    if (job.kind == workloads::JobKind::BATCH_INFERENCE) flops.push_back(job.flops);
  EXPECT_NEAR(quantile(flops, 0.5) / 1.4e17, 1.0, 0.04);
  EXPECT_NEAR(quantile(flops, 0.9) / (1.4e17 * std::exp(1.2816)), 1.0, 0.04);
  EXPECT_NEAR(quantile(flops, 0.1) / (1.4e17 * std::exp(-1.2816)), 1.0, 0.04);
  // Data-transfer sizes: log-normal, median 1 TB, sigma 1.5; ~8,000 samples, tolerance 8 %.
  std::vector<double> bytes;
  for (const auto& job : jobs)
    if (job.kind == workloads::JobKind::DATA_TRANSFER) bytes.push_back(job.dataset_bytes);
  EXPECT_NEAR(quantile(bytes, 0.5) / 1e12, 1.0, 0.08);
  EXPECT_NEAR(quantile(bytes, 0.9) / (1e12 * std::exp(1.5 * 1.2816)), 1.0, 0.12);

  // Hour-of-day shape of the diurnal classes (85 jobs an hour of the 100): the share of
  // hour h is shape[h] / 24. Poisson sd of a share is <= 0.0009; tolerance 0.004 absolute.
  const auto& shape = workloads::helios_venus_diurnal_shape();
  std::array<double, 24> by_hour{};
  double diurnal_jobs = 0;
  for (const auto& job : jobs) {
    if (job.kind != workloads::JobKind::FINE_TUNING && job.kind != workloads::JobKind::BATCH_INFERENCE) continue;
    by_hour[static_cast<std::size_t>(std::fmod(job.submit_s, 86400.0) / 3600.0)] += 1;
    diurnal_jobs += 1;
  }
  for (std::size_t h = 0; h < 24; ++h) EXPECT_NEAR(by_hour[h] / diurnal_jobs, shape[h] / 24.0, 0.004) << "hour " << h;
  // The peak hour gets about nine times the trough hour, as in Venus.
  EXPECT_GT(by_hour[16] / by_hour[6], 6.0);

  // Origins: the default split (JJJ 28 %, YRD 33 %, GBA 24 %, CC 10 %, west 5 %) for compute
  // classes; tolerance 0.006.
  double yrd = 0, compute = 0;
  for (const auto& job : jobs) {
    if (!job.is_compute()) continue;
    compute += 1;
    yrd += job.origin_hub == layout().hub_index("YRD");
  }
  EXPECT_NEAR(yrd / compute, 0.33, 0.006);
}

TEST(LlmMix, oneSeedGivesOneStreamAndAnotherSeedAnother) {
  const auto a = draw(kSpec, 3, 5000);
  const auto b = draw(kSpec, 3, 5000);
  const auto c = draw(kSpec, 4, 5000);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_EQ(workloads::csv_row(a[i], layout()), workloads::csv_row(b[i], layout()));
  EXPECT_NE(workloads::csv_row(a[10], layout()), workloads::csv_row(c[10], layout()));
}

TEST(LlmMix, changingOneClassLeavesTheOtherClassesStreamsUnchanged) {
  std::string changed = kSpec;
  const std::string from = "training: {arrivals_per_hour: 5, arrival: poisson}";
  changed.replace(changed.find(from), from.size(),
                  "training: {arrivals_per_hour: 9, arrival: bursts, parameters: {median: 2.0e10, sigma: 0.3, min: 1.0e9, max: 1.0e11}}");
  const auto before = draw(kSpec, 5, 20000);
  const auto after = draw(changed, 5, 20000);
  // Compare each other class's jobs up to the time both runs cover.
  const double until = std::min(before.back().submit_s, after.back().submit_s);
  auto others = [&](const std::vector<workloads::Job>& jobs, bool training) {
    std::vector<std::string> rows;
    for (const auto& job : jobs)
      if (job.submit_s < until && (job.kind == workloads::JobKind::TRAINING) == training) rows.push_back(without_id(job));
    return rows;
  };
  const auto kept_before = others(before, false);
  EXPECT_GT(kept_before.size(), 15000u);
  EXPECT_EQ(kept_before, others(after, false));
  EXPECT_NE(others(before, true), others(after, true));  // the changed class did change
}

TEST(LlmMix, burstsRaiseTheMeanRateAsTheFormulaSays) {
  // Bursts of mean 1 h at 5x every ~23 h on a flat 10/h base: mean rate
  // 10 x (1 + (1/24) x 4) = 11.667 an hour. Over 20,000 jobs (~71 days, ~71 bursts) the
  // burst-time fraction varies by ~12 % of itself, so the rate by ~2 %; tolerance 6 %.
  const char* spec = R"(
source: llm-mix
classes:
  batch-inference: {arrivals_per_hour: 10, arrival: bursts, bursts: {factor: 5, mean_length: 1h, mean_gap: 23h, diurnal: false}}
)";
  const auto jobs = draw(spec, 2, 20000);
  const double rate_per_hour = static_cast<double>(jobs.size()) / (jobs.back().submit_s / 3600.0);
  EXPECT_NEAR(rate_per_hour, 11.667, 11.667 * 0.06);
}

TEST(LlmMix, theEmbeddedDiurnalShapeIsTheHeliosVenusFile) {
  const std::string path = std::string(AICN_SHARED_DATA_DIR) + "/helios/Venus_cluster_throughput.csv.gz";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not present";
  workloads::LineReader in(path);
  std::string line;
  ASSERT_TRUE(in.next(line));  // header: time,...,submit_gpu_job is column 4
  std::array<double, 24> sums{};
  double total = 0;
  while (in.next(line)) {
    const auto fields = workloads::split_csv(line);
    const double jobs = std::stod(fields[4]);
    sums[static_cast<std::size_t>(std::stoi(fields[0].substr(11, 2)))] += jobs;
    total += jobs;
  }
  EXPECT_EQ(total, 125214);
  const auto& shape = workloads::helios_venus_diurnal_shape();
  for (std::size_t h = 0; h < 24; ++h) EXPECT_NEAR(shape[h], sums[h] * 24 / total, 0.001) << "hour " << h;
}

TEST(LlmMix, badSpecsNameTheKey) {
  try {
    draw("source: llm-mix\nclasses: {training: {arrival: weekly}}\n", 1, 1);
    FAIL();
  } catch (const config::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("classes.training.arrival"), std::string::npos) << e.what();
  }
  EXPECT_THROW(draw("source: llm-mix\nclasses: {pretraining-xl: {}}\n", 1, 1), config::ConfigError);
  EXPECT_THROW(draw("source: llm-mix\ndiurnal: [1, 2, 3]\n", 1, 1), config::ConfigError);
}

TEST(LlmMix, theDefaultMixMatchesTheAcmeLlmClusterStatistics) {
  // ../shared/data/acmetrace/cluster_summary.csv, GPU jobs: median GPUs 1 in Seren and
  // Kalos; mean GPUs 5.68 (Seren) and 26.77 (Kalos); median run time 122 s / 124 s; mean
  // run time 1414 s / 1260 s. The default mix's batch classes (training, fine-tuning, batch
  // inference: what those clusters run) must have median GPUs 1, mean GPUs between the two
  // clusters, and median and mean run times within 25 % of the clusters' range.
  workloads::SourceContext context{&layout(), 1, 0.0, 100000, ""};
  auto source = workloads::SourceRegistry::instance().create(config::ConfigNode::load_text("source: llm-mix", "spec"), context);
  workloads::WorkloadStats stats;
  while (auto job = source->next()) stats.add(*job);
  const auto& batch = stats.batch();
  ASSERT_GT(batch.jobs, 90000u);
  EXPECT_EQ(batch.median_gpus(), 1);
  EXPECT_GE(batch.mean_gpus(), 5.68);
  EXPECT_LE(batch.mean_gpus(), 26.77);
  EXPECT_GE(batch.run_time_s.quantile(0.5), 122 * 0.75);
  EXPECT_LE(batch.run_time_s.quantile(0.5), 124 * 1.25);
  EXPECT_GE(batch.mean_run_time_s(), 1260 * 0.75);
  EXPECT_LE(batch.mean_run_time_s(), 1414 * 1.25);
}

TEST(LlmMix, theNationalLlmMixScenarioLoads) {
  const sim::Scenario scenario = sim::load_scenario_file(std::string(AICN_SOURCE_DIR) + "/sim/scenarios/national-llm-mix.yaml");
  EXPECT_EQ(scenario.name, "national-llm-mix");
  workloads::SourceContext context{&scenario.layout, scenario.seed, scenario.horizon_s, 1000, ""};
  auto source = workloads::SourceRegistry::instance().create(scenario.workload, context);
  int jobs = 0;
  while (auto job = source->next()) {
    ++jobs;
    if (job->is_compute()) {
      ASSERT_NE(topology::gpu_model(job->gpu_model).name, "L20");  // only the listed models
    }
  }
  EXPECT_EQ(jobs, 1000);
}

TEST(LlmMix, dataTransfersGoEastToWestAndAShareReturns) {
  const auto jobs = draw("source: llm-mix\nclasses: {data-transfer: {arrivals_per_hour: 100, return_fraction: 0.3}, "
                         "training: {arrivals_per_hour: 1, checkpoint_interval: 2h}}\n",
                         9, 20000);
  double transfers = 0, returning = 0;
  for (const auto& job : jobs) {
    if (job.kind == workloads::JobKind::TRAINING) {
      ASSERT_DOUBLE_EQ(job.checkpoint_interval_s, 7200.0);
      ASSERT_DOUBLE_EQ(job.checkpoint_bytes_written(5 * 3600.0), 2 * job.checkpoint_bytes);
      continue;
    }
    transfers += 1;
    const auto from = layout().hubs[static_cast<std::size_t>(job.origin_hub)].side;
    const auto to = layout().hubs[static_cast<std::size_t>(job.destination_hub)].side;
    ASSERT_NE(from, to);
    returning += from == topology::Side::WEST;
  }
  EXPECT_NEAR(returning / transfers, 0.3, 0.015);  // binomial sd 0.0033 at n ~ 19,800
}

TEST(LlmMix, aRescaledServiceFollowsTheDailyDemandHourByHour) {
  // One service (arrivals are rare) of 7e9 parameters, 2e5 tokens/s on average, living 5 h,
  // re-sized every hour: its intervals are contiguous, aligned to whole hours, cover its 5 h
  // exactly, and each holds the replicas of its hour's demand (mean x the Venus shape).
  const std::string spec = "source: llm-mix\nclasses:\n  serving:\n    arrivals_per_hour: 0.001\n    rescale: 1h\n"
                           "    gpu_models: {A100-80GB: 1}\n"
                           "    parameters: {median: 7.0e9, sigma: 0, min: 1.0e9, max: 1.0e10}\n"
                           "    tokens_per_s: {median: 2.0e5, sigma: 0, min: 1, max: 1.0e9}\n"
                           "    lifetime: {median: 5h, sigma: 0, min: 1h, max: 10h}\n";
  const auto fixed = draw("source: llm-mix\nclasses:\n  serving:\n    arrivals_per_hour: 0.001\n"
                          "    gpu_models: {A100-80GB: 1}\n"
                          "    parameters: {median: 7.0e9, sigma: 0, min: 1.0e9, max: 1.0e10}\n"
                          "    tokens_per_s: {median: 2.0e5, sigma: 0, min: 1, max: 1.0e9}\n"
                          "    lifetime: {median: 5h, sigma: 0, min: 1h, max: 10h}\n",
                          21, 1);
  const auto intervals = draw(spec, 21, 6);
  ASSERT_EQ(fixed.size(), 1u);
  ASSERT_EQ(intervals.size(), 6u);  // an unaligned start: a partial hour, four whole ones, a partial one
  EXPECT_DOUBLE_EQ(intervals.front().submit_s, fixed.front().submit_s);
  double covered = 0;
  std::set<int> gpu_counts;
  for (std::size_t i = 0; i < intervals.size(); ++i) {
    const auto& job = intervals[i];
    covered += job.duration_s;
    ASSERT_LE(job.duration_s, 3600.0 + 1e-6);
    if (i + 1 < intervals.size()) {
      EXPECT_NEAR(intervals[i + 1].submit_s, job.submit_s + job.duration_s, 1e-6);
      EXPECT_NEAR(std::fmod(intervals[i + 1].submit_s, 3600.0), 0.0, 1e-6);
    }
    workloads::InferenceServiceSize size;
    size.parameters = 7e9;
    size.mean_tokens_per_s = 2e5;
    size.peak_to_mean = workloads::helios_venus_diurnal_shape()[static_cast<std::size_t>(std::fmod(job.submit_s, 86400.0) / 3600.0)];
    EXPECT_EQ(job.gpus, workloads::size_inference_service(size, topology::find_gpu_model("A100-80GB")).gpus) << i;
    gpu_counts.insert(job.gpus);
  }
  EXPECT_NEAR(covered, 5 * 3600.0, 1e-6);
  EXPECT_GT(gpu_counts.size(), 1u);  // the replicas follow the demand
  // Without rescaling the same service holds its peak-hour replicas for all 5 h.
  EXPECT_DOUBLE_EQ(fixed.front().duration_s, 5 * 3600.0);
  EXPECT_GE(fixed.front().gpus, *gpu_counts.rbegin());
}

TEST(LlmMix, theSpecsOwnHorizonEndsTheStream) {
  const auto jobs = draw("source: llm-mix\nhorizon: 2d\n", 1, 0);
  ASSERT_FALSE(jobs.empty());
  EXPECT_LT(jobs.back().submit_s, 2 * 86400.0);
  EXPECT_GT(jobs.back().submit_s, 2 * 86400.0 - 3600.0);  // ~149 jobs an hour reach close to it
}

TEST(LlmMix, trainingMayBeSizedByATargetGpuCount) {
  const auto jobs = draw("source: llm-mix\nclasses: {training: {target_gpus: {median: 64, sigma: 0, min: 1, max: 4096}, "
                         "parameters: {median: 1.0e9, sigma: 0.5, min: 1.0e8, max: 2.0e10}}}\n",
                         4, 300);
  ASSERT_EQ(jobs.size(), 300u);
  for (const auto& job : jobs) {
    // 64 GPUs unless memory needs more: 16 bytes a parameter over 80 GB GPUs, less each GPU's
    // activations 2 x 2048 x h x L with h = (128 N / 12)^(1/3), L = h / 128 (N = checkpoint / 14).
    const double n = job.checkpoint_bytes / 14.0;
    const double h = std::cbrt(128.0 * n / 12.0);
    const int for_memory = static_cast<int>(std::ceil(16.0 * n / (80e9 - 2.0 * 2048 * h * h / 128.0) - 1e-9));
    ASSERT_EQ(job.gpus, std::max(64, for_memory > 8 ? (for_memory + 7) / 8 * 8 : for_memory));
  }
}
