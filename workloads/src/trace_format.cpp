#include "aicn/workloads/trace_format.hpp"

#include <sstream>

#include "aicn/topology/config_node.hpp"
#include "aicn/workloads/csv_trace_reader.hpp"
#include "aicn/workloads/line_reader.hpp"

namespace aicn::workloads {
namespace {

/// An SWF job line: 18 whitespace-separated numbers (the standard's fields; -1 for unknown).
bool is_swf_record(const std::string& line) {
  std::istringstream in(line);
  std::string token;
  int count = 0;
  while (in >> token) {
    if (!parse_finite_number(token)) return false;
    ++count;
  }
  return count == 18;
}

}  // namespace

std::string trace_source_from_content(const std::vector<std::string>& first_lines) {
  for (const auto& line : first_lines) {
    if (line.empty()) continue;
    // AICN's CSV may start with '#' comments (`aicn workload generate` writes one); so may
    // YAML, so a comment alone decides nothing.
    if (line[0] == '#') continue;
    if (line[0] == ';' || is_swf_record(line)) return "swf";
    if (line[0] == '{' && line.find("\"timestamp\"") != std::string::npos) return "mooncake";
    if (line.starts_with("TIMESTAMP,ContextTokens,GeneratedTokens")) return "azure-llm";
    if (line.starts_with("name,cpu_milli,memory_mib,num_gpu,")) return "openb";
    if (line.starts_with(CsvTraceReader::kHeader)) return "aicn-csv";
    return "";  // the first line that is not a comment decides
  }
  return "";
}

std::string trace_source_from_name(const std::string& name) {
  const auto has_suffix = [&](const char* suffix) {
    return name.ends_with(suffix) || name.ends_with(std::string(suffix) + ".gz");
  };
  if (name.starts_with("openb_pod_list") && has_suffix(".csv")) return "openb";
  if (name.starts_with("AzureLLMInferenceTrace") && has_suffix(".csv")) return "azure-llm";
  if (has_suffix(".csv")) return "aicn-csv";
  if (has_suffix(".swf")) return "swf";
  if (has_suffix(".jsonl")) return "mooncake";
  return "";
}

std::string detect_trace_source(const std::string& path) {
  std::vector<std::string> lines;
  try {
    LineReader in(path);
    std::string line;
    // A handful of lines: comments first, then the header or first record.
    for (int i = 0; i < 64 && in.next(line); ++i) {
      lines.push_back(line.substr(0, 4096));
      if (!line.empty() && line[0] != '#') break;
    }
  } catch (const config::ConfigError&) {
    lines.clear();  // unreadable (or a broken gzip stream): the name may still tell
  }
  const std::string by_content = trace_source_from_content(lines);
  if (!by_content.empty()) return by_content;
  const std::size_t slash = path.find_last_of('/');
  return trace_source_from_name(slash == std::string::npos ? path : path.substr(slash + 1));
}

const std::vector<std::string>& trace_format_names() {
  static const std::vector<std::string> names{"aicn-csv", "openb", "swf", "mooncake", "azure-llm", "yaml"};
  return names;
}

}  // namespace aicn::workloads
