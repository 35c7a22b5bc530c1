#include "aicn/results/trace_recorder.hpp"

#include <limits>
#include <vector>

namespace aicn::results {

TraceRecorder::TraceRecorder(TraceWriter& writer, const topology::Layout& layout, const EnergyAccountant& energy)
    : writer_(writer), layout_(layout), energy_(energy) {}

std::string_view TraceRecorder::site_name(int site) const {
  return site >= 0 ? std::string_view(layout_.sites[static_cast<std::size_t>(site)].name) : std::string_view();
}

void TraceRecorder::write_catalogs() {
  std::vector<SiteCatalogRow> site_rows;
  for (std::size_t s = 0; s < layout_.sites.size(); ++s) {
    const auto& site = layout_.sites[s];
    const auto& hub = layout_.hubs[static_cast<std::size_t>(site.hub)];
    SiteCatalogRow row{};
    row.index = static_cast<std::int32_t>(s);
    copy_name(row.name, site.name);
    copy_name(row.hub, hub.name);
    copy_name(row.side, hub.side == topology::Side::EAST ? "east" : "west");
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
    copy_name(row.from, site_name(link.a));
    copy_name(row.to, site_name(link.b));
    row.bandwidth_bps = link.bandwidth_bps;
    row.latency_s = link.latency_s;
    row.distance_km = link.distance_km;
    link_rows.push_back(row);
  }
  writer_.write_link_catalog(link_rows);
}

void TraceRecorder::event(double now_s, const char* kind, std::string_view subject, std::int64_t job,
                          std::string_view detail) {
  EventRow row{};
  row.time_s = now_s;
  copy_name(row.kind, kind);
  copy_name(row.subject, subject);
  row.job = job;
  copy_name(row.detail, detail);
  writer_.append(row);
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

void TraceRecorder::job_resubmitted(double now_s, const JobSnapshot& job, const std::string& why) {
  event(now_s, "job_resubmitted", site_name(job.site), job_id(job), why);
}

void TraceRecorder::outage(double now_s, OutageKind kind, const std::string& subject, const std::string& detail) {
  event(now_s, outage_kind_name(kind), subject, -1, detail);
}

void TraceRecorder::job_ended(double now_s, const JobSnapshot& snapshot, JobStatus status, const std::string&) {
  // Called once per job (100k+ in a national run): names are copied from the layout's and the
  // catalogue's strings as views, with no string built per row.
  const workloads::Job& job = *snapshot.job;
  JobRow row{};
  row.id = job.id;
  copy_name(row.kind, workloads::job_kind_name(job.kind));
  copy_name(row.origin, layout_.hubs[static_cast<std::size_t>(job.origin_hub)].name);
  copy_name(row.site, site_name(snapshot.site));
  if (snapshot.gpu_model >= 0) copy_name(row.gpu_model, topology::gpu_model(snapshot.gpu_model).name);
  row.gpus = job.gpus;
  row.submit_s = job.submit_s;
  row.transfer_start_s = snapshot.transfer_start_s;
  row.transfer_end_s = snapshot.transfer_end_s;
  row.start_s = snapshot.start_s;
  row.end_s = status == JobStatus::FINISHED ? now_s : std::numeric_limits<double>::quiet_NaN();
  row.bytes_moved = snapshot.bytes_moved;
  row.status = static_cast<std::uint8_t>(status);
  writer_.append(row);
}

void TraceRecorder::sample(double now_s, std::span<const SiteSample> sites, std::span<const LinkSample> links) {
  for (const SiteSample& s : sites)
    writer_.append(SiteSampleRow{now_s, s.site, s.busy_gpus, s.total_gpus, s.running_jobs, s.queued_jobs,
                                 static_cast<std::int64_t>(s.queued_gpus)});
  for (const EnergySampleRow& row : energy_.sample_rows(now_s)) writer_.append(row);
  for (const LinkSample& l : links) writer_.append(LinkSampleRow{now_s, l.link, l.direction, l.bytes, l.utilisation});
}

}  // namespace aicn::results
