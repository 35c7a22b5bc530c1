#pragma once
/// @file line_reader.hpp
/// Reads a text file line by line, plain or gzip-compressed (zlib detects which), counting
/// lines so that every error can name "file:line". Trace readers build on it.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aicn::workloads {

class LineReader {
 public:
  /// Opens `path`; throws config::ConfigError naming the file when it cannot be opened.
  explicit LineReader(const std::string& path);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  /// The next line without its end-of-line characters; false at the end of the file.
  bool next(std::string& line);
  std::size_t line_number() const { return line_number_; }
  const std::string& path() const { return path_; }
  /// "path:line: " for messages.
  std::string where() const;

 private:
  struct Handle;
  std::string path_;
  std::unique_ptr<Handle> handle_;
  std::size_t line_number_ = 0;
};

/// One CSV record's fields, RFC 4180 within a line: a field in double quotes may hold commas
/// and doubled quotes ("H800|A800-80GB", "a ""b"", c" is `a "b", c`); an unquoted field is
/// taken as it is, a stray quote inside it included (some traces write inch marks). A quoted
/// field must close on its line and be followed by a comma or the end: otherwise
/// std::invalid_argument says which field ("field 3: ..."). Records spanning lines are not
/// supported (no trace AICN reads has them).
std::vector<std::string> split_csv(std::string_view line);
/// As split_csv(line), a syntax error a ConfigError at `in`'s file and line.
std::vector<std::string> split_csv(std::string_view line, const LineReader& in);

/// A trace field as a number: the whole of `text` must be one (decimal or exponent form) and
/// finite; nothing otherwise. Readers turn nothing into an error naming file, line and column.
std::optional<double> parse_finite_number(std::string_view text);

}  // namespace aicn::workloads
