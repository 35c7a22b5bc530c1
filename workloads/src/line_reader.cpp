#include "aicn/workloads/line_reader.hpp"

#include <zlib.h>

#include <array>
#include <charconv>
#include <cmath>
#include <sstream>

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

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  std::string field;
  while (std::getline(stream, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

std::optional<double> parse_finite_number(std::string_view text) {
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace aicn::workloads
