#pragma once
/// @file cluster_view.hpp
/// What a dispatch policy may see: a read-only snapshot of every site's GPU pools and
/// queues, and the network between hubs and sites. The simulator keeps it current; a
/// policy cannot change it, so policies are testable on a hand-built view.
#include <cstdint>
#include <algorithm>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "aicn/policy/waiting_queue.hpp"
#include "aicn/topology/gpu_catalog.hpp"
#include "aicn/topology/layout.hpp"
#include "aicn/workloads/job.hpp"

namespace aicn::policy {

/// A job holding GPUs of a pool, and when it will release them.
struct RunningJobView {
  std::uint64_t id = 0;
  double end_s = 0.0;  ///< start + exact run time
  int gpus = 0;
};

/// A job waiting for GPUs of a pool (in its local queue, or still moving its data there).
struct WaitingJobView {
  std::uint64_t id = 0;
  int gpus = 0;
  double run_time_s = 0.0;
  int priority = 0;  ///< the job's priority (higher first under the `priority` discipline)
  /// Its share of one GPU in thousandths when it is a single-GPU share job (openb
  /// gpu_milli), else 1000: whole GPUs. A whole-GPU job can start only on `gpus` idle GPUs.
  int gpu_milli = workloads::kMilliPerGpu;
};

struct PoolView {
  PoolView() = default;
  /// The counts only (job lists empty); keeps brace-initialisation of the counts warning-free.
  PoolView(topology::GpuModelId model, int total, int free, int per_server, int largest_block, int queued,
           long long queued_gpu_count)
      : gpu_model(model), total_gpus(total), free_gpus(free), gpus_per_server(per_server),
        largest_free_block(largest_block), queued_jobs(queued), queued_gpus(queued_gpu_count),
        installed_gpus(total) {}

  topology::GpuModelId gpu_model = -1;
  int total_gpus = 0;  ///< usable now: 0 while the site is down (see installed_gpus)
  int free_gpus = 0;
  int gpus_per_server = 8;
  int largest_free_block = 0;  ///< most GPUs one job could get right now (gang allocation)
  int queued_jobs = 0;         ///< waiting in this pool's local queue
  long long queued_gpus = 0;   ///< GPUs those queued jobs ask for
  long long inbound_gpus = 0;  ///< GPUs the inbound jobs ask for (the sum over `inbound`)
  std::vector<RunningJobView> running;  ///< sorted by end time
  HeadQueue<WaitingJobView> queue;    ///< the local queue, in arrival order (the discipline picks from it)
  HeadQueue<WaitingJobView> inbound;  ///< placed here, data still moving, in placement order; they queue on arrival
  int installed_gpus = 0;  ///< the pool's size, also while its site is down (a policy may then hold a job)

  // Power and cost of one GPU of this pool (NaN = unknown; the simulator fills them from the
  // scenario's economics). IT power per GPU includes its share of the server overhead.
  double gpu_busy_w = std::numeric_limits<double>::quiet_NaN();  ///< IT watts of one GPU running a job
  double gpu_idle_w = std::numeric_limits<double>::quiet_NaN();  ///< IT watts of one idle GPU
  double depreciation_yuan_per_gpu_hour = std::numeric_limits<double>::quiet_NaN();  ///< straight-line capex
  double cash_cost_yuan_per_gpu_hour = std::numeric_limits<double>::quiet_NaN();     ///< the brief's 60:40 cash share
  double rent_yuan_per_gpu_hour = std::numeric_limits<double>::quiet_NaN();          ///< list price of a GPU-hour

  /// Estimated wait of a new job of `gpus` GPUs that joins behind the queue and the inbound
  /// jobs now: jobs start in that order as soon as enough GPUs are free, each releases its
  /// GPUs after its run time. Counts GPUs only (ignores how they spread over servers), so it
  /// is an estimate; infinity when the pool is smaller than `gpus`.
  double expected_wait_s(int gpus, double now_s) const;
};

struct SiteView {
  SiteView() = default;
  SiteView(std::string site_name, int hub_index, topology::Side hub_side, std::vector<PoolView> site_pools)
      : name(std::move(site_name)), hub(hub_index), side(hub_side), pools(std::move(site_pools)) {}

  std::string name;
  int hub = -1;
  topology::Side side = topology::Side::EAST;
  std::vector<PoolView> pools;
  /// Down by an outage: its pools show total_gpus 0 until it is repaired (an OUTAGE call).
  bool down = false;
  /// Index of the pool of `model`, or -1.
  int pool_of(topology::GpuModelId model) const;
  /// Named data objects (data sets, base models) with a copy kept here, sorted; a job whose
  /// objects are here moves none of their bytes (docs/data-lifecycle.md). Not listed: the
  /// objects of the site's own hub, which live here.
  std::vector<std::string> data_copies;
  bool has_copy(const std::string& object) const {
    return !object.empty() && std::binary_search(data_copies.begin(), data_copies.end(), object);
  }

  // Energy figures. The energy model fills these; until it does they keep these defaults,
  // which mean "unknown": NaN for price, carbon and green share, the layout's PUE (1 if unset).
  double pue = 1.0;                                                        ///< facility power / IT power
  double electricity_price_per_kwh = std::numeric_limits<double>::quiet_NaN();  ///< now, CNY/kWh
  /// Known price changes ahead: (time s, CNY/kWh), sorted by time; empty when unknown.
  std::vector<std::pair<double, double>> price_schedule;
  double carbon_g_per_kwh = std::numeric_limits<double>::quiet_NaN();  ///< grid carbon intensity now
  /// Known carbon-intensity changes ahead: (time s, gCO2e/kWh), sorted by time; empty when
  /// the intensity is constant (a province's yearly factor) or unknown. From a site's
  /// carbon_series, as far ahead as price_schedule reaches.
  std::vector<std::pair<double, double>> carbon_schedule;
  double green_share = std::numeric_limits<double>::quiet_NaN();       ///< renewable fraction now, 0..1

  /// Price at `t_s` (>= now) from the price now and the schedule; the last known price holds
  /// beyond the schedule. NaN when the price is unknown.
  double price_at(double t_s) const;
  /// Time-weighted mean price over [t0_s, t1_s] (the price at t0_s when t1_s <= t0_s).
  double mean_price(double t0_s, double t1_s) const;
  /// The same for the grid carbon intensity (gCO2e/kWh) from carbon_g_per_kwh and carbon_schedule.
  /// Both hold each value until the next change: a linear series is seen as steps at its rows.
  double carbon_at(double t_s) const;
  double mean_carbon(double t0_s, double t1_s) const;
  /// Grid carbon of one facility kWh after the green share, g/kWh: carbon x (1 - green share).
  double effective_carbon_g_per_kwh() const;
};

/// A pool's place in a view: `sites[site].pools[pool]`.
struct PoolRef {
  int site = -1;
  int pool = -1;
};

/// Why the policy is being asked now.
enum class DispatchTrigger { ARRIVAL, COMPLETION, TRANSFER_DONE, TICK, OUTAGE };

struct ClusterView {
  double now_s = 0.0;
  DispatchTrigger trigger = DispatchTrigger::ARRIVAL;
  std::vector<SiteView> sites;
  /// Home site of each hub (where its jobs' data lives).
  std::vector<int> hub_home_site;
  /// Every pool of each GPU model (indexed by model id), in the order of `sites` and their
  /// `pools`: which pools a job of a model can use, without a scan of every site. Derived by
  /// index_pools() from the pools' gpu_model, which a run never changes; the simulator calls
  /// it once. Empty in a hand-built view that did not call it: helpers then scan every site.
  std::vector<std::vector<PoolRef>> pools_by_model;
  /// One-way route latency and bottleneck bandwidth (bit/s) from site i to site j, row-major;
  /// infinity and 0 when no route exists. The bandwidth is what transfers get: the links'
  /// capacity less the background traffic of the hour, within both sites' transfer capacity.
  std::vector<double> route_latency_s;
  std::vector<double> route_bandwidth_bps;
  /// Dataset transfers in flight from site i to site j, row-major (empty = none anywhere).
  std::vector<int> route_transfers;
  /// Period of the scenario's dispatch_tick (TICK calls), s; 0 = none, so a held job is asked
  /// again only at the next event.
  double dispatch_tick_s = 0.0;

  /// (Re)builds pools_by_model from the sites' pools.
  void index_pools();

  double latency_s(int from_site, int to_site) const;
  double bandwidth_bps(int from_site, int to_site) const;
  /// The site where `job`'s dataset lives (its origin hub's home site).
  int data_site(const workloads::Job& job) const;
  /// Bytes `job` moves to run at `site`: its data set and base model, each unless the site
  /// holds a copy (SiteView::data_copies); nothing at its data's home site.
  double bytes_to_move(const workloads::Job& job, int site) const {
    if (hub_home_site[static_cast<std::size_t>(job.origin_hub)] == site) return 0.0;
    const SiteView& at = sites[static_cast<std::size_t>(site)];
    return (at.has_copy(job.dataset) ? 0.0 : job.dataset_bytes) + (at.has_copy(job.base_model) ? 0.0 : job.base_model_bytes);
  }
  /// Whether `job`'s data can reach `site` now: it needs no transfer there, or a route exists
  /// in the current network state. A job whose data cannot reach a site now is best held
  /// (an outage may be repaired); the runtime holds a placement there rather than reject it.
  bool data_reachable(const workloads::Job& job, int site) const {
    // Inline: the built-in policies ask it for every site and job at every call.
    const int from = hub_home_site[static_cast<std::size_t>(job.origin_hub)];
    if (from == site || (job.dataset_bytes <= 0.0 && job.base_model_bytes <= 0.0)) return true;
    if (!job.dataset.empty() && bytes_to_move(job, site) <= 0.0) return true;  // its copies are there
    const std::size_t route = static_cast<std::size_t>(from) * sites.size() + static_cast<std::size_t>(site);
    return route < route_bandwidth_bps.size() && route_bandwidth_bps[route] > 0.0;
  }
  /// Estimated time to move `job`'s dataset to `site`: latency + bytes / available bandwidth,
  /// where the bottleneck bandwidth is shared equally with the transfers already in flight on
  /// the same route (transfers on other routes that share a link are not counted); 0 when the
  /// data is already there or the job has none, infinity when no route exists.
  /// `extra_transfers`: more transfers to count on the route (a policy's own placements).
  double transfer_estimate_s(const workloads::Job& job, int site, int extra_transfers = 0) const;
};

}  // namespace aicn::policy
