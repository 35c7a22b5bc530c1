#include "aicn/sim/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace aicn::sim {

std::shared_ptr<spdlog::logger> logger() {
  static std::shared_ptr<spdlog::logger> instance = [] {
    auto created = spdlog::stderr_color_mt("sim");
    created->set_pattern("[%l] %v");
    return created;
  }();
  return instance;
}

}  // namespace aicn::sim
