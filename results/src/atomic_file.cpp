#include "aicn/results/atomic_file.hpp"

#include <fstream>
#include <stdexcept>

namespace aicn::results {

void write_file_atomically(const std::filesystem::path& path, const std::string& content) {
  const std::filesystem::path temp = path.string() + ".partial";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + temp.string());
    out << content;
    if (!out) throw std::runtime_error("error while writing " + temp.string());
  }
  std::filesystem::rename(temp, path);
}

}  // namespace aicn::results
