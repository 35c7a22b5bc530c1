#pragma once
/// @file version.hpp
/// Version strings recorded in traces and printed by `aicn --version`. AICN's own and HDF5's
/// come from results/ (aicn/results/version.hpp); the SimGrid version is known only here.
#include <string>

#include "aicn/results/version.hpp"

namespace aicn::sim {

using results::aicn_version;
using results::git_commit;
using results::hdf5_version;
std::string simgrid_version();

}  // namespace aicn::sim
