#pragma once
/// @file trace_format.hpp
/// Which trace reader a file needs, from its content first and its name second, so that
/// `aicn workload stats trace.swf.gz` or an Azure trace saved as `requests.csv` need no spec.
#include <string>
#include <vector>

namespace aicn::workloads {

/// The workload source that reads the trace at `path` ("aicn-csv", "openb", "swf",
/// "mooncake", "azure-llm"), or "" when it is none of them (a YAML spec or scenario). Looks
/// at the first lines (gzip is read through): an SWF `;` header or a line of 18 numbers, a
/// JSON object per line (Mooncake), the header of AICN's CSV, of an openb pod list or of the
/// Azure LLM trace; failing that, the name (*.swf, *.jsonl, openb_pod_list*.csv,
/// AzureLLMInferenceTrace*.csv, *.csv, each also .gz). A file that cannot be read is "" (the
/// YAML loader then names the problem).
std::string detect_trace_source(const std::string& path);

/// The same rules on the first data lines alone ("" when they decide nothing).
std::string trace_source_from_content(const std::vector<std::string>& first_lines);
/// The same rules on a file name alone ("" when it decides nothing).
std::string trace_source_from_name(const std::string& file_name);

/// The names `--format` accepts: every trace source above and "yaml".
const std::vector<std::string>& trace_format_names();

}  // namespace aicn::workloads
