#pragma once
/// @file trace_rows.hpp
/// The rows of the HDF5 trace, as plain structs (the trace writer maps them to HDF5
/// compound types). Times in seconds of simulated time; NaN where an event never happened.
#include <cstddef>
#include <cstdint>

namespace aicn::results {

/// 2: /jobs names kinds, hubs, sites and GPU models by index into /catalog/*; catalog and
/// /events texts of any length; samples written only when a value changes, with /sample_times.
inline constexpr int kTraceSchemaVersion = 2;
/// An index column's value when there is nothing to name (a rejected job's site).
inline constexpr std::int32_t kNoIndex = -1;

/// FAILED: the job's dataset could not reach its site (a network outage left no route).
enum class JobStatus : std::uint8_t { FINISHED = 0, REJECTED = 1, UNFINISHED = 2, FAILED = 3 };

/// A /jobs row as stored: every name is an index into a catalog, so a row holds no text
/// (small, and built per job without copying any name).
struct JobRow {
  std::uint64_t id;
  std::int32_t kind;       ///< index into /catalog/kinds (workloads::JobKind)
  std::int32_t origin;     ///< index into /catalog/hubs: the origin hub
  std::int32_t site;       ///< index into /catalog/sites (= /sites/catalog row); kNoIndex if never placed
  std::int32_t gpu_model;  ///< index into /catalog/gpu_models; kNoIndex if none
  std::int32_t gpus;
  std::int32_t gpu_milli;   ///< thousandths of one GPU for a GPU share; 1000 for whole GPUs; 0 for none
  std::int64_t cpu_milli;   ///< host CPU asked, millicores (0 = not stated)
  std::int64_t memory_mib;  ///< host memory asked, MiB (0 = not stated)
  double submit_s;
  double transfer_start_s;
  double transfer_end_s;
  double start_s;
  double end_s;
  double bytes_moved;
  std::uint8_t status;  ///< JobStatus
};

struct SiteSampleRow {
  double time_s;
  std::int32_t site;        ///< index into /sites/catalog
  std::int32_t busy_gpus;
  std::int32_t total_gpus;
  std::int32_t running_jobs;
  std::int32_t queued_jobs;
  std::int64_t queued_gpus;
};

struct LinkSampleRow {
  double time_s;            ///< end of the sampling interval
  std::int32_t link;        ///< index into /links/catalog
  std::int32_t direction;   ///< 0 = from -> to, 1 = to -> from
  double bytes;             ///< carried during the interval
  double utilisation;       ///< bytes / (bandwidth x interval)
};

/// One row of /energy/samples: a site's power, price and carbon at a sample time, and its
/// cumulative energy, cost and carbon since time 0.
/// A /placement/samples row: one site's node pools at a sample tick (GPUs).
struct PlacementSampleRow {
  double time_s;
  std::int32_t site;
  double requested_gpus;
  double allocated_gpus;
  double fragmented_gpus;
  double total_gpus;
};

struct EnergySampleRow {
  double time_s;
  std::int32_t site;               ///< index into /sites/catalog
  double it_power_w;               ///< GPUs and server overhead
  double facility_power_w;         ///< IT x PUE
  double price_yuan_per_kwh;       ///< electricity price now
  double co2_kg_per_h;             ///< carbon rate now: grid share of facility power x grid factor
  double energy_kwh;               ///< cumulative facility energy
  double cost_yuan;                ///< cumulative electricity cost
  double co2_kg;                   ///< cumulative carbon
  double green_share;              ///< green share of facility energy now (0..1)
  double green_kwh;                ///< cumulative green facility energy
};

/// Something that happened to the network and what it did to jobs: "link_down", "link_up",
/// "transfer_rerouted", "transfer_failed".
/// Its texts are of any length (variable-length strings in the file); TraceWriter::append
/// copies them, so they need to be valid only during the call.
struct EventRow {
  double time_s;
  const char* kind;
  const char* subject;  ///< a link ("a--b") or a site
  std::int64_t job;     ///< the job concerned, -1 for network events
  const char* detail;
};

/// Catalog rows point at text of any length (variable-length strings in the file), owned by
/// whoever writes them and valid until the write returns.
/// One row of /leasing/books (docs/leasing.md): the books of a site, of all sites together
/// ("total") or of one lease, over the measured window.
struct BooksRow {
  const char* scope;  ///< "site", "total" or "lease"
  const char* name;   ///< the site's name, "all", or the lease's id
  const char* site;   ///< the site (a lease's site); "" for the total
  double lease_revenue_yuan;
  double on_demand_revenue_yuan;
  double leased_gpu_hours;
  double leased_busy_gpu_hours;
  double idle_paid_gpu_hours;
  double on_demand_capacity_gpu_hours;
  double on_demand_busy_gpu_hours;
  double margin_yuan;    ///< NaN for a lease
  double payback_years;  ///< NaN for a lease; +inf: never pays back
};

struct SiteCatalogRow {
  std::int32_t index;
  const char* name;
  const char* hub;
  const char* side;
  std::int32_t gpus;
  double lat_deg;
  double lon_deg;
  double pue;
};

struct LinkCatalogRow {
  std::int32_t index;
  const char* from;
  const char* to;
  double bandwidth_bps;
  double latency_s;
  double distance_km;
};

}  // namespace aicn::results
