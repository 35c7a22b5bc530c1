#pragma once
/// @file output_error.hpp
/// A result that could not be written (full disk, no permission, file too large). The
/// message is the whole sentence `cannot write PATH: <strerror>`; `aicn` prints it as
/// `aicn: error: ...` and exits 1, so a disk fault is never an abort.
#include <filesystem>
#include <stdexcept>
#include <string>

namespace aicn::results {

class OutputError : public std::runtime_error {
 public:
  /// "cannot write PATH: <strerror(error_number)>".
  OutputError(const std::filesystem::path& path, int error_number);
  /// A fault that is not one system call's error (e.g. "PATH is in use by another aicn run").
  explicit OutputError(const std::string& message);

  const std::filesystem::path& path() const { return path_; }
  int error_number() const { return error_number_; }

 private:
  std::filesystem::path path_;
  int error_number_ = 0;
};

/// Runs `write`; a std::filesystem::filesystem_error from it becomes an OutputError naming
/// its path (or `fallback` when it names none).
template <typename Write>
void translating_filesystem_errors(const std::filesystem::path& fallback, Write&& write) {
  try {
    write();
  } catch (const std::filesystem::filesystem_error& e) {
    throw OutputError(e.path1().empty() ? fallback : e.path1(), e.code().value());
  }
}

}  // namespace aicn::results
