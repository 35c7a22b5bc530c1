#pragma once
// HDF5 compound types of the trace rows, shared by the writer and the reader.
#include <H5Cpp.h>

#include "aicn/results/trace_rows.hpp"

namespace aicn::results::h5types {

/// A UTF-8 string of any length (a `const char*` in memory): catalog names are never cut.
inline H5::StrType text() {
  H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  type.setCset(H5T_CSET_UTF8);
  return type;
}

inline H5::CompType job_type() {
  H5::CompType type(sizeof(JobRow));
  type.insertMember("id", HOFFSET(JobRow, id), H5::PredType::NATIVE_UINT64);
  type.insertMember("kind", HOFFSET(JobRow, kind), H5::PredType::NATIVE_INT32);
  type.insertMember("origin", HOFFSET(JobRow, origin), H5::PredType::NATIVE_INT32);
  type.insertMember("site", HOFFSET(JobRow, site), H5::PredType::NATIVE_INT32);
  type.insertMember("gpu_model", HOFFSET(JobRow, gpu_model), H5::PredType::NATIVE_INT32);
  type.insertMember("gpus", HOFFSET(JobRow, gpus), H5::PredType::NATIVE_INT32);
  type.insertMember("gpu_milli", HOFFSET(JobRow, gpu_milli), H5::PredType::NATIVE_INT32);
  type.insertMember("cpu_milli", HOFFSET(JobRow, cpu_milli), H5::PredType::NATIVE_INT64);
  type.insertMember("memory_mib", HOFFSET(JobRow, memory_mib), H5::PredType::NATIVE_INT64);
  type.insertMember("submit_s", HOFFSET(JobRow, submit_s), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("transfer_start_s", HOFFSET(JobRow, transfer_start_s), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("transfer_end_s", HOFFSET(JobRow, transfer_end_s), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("start_s", HOFFSET(JobRow, start_s), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("end_s", HOFFSET(JobRow, end_s), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("bytes_moved", HOFFSET(JobRow, bytes_moved), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("status", HOFFSET(JobRow, status), H5::PredType::NATIVE_UINT8);
  return type;
}

inline H5::CompType site_sample_type() {
  H5::CompType type(sizeof(SiteSampleRow));
  type.insertMember("time_s", HOFFSET(SiteSampleRow, time_s), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("site", HOFFSET(SiteSampleRow, site), H5::PredType::NATIVE_INT32);
  type.insertMember("busy_gpus", HOFFSET(SiteSampleRow, busy_gpus), H5::PredType::NATIVE_INT32);
  type.insertMember("total_gpus", HOFFSET(SiteSampleRow, total_gpus), H5::PredType::NATIVE_INT32);
  type.insertMember("running_jobs", HOFFSET(SiteSampleRow, running_jobs), H5::PredType::NATIVE_INT32);
  type.insertMember("queued_jobs", HOFFSET(SiteSampleRow, queued_jobs), H5::PredType::NATIVE_INT32);
  type.insertMember("queued_gpus", HOFFSET(SiteSampleRow, queued_gpus), H5::PredType::NATIVE_INT64);
  return type;
}

inline H5::CompType link_sample_type() {
  H5::CompType type(sizeof(LinkSampleRow));
  type.insertMember("time_s", HOFFSET(LinkSampleRow, time_s), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("link", HOFFSET(LinkSampleRow, link), H5::PredType::NATIVE_INT32);
  type.insertMember("direction", HOFFSET(LinkSampleRow, direction), H5::PredType::NATIVE_INT32);
  type.insertMember("bytes", HOFFSET(LinkSampleRow, bytes), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("utilisation", HOFFSET(LinkSampleRow, utilisation), H5::PredType::NATIVE_DOUBLE);
  return type;
}

inline H5::CompType energy_sample_type() {
  H5::CompType type(sizeof(EnergySampleRow));
  type.insertMember("time_s", HOFFSET(EnergySampleRow, time_s), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("site", HOFFSET(EnergySampleRow, site), H5::PredType::NATIVE_INT32);
  type.insertMember("it_power_w", HOFFSET(EnergySampleRow, it_power_w), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("facility_power_w", HOFFSET(EnergySampleRow, facility_power_w), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("price_yuan_per_kwh", HOFFSET(EnergySampleRow, price_yuan_per_kwh), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("co2_kg_per_h", HOFFSET(EnergySampleRow, co2_kg_per_h), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("energy_kwh", HOFFSET(EnergySampleRow, energy_kwh), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("cost_yuan", HOFFSET(EnergySampleRow, cost_yuan), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("co2_kg", HOFFSET(EnergySampleRow, co2_kg), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("green_share", HOFFSET(EnergySampleRow, green_share), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("green_kwh", HOFFSET(EnergySampleRow, green_kwh), H5::PredType::NATIVE_DOUBLE);
  return type;
}

inline H5::CompType placement_sample_type() {
  H5::CompType type(sizeof(PlacementSampleRow));
  type.insertMember("time_s", HOFFSET(PlacementSampleRow, time_s), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("site", HOFFSET(PlacementSampleRow, site), H5::PredType::NATIVE_INT32);
  type.insertMember("requested_gpus", HOFFSET(PlacementSampleRow, requested_gpus), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("allocated_gpus", HOFFSET(PlacementSampleRow, allocated_gpus), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("fragmented_gpus", HOFFSET(PlacementSampleRow, fragmented_gpus), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("total_gpus", HOFFSET(PlacementSampleRow, total_gpus), H5::PredType::NATIVE_DOUBLE);
  return type;
}

inline H5::CompType event_type() {
  H5::CompType type(sizeof(EventRow));
  type.insertMember("time_s", HOFFSET(EventRow, time_s), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("kind", HOFFSET(EventRow, kind), text());
  type.insertMember("subject", HOFFSET(EventRow, subject), text());
  type.insertMember("job", HOFFSET(EventRow, job), H5::PredType::NATIVE_INT64);
  type.insertMember("detail", HOFFSET(EventRow, detail), text());
  return type;
}

inline H5::CompType site_catalog_type() {
  H5::CompType type(sizeof(SiteCatalogRow));
  type.insertMember("index", HOFFSET(SiteCatalogRow, index), H5::PredType::NATIVE_INT32);
  type.insertMember("name", HOFFSET(SiteCatalogRow, name), text());
  type.insertMember("hub", HOFFSET(SiteCatalogRow, hub), text());
  type.insertMember("side", HOFFSET(SiteCatalogRow, side), text());
  type.insertMember("gpus", HOFFSET(SiteCatalogRow, gpus), H5::PredType::NATIVE_INT32);
  type.insertMember("lat_deg", HOFFSET(SiteCatalogRow, lat_deg), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("lon_deg", HOFFSET(SiteCatalogRow, lon_deg), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("pue", HOFFSET(SiteCatalogRow, pue), H5::PredType::NATIVE_DOUBLE);
  return type;
}

inline H5::CompType books_type() {
  H5::CompType type(sizeof(BooksRow));
  type.insertMember("scope", HOFFSET(BooksRow, scope), text());
  type.insertMember("name", HOFFSET(BooksRow, name), text());
  type.insertMember("site", HOFFSET(BooksRow, site), text());
  type.insertMember("lease_revenue_yuan", HOFFSET(BooksRow, lease_revenue_yuan), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("on_demand_revenue_yuan", HOFFSET(BooksRow, on_demand_revenue_yuan), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("leased_gpu_hours", HOFFSET(BooksRow, leased_gpu_hours), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("leased_busy_gpu_hours", HOFFSET(BooksRow, leased_busy_gpu_hours), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("idle_paid_gpu_hours", HOFFSET(BooksRow, idle_paid_gpu_hours), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("on_demand_capacity_gpu_hours", HOFFSET(BooksRow, on_demand_capacity_gpu_hours),
                    H5::PredType::NATIVE_DOUBLE);
  type.insertMember("on_demand_busy_gpu_hours", HOFFSET(BooksRow, on_demand_busy_gpu_hours), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("margin_yuan", HOFFSET(BooksRow, margin_yuan), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("payback_years", HOFFSET(BooksRow, payback_years), H5::PredType::NATIVE_DOUBLE);
  return type;
}

inline H5::CompType link_catalog_type() {
  H5::CompType type(sizeof(LinkCatalogRow));
  type.insertMember("index", HOFFSET(LinkCatalogRow, index), H5::PredType::NATIVE_INT32);
  type.insertMember("from", HOFFSET(LinkCatalogRow, from), text());
  type.insertMember("to", HOFFSET(LinkCatalogRow, to), text());
  type.insertMember("bandwidth_bps", HOFFSET(LinkCatalogRow, bandwidth_bps), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("latency_s", HOFFSET(LinkCatalogRow, latency_s), H5::PredType::NATIVE_DOUBLE);
  type.insertMember("distance_km", HOFFSET(LinkCatalogRow, distance_km), H5::PredType::NATIVE_DOUBLE);
  return type;
}

}  // namespace aicn::results::h5types
