// aicn_plain_loop -- the lower bound of issue 13's benchmark: a scenario's job stream run by
// the simplest event loop that still does the same work per job as AICN's timer model, so that
// AICN CPU time / this CPU time says what AICN's machinery (SimGrid, policy interface, trace,
// samples) costs on top of producing the jobs and the bare events.
//
//   aicn_plain_loop --scenario SCENARIO.yaml [--max-jobs N] [--horizon SECONDS] [--transfer-delay SECONDS]
//   aicn_plain_loop LAYOUT JOBS.csv [--horizon SECONDS] [--transfer-delay SECONDS]
//
// Generator mode (--scenario, the bound of bench/national_year.sh): the scenario's layout and
// `workload:` source are built with AICN's own loaders and source registry (seed, horizon and
// max_jobs from the scenario unless given here), and the loop pulls one job at a time from the
// source as each arrival is processed, as AICN does. CSV mode: the jobs of an `aicn workload
// generate` CSV, read and parsed before the loop; LAYOUT is a built-in layout name or a layout
// file. Loading the layout and building the source are outside the timed parts. What the loop
// does, and what it leaves out (bench/plain_loop_core.cpp):
// - one binary heap of events (arrival, enqueue after a transfer, finish), ordered by time
//   then by insertion;
// - placement as AICN's default policy local-first: among the pools of the job's GPU model
//   (its first choice only, as the built-in policies do) that can ever hold it, those of its
//   origin hub first, the one with the most free GPUs now (first listed on ties);
// - gang allocation of whole GPUs by count per pool (a GPU share counts as one GPU): no
//   servers, no fragmentation;
// - a FIFO queue per pool whose head blocks the rest;
// - a job placed outside its origin hub waits a fixed transfer delay (default 60 s) before it
//   joins the queue; a data-transfer job ends after that delay; no network model, no links;
// - the run time is AICN's: duration_s if set, else flops / (gpus x FP16 peak x utilisation);
// - no output but a final line (jobs = jobs submitted before the horizon):
//   generator mode: plain-loop: jobs=N finished=M unfinished=K rejected=R loop_cpu_s=X gen_cpu_s=G
//     loop_cpu_s: process CPU time of the loop with the source's next() calls inside it, the
//     bound (AICN pays for producing its jobs too); gen_cpu_s: CPU time of those next() calls
//     alone, measured by draining a second, identical source after the loop (timing each call
//     inside the loop would add two clock reads per job to the bound); gen_jobs= its count.
//   CSV mode: plain-loop: jobs=N finished=M unfinished=K rejected=R loop_cpu_s=X read_cpu_s=Y
//     loop_cpu_s: the event loop alone; read_cpu_s: reading and parsing the CSV.
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <string>
#include <vector>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout_loader.hpp"
#include "plain_loop.hpp"

namespace {

using namespace aicn::plain;

constexpr const char* kUsage =
    "usage: aicn_plain_loop --scenario SCENARIO.yaml [--max-jobs N] [--horizon S] [--transfer-delay S]\n"
    "       aicn_plain_loop LAYOUT JOBS.csv [--horizon S] [--transfer-delay S]";

void print_counts(const Counts& counts, double loop_cpu_s) {
  std::printf("plain-loop: jobs=%llu finished=%llu unfinished=%llu rejected=%llu loop_cpu_s=%.3f",
              static_cast<unsigned long long>(counts.jobs), static_cast<unsigned long long>(counts.finished),
              static_cast<unsigned long long>(counts.unfinished()), static_cast<unsigned long long>(counts.rejected),
              loop_cpu_s);
}

}  // namespace

int main(int argc, char** argv) try {
  double transfer_delay_s = 60.0;
  double horizon_s = std::numeric_limits<double>::infinity();
  bool horizon_given = false;
  std::string scenario;
  std::uint64_t max_jobs = 0;  // 0: the scenario's
  std::vector<const char*> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if ((arg == "--transfer-delay" || arg == "--horizon") && has_value) {
      const double value = parse_double(argv[++i], arg);
      if (!(value >= 0.0)) fail(arg + ": must be 0 or more, got '" + argv[i] + "'");
      (arg == "--transfer-delay" ? transfer_delay_s : horizon_s) = value;
      horizon_given = horizon_given || arg == "--horizon";
    } else if (arg == "--scenario" && has_value) {
      scenario = argv[++i];
    } else if (arg == "--max-jobs" && has_value) {
      // Read as `aicn run --max-jobs` reads it: an error names the option and the bad value.
      max_jobs = aicn::config::ConfigNode(YAML::Node(std::string(argv[++i])), "", "--max-jobs")
                     .as_integer<std::uint64_t>(1, std::numeric_limits<std::uint64_t>::max());
    } else if (!arg.empty() && arg[0] == '-') {
      fail("unknown option '" + arg + "' or missing value\n" + kUsage);
    } else {
      positional.push_back(argv[i]);
    }
  }

  if (!scenario.empty()) {
    if (!positional.empty()) fail(std::string("--scenario takes no LAYOUT or JOBS.csv\n") + kUsage);
    ScenarioSpec spec = load_scenario_spec(scenario);
    if (horizon_given) spec.horizon_s = horizon_s;
    if (max_jobs > 0) spec.max_jobs = max_jobs;
    SourceFeed feed(make_source(spec));
    const double loop_start = cpu_seconds();
    const Counts counts = run_loop(spec.layout, feed, spec.horizon_s, transfer_delay_s);
    const double loop_end = cpu_seconds();
    // The generation alone, on an identical source (same spec, seed, horizon and cap).
    const auto again = make_source(spec);
    std::uint64_t gen_jobs = 0;
    const double gen_start = cpu_seconds();
    while (again->next()) ++gen_jobs;
    const double gen_end = cpu_seconds();
    print_counts(counts, loop_end - loop_start);
    std::printf(" gen_cpu_s=%.3f gen_jobs=%llu\n", gen_end - gen_start, static_cast<unsigned long long>(gen_jobs));
    return 0;
  }

  if (max_jobs > 0) fail(std::string("--max-jobs applies to --scenario only\n") + kUsage);
  if (positional.size() != 2) fail(kUsage);
  const aicn::topology::Layout layout = aicn::topology::load_layout(positional[0]);
  const double read_start = cpu_seconds();
  const std::vector<Job> jobs = read_csv(positional[1], layout);
  VectorFeed feed(jobs);
  const double loop_start = cpu_seconds();
  const Counts counts = run_loop(layout, feed, horizon_s, transfer_delay_s);
  const double loop_end = cpu_seconds();
  print_counts(counts, loop_end - loop_start);
  std::printf(" read_cpu_s=%.3f\n", loop_start - read_start);
  return 0;
} catch (const std::exception& e) {
  fail(e.what());
}
