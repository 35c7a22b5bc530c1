#pragma once
/// @file input_limits.hpp
/// Upper bounds on what an input file may ask for, in one place. Each is far above any real
/// run (China's national network is planned at 1e6-1e7 accelerators in a few hundred data
/// centres; a year-long study with 1e7 jobs) and far below what would overflow a type,
/// exhaust memory or keep the engine busy for days. An input beyond one is refused when it
/// is read, with a message naming the file, line, key, value and the bound.
#include <cstdint>

namespace aicn::limits {

/// GPUs in one pool (one GPU model at one site). The largest single clusters announced in
/// 2024-25 hold about 200,000 GPUs; 10 million lets one pool hold a whole nation's fleet,
/// while 1e12 (which used to end in `vector::reserve`) is refused.
inline constexpr int kMaxGpusPerPool = 10'000'000;

/// GPUs in one server. DGX/HGX servers hold 8; rack-scale NVLink domains (GB200 NVL72,
/// NVL576) hold 72 and 576 and may be modelled as one server.
inline constexpr int kMaxGpusPerServer = 1024;

/// GPUs in a whole layout: 2 to 20 times a national fleet. Memory grows with the GPU servers
/// (one SimGrid host each): one pool of 10 million GPUs ran a day in 19 s and 1.9 GB on the
/// 2-core CI machine (2026-12-01), so 20 million is about 4 GB; totals stay far below INT_MAX.
inline constexpr std::int64_t kMaxGpusPerLayout = 20'000'000;

/// GPUs one job may hold. A job runs in one pool, so it can never need more than a pool has.
inline constexpr int kMaxGpusPerJob = kMaxGpusPerPool;

/// Sites in a layout (a few hundred data centres nationally; the scale target is 3,000).
/// Routes are kept for every ordered site pair, about 80 bytes each (a Route and its hops):
/// 2 GB at 5,000 sites, 8 GB at 10,000, before SimGrid's own route per pair.
inline constexpr int kMaxSites = 5'000;

/// Periodic timers of a run (horizon / sample_interval and horizon / dispatch_tick). Ten
/// million samples is a year at a 3.2 s interval or 30 days at 0.26 s; every sample writes
/// one row per site, so 1e7 samples of a 30-site layout are already 3e8 trace rows.
inline constexpr double kMaxPeriodicEvents = 1e7;

/// Network states (distinct link/site up-down combinations over a run). Each state holds a
/// relay host per site and a route per site pair in SimGrid.
inline constexpr std::int64_t kMaxNetworkStates = 5000;

/// Jobs a generator is expected to submit (mean rate x horizon) when no max_jobs caps it. The
/// engine replays about 2e5 jobs a second (national-llm-mix), so 1e8 jobs, ten times a
/// national year of 1e7, is several minutes; 1e300 arrivals an hour would never end.
inline constexpr double kMaxExpectedJobs = 1e8;

/// Token-demand intervals of a serving trace (trace span / interval): a year at one-second
/// intervals is 3.2e7; 1e8 doubles are 800 MB.
inline constexpr double kMaxDemandIntervals = 1e8;

}  // namespace aicn::limits
