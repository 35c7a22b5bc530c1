// aicn_plain_loop -- the lower bound of issue 13's benchmark: the job stream of an `aicn
// workload generate` CSV replayed by the simplest event loop that still does the same work
// per job as AICN's timer model, so that AICN CPU time / this CPU time says what AICN's
// machinery (SimGrid, policy interface, trace, samples) costs on top of the bare events.
//
//   aicn_plain_loop LAYOUT JOBS.csv [--transfer-delay SECONDS] [--horizon SECONDS]
//
// LAYOUT is a built-in layout name or a layout file (read with AICN's layout loader, outside
// the timed part). What the loop does, and what it leaves out:
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
// - no output but a final line:
//   plain-loop: jobs=N finished=M unfinished=K loop_cpu_s=X read_cpu_s=Y
//   loop_cpu_s is the process CPU time of the event loop alone; read_cpu_s that of reading
//   and parsing the CSV (AICN generates its jobs in-process, so the loop time is the bound).
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <limits>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "aicn/topology/checked_number.hpp"
#include "aicn/topology/gpu_catalog.hpp"
#include "aicn/topology/layout_loader.hpp"

namespace {

struct Job {
  double submit_s = 0.0;
  double run_s = 0.0;
  int gpus = 0;
  int model = -1;  ///< GPU catalogue id; -1 for a data transfer
  int origin_hub = -1;
};

struct Pool {
  int hub = -1;
  int total = 0;
  int free = 0;
  std::deque<std::uint32_t> queue;  ///< FIFO; O(1) removal at the head
};

enum class Kind : std::uint8_t { ARRIVE, ENQUEUE, FINISH };

struct Event {
  double t;
  std::uint64_t seq;
  std::uint32_t job;
  std::uint32_t pool;
  Kind kind;
  bool operator>(const Event& other) const { return t != other.t ? t > other.t : seq > other.seq; }
};

[[noreturn]] void fail(const std::string& message) {
  std::fprintf(stderr, "aicn_plain_loop: error: %s\n", message.c_str());
  std::exit(2);
}

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double parse_double(std::string_view text, const std::string& where) {
  if (text.empty()) return 0.0;
  std::string copy(text);  // strtod needs a terminated string
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || errno == ERANGE) fail(where + ": not a number: '" + copy + "'");
  return value;
}

/// Splits one CSV line on commas (AICN's generated CSV quotes nothing it writes for these columns).
void split(std::string_view line, std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) return;
    start = comma + 1;
  }
}

std::vector<Job> read_jobs(const char* path, const aicn::topology::Layout& layout) {
  FILE* file = std::fopen(path, "rb");
  if (!file) fail(std::string(path) + ": cannot open: " + std::strerror(errno));
  std::vector<Job> jobs;
  std::vector<std::string_view> fields;
  int c_kind = -1, c_origin = -1, c_submit = -1, c_model = -1, c_gpus = -1, c_flops = -1, c_util = -1, c_duration = -1,
      c_milli = -1;
  char* raw = nullptr;
  std::size_t capacity = 0;
  long line_no = 0;
  std::vector<double> peak(64, 0.0);
  ssize_t length = 0;
  while ((length = getline(&raw, &capacity, file)) > 0) {
    ++line_no;
    std::string_view line(raw, static_cast<std::size_t>(length));
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    split(line, fields);
    const std::string where = std::string(path) + ":" + std::to_string(line_no);
    if (c_kind < 0) {  // the header
      for (std::size_t i = 0; i < fields.size(); ++i) {
        const int index = aicn::checked::narrow<int>(i, "column index");
        if (fields[i] == "kind") c_kind = index;
        if (fields[i] == "origin_hub") c_origin = index;
        if (fields[i] == "submit_s") c_submit = index;
        if (fields[i] == "gpu_model") c_model = index;
        if (fields[i] == "gpus") c_gpus = index;
        if (fields[i] == "flops") c_flops = index;
        if (fields[i] == "utilisation") c_util = index;
        if (fields[i] == "duration_s") c_duration = index;
        if (fields[i] == "gpu_milli") c_milli = index;
      }
      if (c_kind < 0 || c_origin < 0 || c_submit < 0 || c_model < 0 || c_gpus < 0 || c_flops < 0 || c_util < 0)
        fail(where + ": not an AICN CSV header (needs kind, origin_hub, submit_s, gpu_model, gpus, flops, utilisation)");
      continue;
    }
    const auto column = [&](int index) -> std::string_view {
      return index >= 0 && static_cast<std::size_t>(index) < fields.size() ? fields[static_cast<std::size_t>(index)]
                                                                              : std::string_view{};
    };
    Job job;
    job.submit_s = parse_double(column(c_submit), where + ": submit_s");
    job.origin_hub = layout.hub_index(std::string(column(c_origin)));
    if (job.origin_hub < 0) fail(where + ": origin_hub: unknown hub '" + std::string(column(c_origin)) + "'");
    if (column(c_kind) != "data-transfer") {
      job.model = aicn::topology::find_gpu_model(column(c_model));
      if (job.model < 0) fail(where + ": gpu_model: unknown model '" + std::string(column(c_model)) + "'");
      job.gpus = aicn::checked::narrow<int>(parse_double(column(c_gpus), where + ": gpus"), where + ": gpus", 1,
                                            10'000'000);
      const double duration = parse_double(column(c_duration), where + ": duration_s");
      const double milli = parse_double(column(c_milli), where + ": gpu_milli");
      const double fraction = (job.gpus == 1 && milli > 0.0 && milli < 1000.0) ? milli / 1000.0 : job.gpus;
      job.run_s = duration > 0.0 ? duration
                                 : parse_double(column(c_flops), where + ": flops") /
                                       (fraction * aicn::topology::gpu_model(job.model).peak_fp16_flops *
                                        parse_double(column(c_util), where + ": utilisation"));
    }
    jobs.push_back(job);
  }
  std::free(raw);
  std::fclose(file);
  if (c_kind < 0) fail(std::string(path) + ": no header line");
  return jobs;
}

}  // namespace

int main(int argc, char** argv) try {
  double transfer_delay_s = 60.0;
  double horizon_s = std::numeric_limits<double>::infinity();
  std::vector<const char*> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--transfer-delay" || arg == "--horizon") && i + 1 < argc) {
      const double value = parse_double(argv[++i], arg);
      if (!(value >= 0.0)) fail(arg + ": must be 0 or more, got '" + argv[i] + "'");
      (arg == "--transfer-delay" ? transfer_delay_s : horizon_s) = value;
    } else if (!arg.empty() && arg[0] == '-') {
      fail("unknown option '" + arg + "' (usage: aicn_plain_loop LAYOUT JOBS.csv [--transfer-delay S] [--horizon S])");
    } else {
      positional.push_back(argv[i]);
    }
  }
  if (positional.size() != 2) fail("usage: aicn_plain_loop LAYOUT JOBS.csv [--transfer-delay S] [--horizon S]");
  const aicn::topology::Layout layout = aicn::topology::load_layout(positional[0]);

  const double read_start = cpu_seconds();
  const std::vector<Job> jobs = read_jobs(positional[1], layout);
  const double loop_start = cpu_seconds();

  // Pools, and per GPU model the pools that have it (a job looks at these only).
  std::vector<Pool> pools;
  std::vector<std::vector<std::uint32_t>> pools_of_model;
  for (const auto& site : layout.sites)
    for (const auto& gpu_pool : site.pools) {
      const auto model = static_cast<std::size_t>(gpu_pool.gpu_model);
      if (pools_of_model.size() <= model) pools_of_model.resize(model + 1);
      pools_of_model[model].push_back(aicn::checked::narrow<std::uint32_t>(pools.size(), "pool index"));
      pools.push_back(Pool{site.hub, gpu_pool.gpus, gpu_pool.gpus, {}});
    }

  std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
  std::uint64_t seq = 0;
  const std::uint32_t job_count = aicn::checked::narrow<std::uint32_t>(jobs.size(), "job count");
  // Arrivals enter the heap one at a time (the file is in submit order), as a generator would.
  std::uint32_t next_arrival = 0;
  const auto push_next_arrival = [&] {
    if (next_arrival < job_count) {
      events.push(Event{jobs[next_arrival].submit_s, seq++, next_arrival, 0, Kind::ARRIVE});
      ++next_arrival;
    }
  };
  push_next_arrival();
  std::uint64_t finished = 0;
  const auto try_start = [&](std::uint32_t p, double now) {
    Pool& pool = pools[p];
    while (!pool.queue.empty() && jobs[pool.queue.front()].gpus <= pool.free) {
      const std::uint32_t j = pool.queue.front();
      pool.queue.pop_front();
      pool.free -= jobs[j].gpus;
      events.push(Event{now + jobs[j].run_s, seq++, j, p, Kind::FINISH});
    }
  };
  const auto choose = [&](const Job& job) -> std::int64_t {
    const auto model = static_cast<std::size_t>(job.model);
    if (model >= pools_of_model.size()) return -1;
    for (const bool local : {true, false}) {
      std::int64_t best = -1;
      int best_free = -1;
      for (const std::uint32_t p : pools_of_model[model]) {
        if (local && pools[p].hub != job.origin_hub) continue;
        if (pools[p].total < job.gpus || pools[p].free <= best_free) continue;
        best_free = pools[p].free;
        best = p;
      }
      if (best >= 0) return best;
    }
    return -1;
  };
  std::uint64_t never_fit = 0;
  while (!events.empty()) {
    const Event event = events.top();
    if (event.t >= horizon_s) break;
    events.pop();
    const Job& job = jobs[event.job];
    switch (event.kind) {
      case Kind::ARRIVE: {
        push_next_arrival();
        if (job.model < 0) {  // a data transfer: it ends when its bytes arrive
          events.push(Event{event.t + transfer_delay_s, seq++, event.job, 0, Kind::FINISH});
          break;
        }
        const std::int64_t p = choose(job);
        if (p < 0) {
          ++never_fit;
          break;
        }
        const auto pool = static_cast<std::uint32_t>(p);
        if (pools[pool].hub == job.origin_hub) {
          pools[pool].queue.push_back(event.job);
          try_start(pool, event.t);
        } else {
          events.push(Event{event.t + transfer_delay_s, seq++, event.job, pool, Kind::ENQUEUE});
        }
        break;
      }
      case Kind::ENQUEUE:
        pools[event.pool].queue.push_back(event.job);
        try_start(event.pool, event.t);
        break;
      case Kind::FINISH:
        ++finished;
        if (job.model >= 0) {
          pools[event.pool].free += job.gpus;
          try_start(event.pool, event.t);
        }
        break;
    }
  }
  const double loop_end = cpu_seconds();
  std::printf("plain-loop: jobs=%zu finished=%llu unfinished=%llu rejected=%llu loop_cpu_s=%.3f read_cpu_s=%.3f\n",
              jobs.size(), static_cast<unsigned long long>(finished),
              static_cast<unsigned long long>(jobs.size() - finished - never_fit),
              static_cast<unsigned long long>(never_fit), loop_end - loop_start, loop_start - read_start);
  return 0;
} catch (const std::exception& e) {
  fail(e.what());
}
