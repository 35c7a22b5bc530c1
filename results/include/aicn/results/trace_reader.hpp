#pragma once
/// @file trace_reader.hpp
/// Reads a trace written by TraceWriter back into rows (tests, checks, tools).
#include <cstdint>
#include <string>
#include <vector>

#include "aicn/results/trace_rows.hpp"

namespace aicn::results {

/// A /jobs row with its catalog indices resolved to names ("" for kNoIndex).
struct NamedJobRow {
  std::uint64_t id = 0;
  std::string kind;
  std::string origin;
  std::string site;
  std::string gpu_model;
  std::int32_t gpus = 0;
  double submit_s = 0.0;
  double transfer_start_s = 0.0;
  double transfer_end_s = 0.0;
  double start_s = 0.0;
  double end_s = 0.0;
  double bytes_moved = 0.0;
  std::uint8_t status = 0;  ///< JobStatus
};

/// The /jobs rows with names from /catalog; throws std::invalid_argument naming the trace, row
/// and column when an index is not in its catalog.
std::vector<NamedJobRow> read_job_rows(const std::string& trace_path);
/// The /jobs rows as stored (catalog indices).
std::vector<JobRow> read_raw_job_rows(const std::string& trace_path);
/// `/catalog/<name>`: the name of each index.
std::vector<std::string> read_catalog(const std::string& trace_path, const std::string& name);
/// `/sample_times`: every sample tick of the run.
std::vector<double> read_sample_times(const std::string& trace_path);
/// The sample rows as stored: a row only where a site's (a link direction's) values changed,
/// and at the last sample.
std::vector<SiteSampleRow> read_site_samples(const std::string& trace_path);
std::vector<LinkSampleRow> read_link_samples(const std::string& trace_path);
/// One row per site (link direction) at every sample time from its first row on, each stored
/// row's values held until its next row: the samples as the run took them.
std::vector<SiteSampleRow> read_filled_site_samples(const std::string& trace_path);
std::vector<LinkSampleRow> read_filled_link_samples(const std::string& trace_path);
std::vector<EnergySampleRow> read_energy_samples(const std::string& trace_path);
/// An /events row with its texts.
struct NamedEventRow {
  double time_s = 0.0;
  std::string kind;
  std::string subject;
  std::int64_t job = -1;
  std::string detail;
};
std::vector<NamedEventRow> read_event_rows(const std::string& trace_path);
/// A string attribute of /meta ("" when absent).
std::string read_meta_string(const std::string& trace_path, const std::string& name);

}  // namespace aicn::results
