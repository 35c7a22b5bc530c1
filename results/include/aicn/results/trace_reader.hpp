#pragma once
/// @file trace_reader.hpp
/// Reads a trace written by TraceWriter back into rows (tests, checks, tools).
#include <string>
#include <vector>

#include "aicn/results/trace_rows.hpp"

namespace aicn::results {

std::vector<JobRow> read_job_rows(const std::string& trace_path);
std::vector<SiteSampleRow> read_site_samples(const std::string& trace_path);
std::vector<LinkSampleRow> read_link_samples(const std::string& trace_path);
std::vector<EnergySampleRow> read_energy_samples(const std::string& trace_path);
std::vector<EventRow> read_event_rows(const std::string& trace_path);
/// A string attribute of /meta ("" when absent).
std::string read_meta_string(const std::string& trace_path, const std::string& name);

}  // namespace aicn::results
