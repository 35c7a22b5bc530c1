// The event loop of aicn_plain_loop: one binary heap of events, FIFO gang queues per pool,
// local-first placement, a fixed transfer delay (the rules are listed in plain_loop.cpp).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <functional>
#include <queue>
#include <vector>

#include "aicn/topology/checked_number.hpp"
#include "aicn/topology/gpu_catalog.hpp"
#include "plain_loop.hpp"

namespace aicn::plain {
namespace {

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

}  // namespace

Job compact(const workloads::Job& job) {
  Job out;
  out.submit_s = job.submit_s;
  out.origin_hub = job.origin_hub;
  if (job.is_compute()) {
    out.model = job.gpu_model;
    out.gpus = job.gpus;
    out.run_s = job.run_time_s();
  }
  return out;
}

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

void fail(const std::string& message) {
  std::fprintf(stderr, "aicn_plain_loop: error: %s\n", message.c_str());
  std::exit(2);
}

Counts run_loop(const topology::Layout& layout, JobFeed& feed, double horizon_s, double transfer_delay_s) {
  // Pools, and per GPU model the pools that have it (a job looks at these only).
  std::vector<Pool> pools;
  std::vector<std::vector<std::uint32_t>> pools_of_model;
  for (const auto& site : layout.sites)
    for (const auto& gpu_pool : site.pools) {
      const auto model = static_cast<std::size_t>(gpu_pool.gpu_model);
      if (pools_of_model.size() <= model) pools_of_model.resize(model + 1);
      pools_of_model[model].push_back(checked::narrow<std::uint32_t>(pools.size(), "pool index"));
      pools.push_back(Pool{site.hub, gpu_pool.gpus, gpu_pool.gpus, {}});
    }

  // Every job pulled stays here (queued and running jobs are referred to by index).
  std::vector<Job> jobs;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
  std::uint64_t seq = 0;
  // Arrivals enter the heap one at a time: the next job is pulled when the previous arrives.
  const auto push_next_arrival = [&] {
    Job job;
    if (!feed.next(job)) return;
    const auto index = checked::narrow<std::uint32_t>(jobs.size(), "job count");
    jobs.push_back(job);
    events.push(Event{job.submit_s, seq++, index, 0, Kind::ARRIVE});
  };
  push_next_arrival();
  Counts counts;
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
  while (!events.empty()) {
    const Event event = events.top();
    if (event.t >= horizon_s) break;
    events.pop();
    switch (event.kind) {
      case Kind::ARRIVE: {
        ++counts.jobs;
        push_next_arrival();  // may grow `jobs`: take the job's fields only after this
        const Job& job = jobs[event.job];
        if (job.model < 0) {  // a data transfer: it ends when its bytes arrive
          events.push(Event{event.t + transfer_delay_s, seq++, event.job, 0, Kind::FINISH});
          break;
        }
        const std::int64_t p = choose(job);
        if (p < 0) {
          ++counts.rejected;
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
        ++counts.finished;
        if (jobs[event.job].model >= 0) {
          pools[event.pool].free += jobs[event.job].gpus;
          try_start(event.pool, event.t);
        }
        break;
    }
  }
  return counts;
}

}  // namespace aicn::plain
