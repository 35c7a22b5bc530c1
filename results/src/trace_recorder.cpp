#include "aicn/results/trace_recorder.hpp"

#include <cstdio>

#include <limits>
#include <vector>

namespace aicn::results {

TraceRecorder::TraceRecorder(TraceWriter& writer, const topology::Layout& layout, const EnergyAccountant& energy)
    : writer_(writer), layout_(layout), energy_(energy) {
  last_site_rows_.resize(layout.sites.size());
  last_link_rows_.resize(2 * layout.links.size());
}

std::string_view TraceRecorder::site_name(int site) const {
  return site >= 0 ? std::string_view(layout_.sites[static_cast<std::size_t>(site)].name) : std::string_view();
}

void TraceRecorder::write_catalogs() {
  // The names the index columns of /jobs refer to, each in the order of its index.
  std::vector<std::string_view> names;
  for (int k = 0; k < workloads::kJobKindCount; ++k) names.push_back(workloads::job_kind_name(static_cast<workloads::JobKind>(k)));
  writer_.write_catalog("kinds", names);
  names.clear();
  for (const auto& hub : layout_.hubs) names.push_back(hub.name);
  writer_.write_catalog("hubs", names);
  names.clear();
  for (const auto& site : layout_.sites) names.push_back(site.name);
  writer_.write_catalog("sites", names);
  names.clear();
  for (const auto& model : topology::gpu_catalog()) names.push_back(model.name);
  writer_.write_catalog("gpu_models", names);

  std::vector<SiteCatalogRow> site_rows;
  for (std::size_t s = 0; s < layout_.sites.size(); ++s) {
    const auto& site = layout_.sites[s];
    const auto& hub = layout_.hubs[static_cast<std::size_t>(site.hub)];
    SiteCatalogRow row{};
    row.index = static_cast<std::int32_t>(s);
    row.name = site.name.c_str();
    row.hub = hub.name.c_str();
    row.side = hub.side == topology::Side::EAST ? "east" : "west";
    row.gpus = site.total_gpus();
    row.lat_deg = site.lat_deg;
    row.lon_deg = site.lon_deg;
    row.pue = site.pue;
    site_rows.push_back(row);
  }
  writer_.write_site_catalog(site_rows);
  std::vector<LinkCatalogRow> link_rows;
  for (std::size_t l = 0; l < layout_.links.size(); ++l) {
    const auto& link = layout_.links[l];
    LinkCatalogRow row{};
    row.index = static_cast<std::int32_t>(l);
    row.from = layout_.sites[static_cast<std::size_t>(link.a)].name.c_str();
    row.to = layout_.sites[static_cast<std::size_t>(link.b)].name.c_str();
    row.bandwidth_bps = link.bandwidth_bps;
    row.latency_s = link.latency_s;
    row.distance_km = link.distance_km;
    link_rows.push_back(row);
  }
  writer_.write_link_catalog(link_rows);
}

void TraceRecorder::event(double now_s, const char* kind, std::string_view subject, std::int64_t job,
                          std::string_view detail) {
  writer_.append_event(now_s, kind, subject, job, detail);  // the writer copies the texts once
}

namespace {
std::int64_t job_id(const JobSnapshot& job) { return job.job != nullptr ? static_cast<std::int64_t>(job.job->id) : -1; }
}  // namespace

void TraceRecorder::transfer_rerouted(double now_s, const JobSnapshot& job, const std::string& cut_links,
                                      const std::string& detail) {
  event(now_s, "transfer_rerouted", cut_links, job_id(job), detail);
}

void TraceRecorder::transfer_failed(double now_s, const JobSnapshot& job, const std::string& subject,
                                    const std::string& detail) {
  event(now_s, "transfer_failed", subject, job_id(job), detail);
}

void TraceRecorder::job_interrupted(double now_s, const JobSnapshot& job, double, const std::string& detail) {
  event(now_s, "job_interrupted", site_name(job.site), job_id(job), detail);
}

void TraceRecorder::job_suspended(double now_s, const JobSnapshot& job, double, const std::string& detail) {
  event(now_s, "job_suspended", site_name(job.site), job_id(job), detail);
}

void TraceRecorder::job_resubmitted(double now_s, const JobSnapshot& job, const std::string& why) {
  event(now_s, "job_resubmitted", site_name(job.site), job_id(job), why);
}

void TraceRecorder::split_training_ended(double now_s, const JobSnapshot& job, const SplitTrainingStats& stats) {
  char detail[320];
  std::snprintf(detail, sizeof detail,
                "parts=%d scheme=%s steps=%.17g wall_s=%.17g compute_s=%.17g sync_share=%.17g sync_wait_gpu_s=%.17g "
                "wan_bytes=%.17g efficiency=%.17g model_wall_s=%.17g rounds_per_chunk=%d",
                stats.parts, stats.scheme.c_str(), stats.steps, stats.wall_s, stats.compute_s, stats.sync_share,
                stats.sync_wait_gpu_s, stats.wan_bytes, stats.efficiency, stats.model_wall_s, stats.rounds_per_chunk);
  event(now_s, "split_training_ended", site_name(job.site), job_id(job), detail);
}

void TraceRecorder::outage(double now_s, OutageKind kind, const std::string& subject, const std::string& detail) {
  event(now_s, outage_kind_name(kind), subject, -1, detail);
}

void TraceRecorder::job_ended(double now_s, const JobSnapshot& snapshot, JobStatus status, const std::string&) {
  // Called once per job (a million in a national year): the row holds catalog indices only,
  // which the engine already has, so building it copies no name.
  const workloads::Job& job = *snapshot.job;
  JobRow row{};
  row.id = job.id;
  row.kind = static_cast<std::int32_t>(job.kind);
  row.origin = job.origin_hub;
  row.site = snapshot.site >= 0 ? snapshot.site : kNoIndex;
  row.gpu_model = snapshot.gpu_model >= 0 ? snapshot.gpu_model : kNoIndex;
  row.gpus = job.gpus;
  row.gpu_milli = job.gpus == 0 ? 0 : (job.gpus == 1 ? job.gpu_milli : workloads::kMilliPerGpu);
  row.cpu_milli = job.cpu_milli;
  row.memory_mib = job.memory_mib;
  row.submit_s = job.submit_s;
  row.transfer_start_s = snapshot.transfer_start_s;
  row.transfer_end_s = snapshot.transfer_end_s;
  row.start_s = snapshot.start_s;
  row.end_s = status == JobStatus::FINISHED ? now_s : std::numeric_limits<double>::quiet_NaN();
  row.bytes_moved = snapshot.bytes_moved;
  row.status = static_cast<std::uint8_t>(status);
  writer_.append(row);
}

namespace {
bool same_values(const SiteSampleRow& a, const SiteSampleRow& b) {
  return a.busy_gpus == b.busy_gpus && a.total_gpus == b.total_gpus && a.running_jobs == b.running_jobs &&
         a.queued_jobs == b.queued_jobs && a.queued_gpus == b.queued_gpus;
}
bool same_values(const LinkSampleRow& a, const LinkSampleRow& b) {
  return a.bytes == b.bytes && a.utilisation == b.utilisation;
}
}  // namespace

template <typename Row>
void TraceRecorder::write_if_changed(LastRows<Row>& last, const Row& row) {
  if (!last.written || !same_values(last.row, row)) {
    writer_.append(row);
    last.written = true;
    last.row = row;
    last.pending = false;
  } else {
    last.pending = true;  // the same values at a later time, written only as a site's last row
    last.pending_time_s = row.time_s;
  }
}

template <typename Row>
void TraceRecorder::write_pending(LastRows<Row>& last) {
  if (!last.pending) return;
  Row row = last.row;
  row.time_s = last.pending_time_s;
  writer_.append(row);
  last.pending = false;
}

void TraceRecorder::sample(double now_s, std::span<const SiteSample> sites, std::span<const LinkSample> links) {
  // A site's or link's row only when one of its values changed since its last row (and at the
  // last sample, see run_ended): a busy national year repeats most samples. Readers hold a
  // row's values until the next row; /sample_times lists every tick.
  writer_.append_sample_time(now_s);
  for (const SiteSample& s : sites)
    write_if_changed(last_site_rows_.at(static_cast<std::size_t>(s.site)),
                     SiteSampleRow{now_s, s.site, s.busy_gpus, s.total_gpus, s.running_jobs, s.queued_jobs,
                                   static_cast<std::int64_t>(s.queued_gpus)});
  for (const EnergySampleRow& row : energy_.sample_rows(now_s)) writer_.append(row);
  for (const LinkSample& l : links)
    write_if_changed(last_link_rows_.at(2 * static_cast<std::size_t>(l.link) + static_cast<std::size_t>(l.direction)),
                     LinkSampleRow{now_s, l.link, l.direction, l.bytes, l.utilisation});
}

void TraceRecorder::placement_sample(double now_s, const PlacementSample& s) {
  writer_.append(PlacementSampleRow{now_s, s.site, s.requested_gpus, s.allocated_gpus, s.fragmented_gpus, s.total_gpus});
}

void TraceRecorder::run_ended(double) {
  // Every site and link direction ends with a row at the last sample, so a reader knows how
  // long the last values held without looking elsewhere.
  for (auto& last : last_site_rows_) write_pending(last);
  for (auto& last : last_link_rows_) write_pending(last);
}

}  // namespace aicn::results
