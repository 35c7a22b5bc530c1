// The lease CSV (lease_sources.hpp): rows become YAML flow mappings on their own lines, so
// parse_leases checks every value and its errors name the CSV's file and line.
#include <set>

#include "aicn/workloads/lease_sources.hpp"
#include "aicn/workloads/line_reader.hpp"

namespace aicn::workloads {
namespace {

const std::set<std::string, std::less<>> kColumns{"id", "lessee", "site", "hub", "gpu", "gpus",
                                                  "start", "term", "tier", "price"};

[[noreturn]] void fail_at(const std::string& origin, std::size_t line, const std::string& message) {
  throw config::ConfigError(origin + ":" + std::to_string(line) + ": " + message);
}

/// `text` as a YAML double-quoted scalar.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::vector<std::string> fields_of(std::string_view line, const std::string& origin, std::size_t number) {
  try {
    return split_csv(line);
  } catch (const std::invalid_argument& e) {
    fail_at(origin, number, e.what());
  }
}

}  // namespace

config::ConfigNode lease_csv_node(std::string_view text, const std::string& origin) {
  // Every CSV line gives exactly one YAML line: blank lines stay blank, the header opens a
  // flow sequence, each row is one flow mapping of it. So YAML line n is CSV line n.
  std::vector<std::string> columns;
  std::string yaml;
  bool any_row = false;
  std::size_t number = 0, start = 0;
  for (bool more = true; more;) {
    std::size_t end = text.find('\n', start);
    more = end != std::string_view::npos;
    if (!more) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    for (char c : line)
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t') fail_at(origin, number, "a control character in the line");
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      yaml += "\n";
      continue;
    }
    const std::vector<std::string> fields = fields_of(line, origin, number);
    if (columns.empty()) {
      std::set<std::string> seen;
      for (const std::string& name : fields) {
        if (kColumns.find(name) == kColumns.end())
          fail_at(origin, number,
                  "unknown column '" + name + "' (known: id, lessee, site, hub, gpu, gpus, start, term, tier, price)");
        if (!seen.insert(name).second) fail_at(origin, number, "the column '" + name + "' is given twice");
      }
      columns = fields;
      yaml += "[\n";
      continue;
    }
    if (fields.size() != columns.size())
      fail_at(origin, number, "a row of " + std::to_string(fields.size()) + " fields, but the header has " +
                                  std::to_string(columns.size()) + " columns");
    yaml += any_row ? ", {" : "{";
    bool first = true;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].empty()) continue;
      if (!first) yaml += ", ";
      yaml += columns[i];
      yaml += ": ";
      yaml += quoted(fields[i]);
      first = false;
    }
    yaml += "}\n";
    any_row = true;
  }
  if (columns.empty())
    fail_at(origin, 1, "no header: a lease CSV starts with its column names (id, lessee, site, gpu, gpus, term, ...)");
  yaml += "]\n";
  return config::ConfigNode::load_text(yaml, origin);
}

}  // namespace aicn::workloads
