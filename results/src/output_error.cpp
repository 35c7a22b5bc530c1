#include "aicn/results/output_error.hpp"

#include <cstring>

namespace aicn::results {
namespace {

// Built by append: GCC 12 warns falsely (-Wrestrict) on a chain of + here.
std::string message_for(const std::filesystem::path& path, int error_number) {
  std::string message = "cannot write ";
  message.append(path.string()).append(": ").append(std::strerror(error_number));
  return message;
}

}  // namespace

OutputError::OutputError(const std::filesystem::path& path, int error_number)
    : std::runtime_error(message_for(path, error_number)),
      path_(path),
      error_number_(error_number) {}

OutputError::OutputError(const std::string& message) : std::runtime_error(message) {}

}  // namespace aicn::results
