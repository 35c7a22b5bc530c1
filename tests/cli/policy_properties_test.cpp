// Acceptance properties of EVERY dispatch policy aicn knows, built-in, contrib/ and plugin
// (the policy list comes from `aicn policies` with the test plugin loaded, so a new policy
// is covered without editing this test). Each runs a small three-site scenario over several
// seeds; from the trace and summary the test checks:
//   - no pool ever holds more GPUs than it has (sweep over the jobs' start/end times), and
//     each site sample's busy GPUs equal the GPUs its job rows hold at that time;
//   - every job finished or was rejected with a reason (drained run: nothing unfinished);
//   - no job ends before submit + its run time (the job stream is regenerated here from the
//     same workload spec and seed to know each job's exact run time);
//   - the same seed gives the same summary.json.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <sstream>

#include "aicn/sim/scenario.hpp"
#include "aicn/results/trace_reader.hpp"
#include "aicn/workloads/job_source.hpp"
#include "aicn_test_support.hpp"

using aicn_test::run_aicn;

namespace {

// Small enough to run every policy over several seeds in a few seconds; large jobs (up to
// 256 GPUs) and H800 jobs that only one site holds make queues, transfers and rejections.
const char* kScenario = R"(name: properties
seed: 1
horizon: 2d
drain: true
sample_interval: 30min
layout: tiny-3site
workload:
  source: poisson-training
  arrivals_per_hour: 6
  gpu_models: {A100-80GB: 0.8, H800: 0.2}
  target_duration: {median: 3h, sigma: 0.8, min: 10min, max: 1d}
  max_gpus: 512
)";

const std::string kRandomPy =
    "/usr/bin/python3 " + std::string(AICN_SOURCE_DIR) + "/results/python/examples/random_policy.py";

std::vector<std::string> every_policy() {
  const auto listed = run_aicn(std::string("policies --policy-lib ") + AICN_TEMPLATE_PLUGIN);
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  std::vector<std::string> names;
  std::istringstream lines(listed.output);
  std::string line;
  while (std::getline(lines, line))
    if (!line.empty() && line[0] != ' ') names.push_back(line.substr(0, line.find(' ')));
  return names;
}

/// Each job's exact run time, from the workload spec and seed as the run generated them.
std::map<std::uint64_t, double> run_times(const aicn::sim::Scenario& scenario) {
  aicn::workloads::SourceContext context{&scenario.layout, scenario.seed, scenario.horizon_s, scenario.max_jobs,
                                         scenario.base_dir};
  auto source = aicn::workloads::SourceRegistry::instance().create(scenario.workload, context);
  std::map<std::uint64_t, double> times;
  while (auto job = source->next()) times[job->id] = job->run_time_s();
  return times;
}

/// The largest number of GPUs any pool (site, model) holds at once, against its size.
/// Jobs split over several sites (`split` ids) are left out: their row names the first part's
/// site and the GPUs of all parts, and the parts' own sites are not in the trace; the parts
/// are counted network-wide in expect_busy_gpus_match_the_job_rows.
void expect_never_over_allocated(const std::vector<aicn::results::NamedJobRow>& rows, const aicn::sim::Scenario& scenario,
                                 const std::set<std::uint64_t>& split) {
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<double, int>>> changes;
  for (const auto& row : rows) {
    if (row.status != static_cast<std::uint8_t>(aicn::results::JobStatus::FINISHED) || split.count(row.id) > 0) continue;
    changes[{row.site, row.gpu_model}].push_back({row.end_s, -row.gpus});  // releases sort first at equal times
    changes[{row.site, row.gpu_model}].push_back({row.start_s, row.gpus});
  }
  for (auto& [pool, events] : changes) {
    int size = 0;
    for (const auto& site : scenario.layout.sites)
      if (site.name == pool.first)
        for (const auto& p : site.pools)
          if (aicn::topology::gpu_model(p.gpu_model).name == pool.second) size = p.gpus;
    ASSERT_GT(size, 0) << "job ran on " << pool.first << " with no " << pool.second << " pool";
    std::sort(events.begin(), events.end());
    int busy = 0, peak = 0;
    for (const auto& [time, delta] : events) peak = std::max(peak, busy += delta);
    EXPECT_LE(peak, size) << pool.first << " " << pool.second;
  }
}

/// The GPUs each site's sample says are busy, against a count made from the job rows alone:
/// a job holds its `gpus` at its site from start_s until end_s (NaN end: still running). The
/// count is exact in this scenario: no outages (no job is interrupted and restarted, so one
/// start and one end per job), whole GPUs only (poisson-training asks no GPU shares), and
/// arrivals and run times drawn from continuous distributions, so no start or end falls on a
/// sample time, except at the last sample of a drained run, taken when the last job ended
/// and released its GPUs (hence start <= t < end). A job split over several sites (`split`)
/// holds GPUs at sites its row does not name: per site, the sample then holds at least the
/// unsplit jobs' count, and over all sites at one sample time exactly the count of every row.
void expect_busy_gpus_match_the_job_rows(const std::vector<aicn::results::NamedJobRow>& rows,
                                         const std::vector<aicn::results::SiteSampleRow>& samples,
                                         const aicn::sim::Scenario& scenario, const std::set<std::uint64_t>& split) {
  std::map<double, std::pair<int, int>> network;  // sample time -> (busy in the samples, held by the rows)
  const auto& sites = scenario.layout.sites;
  ASSERT_FALSE(samples.empty());
  for (const auto& sample : samples) {
    ASSERT_GE(sample.site, 0);
    ASSERT_LT(static_cast<std::size_t>(sample.site), sites.size());
    const auto& site = sites[static_cast<std::size_t>(sample.site)];
    int size = 0;
    for (const auto& pool : site.pools) size += pool.gpus;
    int held = 0, held_by_split = 0;
    for (const auto& row : rows) {
      if (site.name != row.site || std::isnan(row.start_s)) continue;
      const bool ended = !std::isnan(row.end_s) && row.end_s <= sample.time_s;
      if (row.start_s <= sample.time_s && !ended) (split.count(row.id) > 0 ? held_by_split : held) += row.gpus;
    }
    EXPECT_EQ(sample.total_gpus, size) << site.name << " at " << sample.time_s << " s";
    if (split.empty())
      EXPECT_EQ(sample.busy_gpus, held) << site.name << " at " << sample.time_s << " s";
    else
      EXPECT_GE(sample.busy_gpus, held) << site.name << " at " << sample.time_s << " s";
    EXPECT_LE(sample.busy_gpus, size) << site.name << " at " << sample.time_s << " s";
    network[sample.time_s].first += sample.busy_gpus;
    network[sample.time_s].second += held + held_by_split;
  }
  for (const auto& [time, counts] : network) EXPECT_EQ(counts.first, counts.second) << "all sites at " << time << " s";
}

}  // namespace

TEST(PolicyProperties, everyRegisteredPolicyKeepsTheInvariantsOverSeveralSeeds) {
  const auto dir = aicn_test::test_scratch();
  std::ofstream(dir / "scenario.yaml") << kScenario;
  const std::vector<std::string> policies = every_policy();
  // The fifteen built-ins (scheduler_policies/builtin/) and the template plugin, by name: a
  // policy lost from the registry, or one added without its properties checked, fails here.
  // `external` runs the Python random policy (results/python/examples), the scheduler of
  // another process whose decisions the same invariants must hold for.
  const std::vector<std::string> expected = {"broker",           "carbon-aware",
                                             "carbon-shifting",  "cost-aware",
                                             "data-gravity",     "external",
                                             "latency-aware",    "least-loaded",
                                             "local-first",      "random",
                                             "round-robin",      "shortest-expected-wait",
                                             "spatial-shifting", "split-when-needed",
                                             "template-fewest-queued", "temporal-shifting"};
  std::vector<std::string> sorted = policies;
  std::sort(sorted.begin(), sorted.end());
  ASSERT_EQ(sorted, expected);
  for (const std::string& policy : policies) {
    for (std::uint64_t seed : {1, 2, 3}) {
      SCOPED_TRACE(policy + " seed " + std::to_string(seed));
      const std::string tag = policy + "-" + std::to_string(seed);
      const std::string common = "run " + (dir / "scenario.yaml").string() + " -q --policy-lib " +
                                 AICN_TEMPLATE_PLUGIN + " --policy " + policy + " --seed " + std::to_string(seed) +
                                 (policy == "external" ? " --policy-cmd '" + kRandomPy + "'" : std::string());
      const auto outcome = run_aicn(common + " --out " + (dir / tag).string());
      ASSERT_EQ(outcome.exit_code, 0) << outcome.output;

      aicn::sim::Scenario scenario = aicn::sim::load_scenario_file((dir / "scenario.yaml").string());
      scenario.seed = seed;
      const auto expected_run_time = run_times(scenario);
      const std::string trace = (dir / tag / "trace.h5").string();
      const auto rows = aicn::results::read_job_rows(trace);
      const auto summary = nlohmann::json::parse(aicn_test::read_file(dir / tag / "summary.json"));

      ASSERT_EQ(rows.size(), expected_run_time.size());
      std::uint64_t finished = 0, rejected = 0;
      for (const auto& row : rows) {
        const bool done = row.status == static_cast<std::uint8_t>(aicn::results::JobStatus::FINISHED);
        const bool refused = row.status == static_cast<std::uint8_t>(aicn::results::JobStatus::REJECTED);
        EXPECT_TRUE(done || refused) << "job " << row.id << " status " << int(row.status);
        finished += done;
        rejected += refused;
        if (done) {
          EXPECT_GE(row.end_s, row.submit_s + expected_run_time.at(row.id) * (1 - 1e-9)) << "job " << row.id;
        }
      }
      EXPECT_GT(finished, 0u);
      EXPECT_EQ(summary["jobs"]["rejected"].get<std::uint64_t>(), rejected);
      std::uint64_t with_reason = 0;
      for (const auto& [reason, count] : summary["jobs"]["rejection_reasons"].items()) {
        EXPECT_FALSE(reason.empty());
        with_reason += count.get<std::uint64_t>();
      }
      EXPECT_EQ(with_reason, rejected) << "every rejection has a reason";
      EXPECT_EQ(summary["jobs"]["invalid_decisions"].get<std::uint64_t>(), 0u);

      std::set<std::uint64_t> split;  // jobs split over several sites (split-when-needed)
      for (const auto& event : aicn::results::read_event_rows(trace))
        if (event.kind == "split_training_ended") split.insert(static_cast<std::uint64_t>(event.job));
      expect_never_over_allocated(rows, scenario, split);
      expect_busy_gpus_match_the_job_rows(rows, aicn::results::read_filled_site_samples(trace), scenario, split);

      if (seed == 1) {
        const auto again = run_aicn(common + " --out " + (dir / (tag + "-again")).string());
        ASSERT_EQ(again.exit_code, 0) << again.output;
        EXPECT_EQ(aicn_test::read_run_file(dir / (tag + "-again"), "summary.json"),
                  aicn_test::read_run_file(dir / tag, "summary.json"));
      }
    }
  }
  std::filesystem::remove_all(dir);
}
