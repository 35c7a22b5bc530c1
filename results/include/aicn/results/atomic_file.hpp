#pragma once
/// @file atomic_file.hpp
/// Writes a whole file so that no reader (and no crash) ever leaves half of it: the content
/// goes to `<path>.partial`, which is then renamed over `path`.
#include <filesystem>
#include <string>

namespace aicn::results {

/// Throws std::runtime_error naming the temporary file when it cannot be written.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

}  // namespace aicn::results
