#pragma once
/// @file version.hpp
/// Version strings recorded in traces and printed by `aicn --version`.
#include <string>

namespace aicn::sim {

std::string aicn_version();
std::string git_commit();
std::string simgrid_version();
std::string hdf5_version();

}  // namespace aicn::sim
