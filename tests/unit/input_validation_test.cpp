// Every number and text value from an input file is checked where it is read: a value that
// does not fit its type or its bound, a duplicated key, an unknown enumeration value or bytes
// that are not UTF-8 give a ConfigError naming the file, the line, the key and the value.
// Expected messages and counts below are worked out by hand from the inputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>

#include "aicn/sim/scenario.hpp"
#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout_loader.hpp"
#include "aicn/topology/layout_overlay.hpp"
#include "aicn/topology/param_spec.hpp"
#include "aicn/topology/units.hpp"
#include "aicn/workloads/job_source.hpp"

using namespace aicn;
using config::ConfigNode;

namespace {

template <typename F>
std::string error_of(F&& run) {
  try {
    run();
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const topology::Layout& tiny() {
  static const topology::Layout layout = topology::load_layout("tiny-3site");
  return layout;
}

std::string temp_file(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("aicn-inputs-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path) << text;
  return path.string();
}

/// All jobs of a workload spec on tiny-3site (a ConfigError propagates).
std::vector<workloads::Job> jobs_of(const std::string& spec) {
  workloads::SourceContext context{&tiny(), 1, 86400.0, 0, ""};
  auto source = workloads::SourceRegistry::instance().create(ConfigNode::load_text(spec, "spec.yaml"), context);
  std::vector<workloads::Job> jobs;
  while (auto job = source->next()) jobs.push_back(*job);
  return jobs;
}

const char* kCsvHeader = "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes,priority,gpu_milli\n";
const char* kOpenbHeader =
    "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n";

}  // namespace

// --- ConfigNode's ranged integers -------------------------------------------------------

TEST(InputIntegers, aWholeNumberInRangeIsReadInEitherNotation) {
  const ConfigNode doc = ConfigNode::load_text("a: 64\nb: 1e6\nc: 9223372036854775807\n", "doc.yaml");
  EXPECT_EQ(doc.child("a").as_integer(1, 100), 64);
  EXPECT_EQ(doc.child("b").as_integer(1, 10'000'000), 1'000'000);
  // Integer text is exact: 2^63 - 1 as a double would round up to 2^63 and be refused.
  EXPECT_EQ(doc.child("c").as_integer<std::int64_t>(0, std::numeric_limits<std::int64_t>::max()),
            std::numeric_limits<std::int64_t>::max());
}

TEST(InputIntegers, outOfRangeFractionalAndNonNumbersNameFileLineKeyAndValue) {
  const ConfigNode doc = ConfigNode::load_text("x: 1\ngpus: 1e12\nhalf: 2.5\nword: many\nbig: 2147483648\n", "doc.yaml");
  EXPECT_EQ(error_of([&] { doc.child("gpus").as_integer(1, 100); }),
            "doc.yaml:2: gpus: must be a whole number from 1 to 100, got '1e12'");
  EXPECT_EQ(error_of([&] { doc.child("half").as_integer(1, 100); }),
            "doc.yaml:3: half: must be a whole number from 1 to 100, got '2.5'");
  EXPECT_EQ(error_of([&] { doc.child("word").as_integer(1, 100); }),
            "doc.yaml:4: word: must be a whole number from 1 to 100, got 'many'");
  // 2^31 used to be truncated to -2147483648 by a static_cast<int>.
  EXPECT_EQ(error_of([&] { doc.child("big").as_integer(1, std::numeric_limits<int>::max()); }),
            "doc.yaml:5: big: must be a whole number from 1 to 2147483647, got '2147483648'");
}

// --- Duplicate keys -----------------------------------------------------------------------

TEST(InputDuplicateKeys, aKeyGivenTwiceNamesFileBothLinesAndTheKey) {
  EXPECT_EQ(error_of([] { ConfigNode::load_text("seed: 1\nhorizon: 2d\nseed: 2\n", "s.yaml"); }),
            "s.yaml:3: seed: the key 'seed' is given twice in one mapping (lines 1 and 3); keep one");
  // Nested, inside a list: the path says where.
  const std::string nested = "sites:\n  - name: a\n    pools: [{gpu: A100-80GB, gpus: 8, gpus: 16}]\n";
  EXPECT_EQ(error_of([&] { ConfigNode::load_text(nested, "l.yaml"); }),
            "l.yaml:3: sites[0].pools[0].gpus: the key 'gpus' is given twice in one mapping (lines 3 and 3); keep one");
  // The same key in two different mappings is fine, and so is an alias used twice.
  EXPECT_NO_THROW(ConfigNode::load_text("a: {k: 1}\nb: {k: 2}\nc: &x {k: 3}\nd: *x\ne: *x\n", "ok.yaml"));
}

TEST(InputDuplicateKeys, aScenarioFileWithADuplicateKeyIsRefusedWhenLoaded) {
  const std::string path = temp_file("dup.yaml", "name: a\nlayout: tiny-3site\nname: b\n");
  const std::string message = error_of([&] { ConfigNode::load_file(path); });
  EXPECT_EQ(message, path + ":3: name: the key 'name' is given twice in one mapping (lines 1 and 3); keep one");
}

// --- UTF-8 --------------------------------------------------------------------------------

TEST(InputUtf8, invalidSequencesAreFoundAtTheirFirstByte) {
  EXPECT_EQ(config::invalid_utf8_offset("plain"), std::string::npos);
  EXPECT_EQ(config::invalid_utf8_offset("\xe4\xb8\xad\xe6\x96\x87"), std::string::npos);  // 中文
  EXPECT_EQ(config::invalid_utf8_offset("ok \xf0\x9f\x98\x80"), std::string::npos);         // U+1F600
  EXPECT_EQ(config::invalid_utf8_offset("ab\xff"), 2u);
  EXPECT_EQ(config::invalid_utf8_offset("a\xc0\x80"), 1u);          // overlong NUL
  EXPECT_EQ(config::invalid_utf8_offset("\xed\xa0\x80"), 0u);       // a UTF-16 surrogate
  EXPECT_EQ(config::invalid_utf8_offset("xy\xe4\xb8"), 2u);         // cut short
  EXPECT_EQ(config::invalid_utf8_offset("\xf4\x90\x80\x80"), 0u);   // above U+10FFFF
}

TEST(InputUtf8, aNameThatIsNotUtf8NamesFileLineAndKey) {
  const ConfigNode doc = ConfigNode::load_text("other: 1\nname: \"site-\\xff\"\n", "scenario.yaml");
  // YAML's \xff escape is U+00FF (valid); a raw 0xFF byte is not.
  EXPECT_EQ(doc.child("name").as_string(), "site-\xc3\xbf");
  const ConfigNode raw = ConfigNode::load_text(std::string("other: 1\nname: site-\xff\n"), "scenario.yaml");
  EXPECT_EQ(error_of([&] { raw.child("name").as_string(); }),
            "scenario.yaml:2: name: is not valid UTF-8 text (byte 6 of the value, after 'site-')");
}

// --- Layouts and overlays -----------------------------------------------------------------

namespace {
std::string one_site_layout(const std::string& pool) {
  return "hubs: [{name: E, side: east}]\nsites:\n  - name: only\n    hub: E\n    lat: 30\n    lon: 120\n    pools: [" +
         pool + "]\n";
}
}  // namespace

TEST(InputLayout, aPoolBeyondTenMillionGpusIsRefusedNotTruncated) {
  const auto load = [](const std::string& pool) {
    return error_of([&] { topology::parse_layout(ConfigNode::load_text(one_site_layout(pool), "l.yaml")); });
  };
  EXPECT_EQ(load("{gpu: A100-80GB, gpus: 1e12}"),
            "l.yaml:7: sites[0].pools[0].gpus: must be a whole number from 1 to 10000000, got '1e12'");
  EXPECT_EQ(load("{gpu: A100-80GB, gpus: 8, gpus_per_server: 4096}"),
            "l.yaml:7: sites[0].pools[0].gpus_per_server: must be a whole number from 1 to 1024, got '4096'");
  // Ten million is allowed (a nation's fleet in one pool).
  const auto big = topology::parse_layout(ConfigNode::load_text(one_site_layout("{gpu: A100-80GB, gpus: 1e7}"), "l.yaml"));
  EXPECT_EQ(big.sites[0].pools[0].gpus, 10'000'000);
}

TEST(InputLayout, aLayoutBeyondTwentyMillionGpusInAllIsRefused) {
  // Three sites of 10,000,000 GPUs: 30,000,000 > 20,000,000.
  std::string text = "hubs: [{name: E, side: east}]\nsites:\n";
  for (int i = 0; i < 3; ++i)
    text += "  - {name: s" + std::to_string(i) + ", hub: E, lat: 30, lon: 120, pools: [{gpu: A100-80GB, gpus: 10000000}]}\n";
  const std::string message = error_of([&] { topology::parse_layout(ConfigNode::load_text(text, "big.yaml")); });
  EXPECT_TRUE(contains(message, "big.yaml:3: sites: the layout has 30000000 GPUs in all, more than 20000000")) << message;
}

TEST(InputLayout, anOverlayFactorThatOverflowsThePoolNamesTheFactor) {
  const std::string overlay =
      "base: tiny-3site\npatch:\n  - scale_pool: {site: west-a, gpu: A100-80GB, factor: 1e12}\n";
  const std::string message = error_of([&] { topology::resolve_layout(ConfigNode::load_text(overlay, "what-if.yaml"), ""); });
  // west-a has 256 A100-80GB in 8-GPU servers: 32 servers x 1e12 x 8 = 2.56e14 GPUs.
  EXPECT_EQ(message, "what-if.yaml:3: patch[0].scale_pool.factor: would give the pool of A100-80GB at 'west-a' 256000000000000 GPUs, "
                     "more than the 10000000 a pool may hold, got '1e12'");
}

// --- CSV traces ---------------------------------------------------------------------------

TEST(InputCsvTrace, integerColumnsThatDoNotFitAreErrorsNamingFileLineColumnAndValue) {
  const auto replay = [](const std::string& row) {
    const std::string path = temp_file("t.csv", std::string(kCsvHeader) + row + "\n");
    return std::make_pair(path, error_of([&] { jobs_of("source: aicn-csv\npath: " + path + "\n"); }));
  };
  auto [p1, gpus] = replay("1,training,EAST,0,A100-80GB,1e12,1e18,0.5,0,,");
  EXPECT_EQ(gpus, p1 + ":2: gpus: must be a whole number from 1 to 10000000, got '1e12'");
  auto [p2, id] = replay("-7,training,EAST,0,A100-80GB,8,1e18,0.5,0,,");
  EXPECT_EQ(id, p2 + ":2: id: must be a whole number from 0 to 9007199254740992, got '-7'");
  auto [p3, priority] = replay("1,training,EAST,0,A100-80GB,8,1e18,0.5,0,2e10,");
  EXPECT_EQ(priority, p3 + ":2: priority: must be a whole number from -2147483648 to 2147483647, got '2e10'");
  auto [p4, milli] = replay("1,training,EAST,0,A100-80GB,1,1e18,0.5,0,,500.5");
  EXPECT_EQ(milli, p4 + ":2: gpu_milli: must be a whole number from 1 to 1000, got '500.5'");
  // A good row still reads: 8 GPUs, priority -3.
  const std::string good = temp_file("g.csv", std::string(kCsvHeader) + "5,training,EAST,0,A100-80GB,8,1e18,0.5,0,-3,\n");
  const auto jobs = jobs_of("source: aicn-csv\npath: " + good + "\n");
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].id, 5u);
  EXPECT_EQ(jobs[0].gpus, 8);
  EXPECT_EQ(jobs[0].priority, -3);
}

// --- SWF traces ---------------------------------------------------------------------------

TEST(InputSwfTrace, processorsBeyondTheLargestJobAreAnErrorNotOneGpu) {
  const std::string path = temp_file(
      "p.swf", "; comment\n1 0 0 100 99999999999999999 -1 -1 -1 -1 -1 1 1 1 1 1 -1 -1 -1\n");
  const std::string message =
      error_of([&] { jobs_of("source: swf\npath: " + path + "\ngpu_model: H800\norigins: {EAST: 1}\n"); });
  EXPECT_EQ(message, path + ":2: processors: 1e+17 processors at procs_per_gpu 1 need 1e+17 GPUs, more than a job may "
                            "hold (10000000)");
}

TEST(InputSwfTrace, withoutAGpuModelOnALayoutOfSeveralModelsTheSpecIsRefused) {
  const std::string path = temp_file("ok.swf", "1 0 0 100 8 -1 -1 -1 -1 -1 1 1 1 1 1 -1 -1 -1\n");
  const std::string message = error_of([&] { jobs_of("source: swf\npath: " + path + "\norigins: {EAST: 1}\n"); });
  EXPECT_EQ(message, "spec.yaml:1: (top level): a SWF trace names no GPU model and this layout has several (A100-80GB, "
                     "H800): give gpu_model (`aicn workload` takes --gpu-model)");
  const auto jobs = jobs_of("source: swf\npath: " + path + "\norigins: {EAST: 1}\ngpu_model: H800\n");
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(topology::gpu_model(jobs[0].gpu_model).name, "H800");
  EXPECT_EQ(jobs[0].gpus, 8);
}

// --- openb traces -------------------------------------------------------------------------

TEST(InputOpenbTrace, badNumbersAndEnumerationsNameFileLineColumnAndValue) {
  const auto replay = [](const std::string& row, const std::string& extra = "gpu_model: H800\n") {
    const std::string path = temp_file("pods.csv", std::string(kOpenbHeader) + row + "\n");
    return std::make_pair(path, error_of([&] { jobs_of("source: openb\npath: " + path + "\norigins: {EAST: 1}\n" + extra); }));
  };
  auto [p1, gpus] = replay("pod-1,1000,1024,1e11,1000,,LS,Running,0,100,0");
  EXPECT_EQ(gpus, p1 + ":2: num_gpu: must be a whole number from 0 to 10000000, got '1e11'");
  auto [p2, qos] = replay("pod-1,1000,1024,1,1000,,WEIRD,Running,0,100,0");
  EXPECT_EQ(qos, p2 + ":2: qos: must be one of LS, Burstable, BE, Guaranteed, got 'WEIRD'");
  auto [p3, phase] = replay("pod-1,1000,1024,1,1000,,BE,Sleeping,0,100,0");
  EXPECT_EQ(phase, p3 + ":2: pod_phase: must be one of Pending, Running, Succeeded, Failed, Unknown, got 'Sleeping'");
  auto [p4, milli] = replay("pod-1,1000,1024,1,250.5,,BE,Running,0,100,0");
  EXPECT_EQ(milli, p4 + ":2: gpu_milli: must be a whole number from 1 to 1000, got '250.5'");
  // No hidden A100 default: an unmapped model with no gpu_model on a two-model layout.
  auto [p5, model] = replay("pod-1,1000,1024,2,,V100M16,BE,Running,0,100,0", "");
  EXPECT_EQ(model, p5 + ":2: gpu_spec: openb model 'V100M16' is not mapped, got 'V100M16'; map it with gpu_models: "
                        "{V100M16: ...} or give gpu_model for unmapped pods");
  auto [p6, any] = replay("pod-1,1000,1024,2,,,BE,Running,0,100,0", "");
  EXPECT_EQ(any, p6 + ":2: gpu_spec: the pod names no GPU model, got ''; map it with gpu_models: {MODEL: ...} or give "
                      "gpu_model for unmapped pods");
}

TEST(InputOpenbTrace, qosGivesTheClassAndPriorityAndMappedModelsNeedNoDefault) {
  const std::string path = temp_file("pods-ok.csv", std::string(kOpenbHeader) +
                                                        "a,1,1,1,500,V100M16,LS,Running,0,100,0\n"
                                                        "b,1,1,2,,V100M16,Burstable,Succeeded,10,100,20\n"
                                                        "c,1,1,8,,V100M16,Guaranteed,Failed,20,100,20\n");
  const auto jobs = jobs_of("source: openb\npath: " + path + "\norigins: {EAST: 1}\ngpu_models: {V100M16: A100-80GB}\n");
  ASSERT_EQ(jobs.size(), 3u);
  EXPECT_EQ(jobs[0].kind, workloads::JobKind::INFERENCE_SERVICE);
  EXPECT_EQ(jobs[0].priority, 2);
  EXPECT_EQ(jobs[0].gpu_milli, 500);
  EXPECT_EQ(jobs[1].kind, workloads::JobKind::TRAINING);
  EXPECT_EQ(jobs[1].priority, 1);
  EXPECT_DOUBLE_EQ(jobs[1].duration_s, 80);  // deleted 100 - scheduled 20
  EXPECT_EQ(jobs[2].priority, 0);
  EXPECT_EQ(jobs[2].gpus, 8);
}

// --- Generators -----------------------------------------------------------------------------

TEST(InputGenerators, maxGpusBeyondTheLargestJobIsRefused) {
  const std::string message = error_of([] { jobs_of("source: poisson-training\nmax_gpus: 1e12\n"); });
  EXPECT_EQ(message, "spec.yaml:2: max_gpus: must be a whole number from 1 to 10000000, got '1e12'");
}

TEST(InputGenerators, aHugeDrawnModelTakesMaxGpusInsteadOfOverflowing) {
  // 1e30 parameters x 1e30 tokens in one hour needs ~1e53 GPUs: each job takes max_gpus (64).
  const auto jobs = jobs_of(
      "source: poisson-training\narrivals_per_hour: 1\nmax_gpus: 64\n"
      "parameters: {median: 1e30, sigma: 0, min: 1e30, max: 1e30}\ntokens: {median: 1e30, sigma: 0, min: 1e30, max: 1e30}\n");
  ASSERT_FALSE(jobs.empty());
  for (const auto& job : jobs) EXPECT_EQ(job.gpus, 64);
}

TEST(InputGenerators, aRescaleBelowOneSecondIsRefused) {
  const std::string message = error_of([] { jobs_of("source: llm-mix\nclasses: {serving: {rescale: 1ns}}\n"); });
  EXPECT_EQ(message, "spec.yaml:2: classes.serving.rescale: must be at least 1s, got '1ns'");
}

// --- Token demand ---------------------------------------------------------------------------

TEST(InputTokenDemand, aTimestampFarBeyondTheFirstIsAnErrorNotAnEndlessAllocation) {
  // 1e15 ms after the first request at a 60 s interval is interval 1.6667e10 > 1e8.
  const std::string path = temp_file("m.jsonl", "{\"timestamp\": 0, \"input_length\": 10, \"output_length\": 5}\n"
                                                "{\"timestamp\": 1e15, \"input_length\": 10, \"output_length\": 5}\n");
  const std::string message = error_of([&] { jobs_of("source: mooncake\npath: " + path + "\ngpu_model: H800\norigins: {EAST: 1}\n"); });
  EXPECT_TRUE(contains(message, path + ":2: timestamp: 1000000000000 s after the first request is interval 16666666666"))
      << message;
  EXPECT_TRUE(contains(message, "at most 100000000 intervals are kept")) << message;
}

// --- Declared parameters --------------------------------------------------------------------

TEST(InputParams, anIntegerParameterIsReadExactlyBeyondTwoToThe53) {
  const std::vector<registry::ParamSpec> specs{registry::integer("count", "1", "a count")};
  const auto values = registry::validate_params(
      specs, ConfigNode::load_text("count: 9007199254740993\n", "p.yaml"), "test entry");
  EXPECT_EQ(values.integer("count"), 9007199254740993LL);  // 2^53 + 1: not representable as a double
}

TEST(InputGenerators, anArrivalRateThatWouldNeverEndIsRefusedUnlessMaxJobsCapsIt) {
  const std::string message = error_of([] { jobs_of("source: poisson-training\narrivals_per_hour: 1e300\n"); });
  EXPECT_TRUE(contains(message, "spec.yaml:2: arrivals_per_hour: this rate over the 86400 s horizon makes about 2.4")) << message;
  EXPECT_TRUE(contains(message, "jobs, more than 100000000; lower it, shorten the horizon or set max_jobs")) << message;
  // With max_jobs the same rate is a finite burst of jobs.
  workloads::SourceContext capped{&tiny(), 1, 86400.0, 5, ""};
  auto source = workloads::SourceRegistry::instance().create(
      ConfigNode::load_text("source: poisson-training\narrivals_per_hour: 1e300\n", "spec.yaml"), capped);
  int count = 0;
  while (source->next()) ++count;
  EXPECT_EQ(count, 5);
}

TEST(InputDurations, aDurationBeyondALongLongIsPrintedInDaysNotAsGarbage) {
  EXPECT_EQ(units::format_duration(1e300 * 86400.0), "1e+300 d");
  EXPECT_EQ(units::format_duration(90061.0), "1d 01:01:01");  // 1 d + 1 h + 1 min + 1 s
}

TEST(InputLayout, moreThanFiveThousandSitesAreRefusedBeforeTheyAreRead) {
  std::string text = "hubs: [{name: E, side: east}]\nsites:\n";
  for (int i = 0; i < 5001; ++i) text += "  - {name: s" + std::to_string(i) + "}\n";
  const std::string message = error_of([&] { topology::parse_layout(ConfigNode::load_text(text, "many.yaml")); });
  EXPECT_EQ(message, "many.yaml:3: sites: lists 5001 sites, more than 5000 (routes are kept for every pair of sites)");
}

TEST(InputGenerators, exponentialJobsNeedAGpuModelOnALayoutOfSeveralModels) {
  // tiny-3site has A100-80GB and H800: neither is the obvious choice.
  EXPECT_EQ(error_of([] { jobs_of("source: exponential-jobs\n"); }),
            "spec.yaml:1: (top level): gpu_model is required: the layout has 2 GPU models, so none is the obvious one");
  const auto jobs = jobs_of("source: exponential-jobs\ngpu_model: H800\n");
  ASSERT_FALSE(jobs.empty());
  EXPECT_EQ(topology::gpu_model(jobs[0].gpu_model).name, "H800");
}

// --- Run size -------------------------------------------------------------------------------

TEST(InputRunSize, periodicTimersAreBoundedAtLoadAndAgainAfterAnOverride) {
  const std::string base = "layout: tiny-3site\nhorizon: 1d\nworkload: {source: poisson-training}\n";
  // 86400 s / 1e7 = 0.00864 s is the smallest interval for one day; 1ms makes 86,400,000.
  EXPECT_EQ(error_of([&] { sim::parse_scenario(ConfigNode::load_text(base + "sample_interval: 1ms\n", "r.yaml"), ""); }),
            "r.yaml:4: sample_interval: '1ms' is too short: a 0.001 s sample_interval over the 86400 s horizon makes 86400000 timer events, "
            "more than 10000000; the smallest sample_interval for this horizon is 0.00864 s");
  // 1 s samples are fine for a day (86,400) but not once the horizon is raised to 1000 days.
  sim::Scenario scenario = sim::parse_scenario(ConfigNode::load_text(base + "sample_interval: 1s\n", "r.yaml"), "");
  EXPECT_NO_THROW(sim::check_run_size(scenario));
  scenario.horizon_s = 1000 * 86400.0;
  EXPECT_EQ(error_of([&] { sim::check_run_size(scenario); }),
            "r.yaml: a 1 s sample_interval over the 86400000 s horizon makes 86400000 timer events, more than 10000000; "
            "the smallest sample_interval for this horizon is 8.64 s");
}
