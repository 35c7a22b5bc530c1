#include "aicn/workloads/line_reader.hpp"

#include <zlib.h>

#include <array>
#include <charconv>
#include <cmath>
#include <algorithm>
#include <stdexcept>
#include <string>

#include "aicn/topology/config_node.hpp"

namespace aicn::workloads {

struct LineReader::Handle {
  gzFile file = nullptr;
};

LineReader::LineReader(const std::string& path) : path_(path), handle_(std::make_unique<Handle>()) {
  // gzopen reads uncompressed files transparently, so one reader serves .csv and .csv.gz.
  handle_->file = gzopen(path.c_str(), "rb");
  if (handle_->file == nullptr) throw config::ConfigError(path + ": cannot open trace file");
  gzbuffer(handle_->file, 1 << 16);
}

LineReader::~LineReader() {
  if (handle_ && handle_->file != nullptr) gzclose(handle_->file);
}

bool LineReader::next(std::string& line) {
  line.clear();
  std::array<char, 4096> buffer{};
  bool any = false;
  while (gzgets(handle_->file, buffer.data(), static_cast<int>(buffer.size())) != nullptr) {
    any = true;
    line += buffer.data();
    if (!line.empty() && line.back() == '\n') break;
  }
  if (!any) {
    int code = Z_OK;
    const char* message = gzerror(handle_->file, &code);
    if (code != Z_OK && code != Z_STREAM_END)
      throw config::ConfigError(where() + "cannot read past this line: " + message);
    return false;
  }
  ++line_number_;
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return true;
}

std::string LineReader::where() const { return path_ + ":" + std::to_string(line_number_) + ": "; }

std::vector<std::string> split_csv(std::string_view line) {
  std::vector<std::string> fields;
  std::size_t at = 0;
  while (true) {
    std::string field;
    if (at < line.size() && line[at] == '"') {
      // A quoted field: up to the quote that is not doubled.
      ++at;
      while (true) {
        const std::size_t quote = line.find('"', at);
        if (quote == std::string_view::npos)
          throw std::invalid_argument("field " + std::to_string(fields.size() + 1) +
                                      ": a quoted field does not end on its line (no closing '\"')");
        field.append(line.substr(at, quote - at));
        at = quote + 1;
        if (at < line.size() && line[at] == '"') {
          field += '"';
          ++at;
          continue;
        }
        break;
      }
      if (at < line.size() && line[at] != ',')
        throw std::invalid_argument("field " + std::to_string(fields.size() + 1) + ": text after the closing quote ('" +
                                    std::string(line.substr(at, 16)) + "'); quote the whole field");
    } else {
      const std::size_t comma = std::min(line.find(',', at), line.size());
      field.assign(line.substr(at, comma - at));
      at = comma;
    }
    fields.push_back(std::move(field));
    if (at >= line.size()) break;
    ++at;  // the comma; a comma at the very end leaves one empty field after it
  }
  // An empty line has no fields (as before: readers skip it or count its fields as 0).
  if (line.empty()) fields.clear();
  return fields;
}

std::vector<std::string> split_csv(std::string_view line, const LineReader& in) {
  try {
    return split_csv(line);
  } catch (const std::invalid_argument& e) {
    throw config::ConfigError(in.where() + e.what());
  }
}

std::optional<double> parse_finite_number(std::string_view text) {
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace aicn::workloads
