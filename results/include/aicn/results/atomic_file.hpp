#pragma once
/// @file atomic_file.hpp
/// Writes a whole file so that no reader (and no crash) ever leaves half of it: the content
/// goes to `<path>.partial`, which is then renamed over `path`.
#include <filesystem>
#include <string>

namespace aicn::results {

/// Throws OutputError ("cannot write PATH: <strerror>") when the file cannot be written
/// whole (full disk, file size limit, no permission); the partial file is removed then.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

}  // namespace aicn::results
