#include <simgrid/config.h>
#include <simgrid/version.h>

#include "aicn/sim/version.hpp"

namespace aicn::sim {

std::string simgrid_version() {
  return std::to_string(SIMGRID_VERSION_MAJOR) + "." + std::to_string(SIMGRID_VERSION_MINOR) + "." +
         std::to_string(SIMGRID_VERSION_PATCH);
}

}  // namespace aicn::sim
